import type { Condition } from '../../conditions';
import type { Frequency, FrequencyInput } from './frequency';

export type { Condition } from '../../conditions';

/** How a trigger's conditions combine. */
export const MATCH_MODES = ['all', 'any'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

/** Who a message appears to come from: the next agent from the queue, or a named sender. */
export const SENDER_TYPES = ['queue', 'custom'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/** The two action types; the wire names are Rocket.Chat's. */
export const ACTION_NAMES = ['send-message', 'use-external-service'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** `name` is present only for a `custom` sender. */
export interface SenderParams {
  readonly sender: SenderType;
  readonly name?: string;
}

export interface SendMessageParams extends SenderParams {
  readonly msg: string;
}

export interface UseExternalServiceParams extends SenderParams {
  readonly serviceUrl: string;
  readonly serviceTimeout: number;
  readonly serviceFallbackMessage: string;
}

export type Action =
  { readonly name: 'send-message'; readonly params: SendMessageParams } | { readonly name: 'use-external-service'; readonly params: UseExternalServiceParams };

/** Everything an admin decides about a trigger, with every default applied. */
export interface TriggerDefinition {
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly runOnce: boolean;
  readonly priority: number;
  readonly match: MatchMode;
  readonly conditions: readonly Condition[];
  readonly actions: readonly Action[];
  /** The half-open span `[activeFrom, activeUntil)` outside which it does not fire (DESIGN §13); null: unbounded. */
  readonly activeFrom: Date | null;
  readonly activeUntil: Date | null;
  /** How often it may fire for one visitor (DESIGN §14); null: every time (or once, with `runOnce`). */
  readonly frequency: Frequency | null;
}

/** A saved trigger: the definition plus what the server keeps. */
export interface TriggerRecord extends TriggerDefinition {
  readonly id: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Something worth telling the admin that does not stop the save (not stored). */
export interface TriggerWarning {
  readonly code: string;
  readonly message: string;
  /** The field it is about, e.g. `conditions[0].value`. */
  readonly path: string;
}

/** A condition as received (any of the three forms, DESIGN §11): checked and normalized by `parseConditions`. */
export type ConditionInput = unknown;

/** Action params as received: optional fields may be missing. */
export interface ActionParamsInput {
  readonly sender?: SenderType;
  readonly name?: string;
  readonly msg?: string;
  readonly serviceUrl?: string;
  readonly serviceTimeout?: number;
  readonly serviceFallbackMessage?: string;
}

export interface ActionInput {
  readonly name: ActionName;
  readonly params: ActionParamsInput;
}

/** A full definition as received (create and replace): omitted optional fields take their defaults. */
export interface TriggerInput {
  readonly name: string;
  readonly description?: string;
  readonly enabled?: boolean;
  readonly runOnce?: boolean;
  readonly priority?: number;
  readonly match?: MatchMode;
  readonly conditions: readonly ConditionInput[];
  readonly actions: readonly ActionInput[];
  /** ISO 8601 with `Z` or an offset (checked by the DTO); null or omitted: unbounded. */
  readonly activeFrom?: string | Date | null;
  readonly activeUntil?: string | Date | null;
  /** Shape-checked by the DTO; refused together with `runOnce: true`. */
  readonly frequency?: FrequencyInput | Frequency | null;
}

/** A partial change: any subset of the fields; arrays replace the stored ones whole. */
export type TriggerPatch = Partial<TriggerInput>;
