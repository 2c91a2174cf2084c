import type { ResolvedAction } from '../actions/resolved-action';

export interface FiredTrigger {
  readonly triggerId: string;
  readonly triggerName: string;
  /** This firing of this visitor (DESIGN §14): what a `message-dismissed` event names. */
  readonly firingId: string;
  readonly actions: readonly ResolvedAction[];
}

/** What an event answers (DESIGN §3): the triggers fired, with their messages, and those to schedule. */
export interface EventOutcome {
  readonly fired: readonly FiredTrigger[];
  readonly scheduled: readonly { readonly triggerId: string; readonly afterSeconds: number }[];
}
