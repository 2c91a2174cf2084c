import type { PageUrlSet } from '../conditions';
import { CandidateIndex, CompiledTrigger, pageUrlSetOf } from '../evaluation';
import type { TriggerRecord } from '../triggers/model/trigger.types';

/**
 * The enabled triggers at one moment, compiled and in firing order. Views derived from
 * them (the widget config and its ETag, say) are computed once per snapshot.
 */
export class TriggerSnapshot {
  private readonly derived = new Map<string, unknown>();
  /** Every page-URL pattern of these triggers, matched in one pass per event. */
  readonly pageUrls: PageUrlSet;
  /** Which of these triggers an event can move at all. */
  readonly candidates: CandidateIndex<CompiledTrigger<TriggerRecord>>;

  constructor(
    readonly generation: number,
    readonly triggers: readonly CompiledTrigger<TriggerRecord>[],
  ) {
    this.pageUrls = pageUrlSetOf(triggers);
    this.candidates = new CandidateIndex(triggers);
  }

  derive<T>(key: string, build: (snapshot: TriggerSnapshot) => T): T {
    if (!this.derived.has(key)) this.derived.set(key, build(this));
    return this.derived.get(key) as T;
  }
}
