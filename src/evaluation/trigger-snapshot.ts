import { PageUrlSet } from '../conditions';
import { CandidateIndex } from './candidate-index';
import { byFiringOrder, type CompiledTrigger, type EvaluableTrigger } from './compiled-trigger';
import { NO_SCHEDULES, type ScheduleBook } from './event-context';
import { NO_BUDGET, type ProactiveBudget } from './limits';

/**
 * A set of triggers at one moment, compiled and in firing order, with what makes an event
 * cheap to decide: every page-URL pattern matched in one pass (PageUrlSet) and the triggers
 * an event can move at all (CandidateIndex), and the schedules its rules read. Views derived from the snapshot (the widget
 * config and its ETag, say) are computed once per snapshot.
 */
export class TriggerSnapshot<T extends EvaluableTrigger = EvaluableTrigger> {
  /** In firing order. */
  readonly triggers: readonly CompiledTrigger<T>[];
  readonly pageUrls: PageUrlSet;
  readonly candidates: CandidateIndex<CompiledTrigger<T>>;
  private readonly derived = new Map<string, unknown>();

  /**
   * @param schedules every schedule, compiled, by lower-case id: what `schedule` rules read
   * (loaded with the triggers and replaced with them, so an event reads no schedule from storage)
   * @param budget the proactive budget (DESIGN §14), held beside the triggers for the same reason
   */
  constructor(
    triggers: readonly CompiledTrigger<T>[],
    readonly schedules: ScheduleBook = NO_SCHEDULES,
    readonly budget: ProactiveBudget = NO_BUDGET,
  ) {
    this.triggers = [...triggers].sort((a, b) => byFiringOrder(a.trigger, b.trigger));
    this.pageUrls = new PageUrlSet(this.triggers.flatMap((t) => t.pageUrlMatchers));
    this.candidates = new CandidateIndex(this.triggers);
  }

  /** `build(this)`, computed on the first call for `key` and kept as long as the snapshot. */
  derive<V>(key: string, build: (snapshot: this) => V): V {
    if (!this.derived.has(key)) this.derived.set(key, build(this));
    return this.derived.get(key) as V;
  }
}
