import type { ResolvedSender } from '../senders/sender';
import type { ActionName } from '../triggers/model/trigger.types';

export interface Message {
  readonly msg: string;
  readonly order: number;
}

/** Where an action's messages came from: its own text, the external service, or its fallback text. */
export const MESSAGE_SOURCES = ['static', 'external', 'fallback'] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];
/** One action of a fired trigger, ready for the widget to render. */
export interface ResolvedAction {
  readonly name: ActionName;
  readonly source: MessageSource;
  /** Null when the action delivered nothing before a sender was needed (no agent was picked for it). */
  readonly sender: ResolvedSender | null;
  readonly messages: readonly Message[];
  readonly error?: string;
  readonly reason?: string;
}

/** An action delivers when it yields at least one message (DESIGN §3). */
export const delivered = (action: ResolvedAction): boolean => action.messages.length > 0;
