import type { EventType, PageUrlMatcher } from '../conditions';
import type { CompiledTrigger } from './compiled-trigger';

const NONE: readonly never[] = Object.freeze([]);

/**
 * The triggers an event can move at all, so that an event evaluates those and not every
 * enabled trigger (perf: the per-trigger loop was the largest share of our own code in the
 * events route's profile). A trigger that combines with `all` cannot fire or be scheduled
 *
 * - without the event of a top-level edge condition (edge conditions are false on every
 *   other event, and an `all` trigger with an edge condition is never scheduled), nor
 * - when its URL does not match a top-level page-URL pattern (a URL mismatch cannot be waited out),
 *
 * so such a trigger is filed under one event or one pattern and only looked at when the
 * event is that event or the URL matched that pattern. Every other trigger (`any`, or `all`
 * without such a condition) is looked at on every event, except a `custom` event, which
 * looks only at the triggers with a `custom-event` rule (DESIGN §16). What is looked at is then
 * decided by `evaluateTrigger` as before: the index only leaves out triggers whose
 * answer is a skip, and keeps firing order.
 */
export class CandidateIndex<T extends CompiledTrigger> {
  /** Positions in firing order. */
  private readonly everyEvent: number[] = [];
  private readonly byEvent = new Map<EventType, number[]>();
  private readonly byPattern = new Map<PageUrlMatcher, number[]>();
  /** The triggers a `custom` event evaluates: those with a `custom-event` rule (DESIGN §16). */
  private readonly customEvent: T[] = [];

  constructor(private readonly triggers: readonly T[]) {
    triggers.forEach((compiled, position) => this.file(compiled, position));
  }

  /**
   * The triggers, in firing order, that an event of `eventType` whose URL matched the
   * patterns `matchingUrlPatterns` (PageUrlSet, for these triggers) could fire or schedule.
   */
  forEvent(eventType: EventType, matchingUrlPatterns: ReadonlySet<unknown>): readonly T[] {
    if (eventType === 'custom') return this.customEvent;
    const forEvent = this.byEvent.get(eventType);
    if (this.everyEvent.length === 0 && !forEvent && matchingUrlPatterns.size === 0) return NONE; // most events
    const positions = [...this.everyEvent, ...(forEvent ?? [])];
    for (const matcher of matchingUrlPatterns) {
      const filed = this.byPattern.get(matcher as PageUrlMatcher);
      if (filed) positions.push(...filed);
    }
    // a trigger is filed once, so positions hold no duplicates
    return positions.sort((a, b) => a - b).map((position) => this.triggers[position]);
  }

  private file(compiled: T, position: number): void {
    if (compiled.hearsCustomEvents) this.customEvent.push(compiled);
    if (compiled.edgeEvent) return push(this.byEvent, compiled.edgeEvent, position);
    if (compiled.requiredPageUrl) return push(this.byPattern, compiled.requiredPageUrl, position);
    this.everyEvent.push(position);
  }
}

function push<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}
