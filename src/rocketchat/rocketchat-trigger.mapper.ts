import { conditionType, isConditionName, type RocketChatCondition } from '../conditions';
import type { TriggerView } from '../triggers/model/trigger-view';
import type { Action, ActionInput, ActionParamsInput, Condition, ConditionInput, TriggerInput } from '../triggers/model/trigger.types';

/**
 * Pure mapping between Rocket.Chat's trigger document (`ILivechatTrigger`) and the native
 * trigger. No rule lives here: whatever the native model refuses is refused by the native
 * checks the mapped input goes through.
 */

export type RcConditionValue = string;

export interface RcCondition {
  readonly name: string;
  readonly value: RcConditionValue;
}

export interface RcAction {
  readonly name: Action['name'];
  readonly params: Readonly<Record<string, unknown>>;
}

/** `ILivechatTrigger` as Rocket.Chat's REST API answers it. */
export interface RcTrigger {
  readonly _id: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly runOnce: boolean;
  /** Rocket.Chat's conditions as its API types them; rules and groups as stored (DESIGN §11). */
  readonly conditions: readonly (RcCondition | Condition)[];
  readonly actions: readonly RcAction[];
  readonly _updatedAt: string;
}

/** The body of Rocket.Chat's `POST livechat/triggers`, after its schema was checked. */
export interface RcTriggerBody {
  readonly _id?: string | null;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly runOnce: boolean;
  readonly conditions: readonly { readonly name: string; readonly value?: string | number | null }[];
  readonly actions: readonly { readonly name: string; readonly params?: object | null }[];
}

/** The fields a Rocket.Chat client decides; `priority` and `match` are native-only and kept as stored. */
export type RcTriggerFields = Pick<TriggerInput, 'name' | 'description' | 'enabled' | 'runOnce' | 'conditions' | 'actions'>;

/**
 * Condition values as Rocket.Chat's `POST` schema types them (a string): its API stores what
 * it was sent, coerced to a string, so its clients read strings back, and a document read
 * here can be posted back unchanged. Edge conditions (no value natively) read as `""`, which
 * is what Rocket.Chat's admin UI sends for them.
 */
export function toRcConditionValue(condition: RocketChatCondition): RcConditionValue {
  return condition.value === null ? '' : String(condition.value);
}

/** A Rocket.Chat condition in Rocket.Chat's form; a rule or a group as stored. */
export function toRcCondition(condition: Condition): RcCondition | Condition {
  return isConditionName(condition.name) ? { name: condition.name, value: toRcConditionValue(condition as RocketChatCondition) } : condition;
}

function toRcParams(action: Action): Readonly<Record<string, unknown>> {
  const { sender, name } = action.params;
  // Rocket.Chat's typings give every action a `name`; natively a queue sender has none
  const common = { sender, name: name ?? '' };
  if (action.name === 'send-message') return { ...common, msg: action.params.msg };
  const { serviceUrl, serviceTimeout, serviceFallbackMessage } = action.params;
  return { ...common, serviceUrl, serviceTimeout, serviceFallbackMessage };
}

export function toRcTrigger(view: TriggerView): RcTrigger {
  return {
    _id: view.id,
    name: view.name,
    description: view.description,
    enabled: view.enabled,
    runOnce: view.runOnce,
    conditions: view.conditions.map(toRcCondition),
    actions: view.actions.map((action) => ({ name: action.name, params: toRcParams(action) })),
    _updatedAt: view.updatedAt,
  };
}

/**
 * Rocket.Chat sends a value with every condition, `""` for the edge conditions that take
 * none: for those it is accepted and dropped (DESIGN §10); any other value goes to the native
 * checks as it came (a numeric time-on-site string becomes a number there).
 */
function fromRcCondition(condition: RcTriggerBody['conditions'][number]): ConditionInput {
  const edge = isConditionName(condition.name) && conditionType(condition.name).kind === 'edge';
  return { name: condition.name, value: edge ? null : condition.value };
}

/** `null` optional fields mean "not given" to Rocket.Chat's schema. */
function withoutNulls(params: object | null | undefined): ActionParamsInput {
  return Object.fromEntries(Object.entries(params ?? {}).filter(([, value]) => value !== null && value !== undefined));
}

export function fromRcTriggerBody(body: RcTriggerBody): RcTriggerFields {
  return {
    name: body.name,
    description: body.description,
    enabled: body.enabled,
    runOnce: body.runOnce,
    conditions: body.conditions.map(fromRcCondition),
    actions: body.actions.map((action): ActionInput => ({ name: action.name as ActionInput['name'], params: withoutNulls(action.params) })),
  };
}
