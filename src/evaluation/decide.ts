import type { ConditionName, EventType, VisitorContext } from '../conditions';
import type { CompiledTrigger, EvaluableTrigger } from './compiled-trigger';
import type { TriggerSnapshot } from './trigger-snapshot';

/** What the decision knows of the visitor (DESIGN §3, §6). */
export interface VisitorFacts {
  readonly registered: boolean;
  /** When the current visit began: time on site counts from it when the event does not say. */
  readonly visitStartedAt: Date;
  /** Run-once triggers this visitor has been shown. */
  readonly runOnceShown: ReadonlySet<string>;
}

/** What the widget reported. */
export interface EventFacts {
  readonly type: EventType;
  readonly url: string;
  /** Measured by the widget; otherwise counted from the visit's start. */
  readonly timeOnSiteSeconds?: number;
}

export type BlockedBy = 'disabled' | 'run-once-consumed' | 'registered-visitor';

/** One trigger's answer to one event. */
export type Verdict =
  { readonly outcome: 'fire' } | { readonly outcome: 'schedule'; readonly afterSeconds: number } | { readonly outcome: 'skip'; readonly blockedBy?: BlockedBy };

export interface ConditionReason {
  readonly condition: ConditionName;
  readonly met: boolean;
  readonly detail: string;
}

export interface ScheduledTrigger<T> {
  readonly trigger: T;
  /** The widget reports a `time-on-site` event after this many seconds. */
  readonly afterSeconds: number;
}

/** A trigger's verdict with every condition's reason: the trace explain answers. */
export interface TracedVerdict<T> {
  readonly trigger: T;
  readonly verdict: Verdict;
  readonly reasons: readonly ConditionReason[];
}

/** What an event does: the triggers that fire now and those to fire after a wait, in firing order. */
export interface Plan<T> {
  readonly fire: readonly T[];
  readonly schedule: readonly ScheduledTrigger<T>[];
  /** With `trace`: every trigger of the snapshot, in firing order, with its verdict and reasons. */
  readonly trace?: readonly TracedVerdict<T>[];
}

const FIRE: Verdict = Object.freeze({ outcome: 'fire' });
const SKIP: Verdict = Object.freeze({ outcome: 'skip' });

/**
 * THE decision (DESIGN §3): what one event of one visitor does with a snapshot of triggers.
 * A trigger fires when it is enabled, its run-once was not shown to this visitor, it suits
 * the visitor (once registered, only triggers with an `after-guest-registration` condition),
 * and its conditions combine to true (`all` or `any`). A trigger that would fire once enough
 * time on site has passed is scheduled with the smallest wait that makes it fire: the
 * longest unmet wait with `all`, the shortest with `any`. The widget reports the wait's end
 * as a `time-on-site` event, on which edge conditions are false, so an `all` trigger with an
 * edge condition is never scheduled.
 *
 * The events route and explain both call it. Explain asks for the `trace`: every trigger is
 * evaluated and every condition's reason kept. Without it only the triggers the event can
 * move are evaluated (the snapshot's CandidateIndex leaves out triggers whose verdict would
 * be a skip), cheapest conditions first, and the common verdicts allocate nothing.
 *
 * Run-once: what fires is claimed before its actions run (a committed claim per visitor and
 * trigger), so of concurrent events exactly one fires it whatever `runOnceShown` says.
 */
export function decide<T extends EvaluableTrigger>(
  snapshot: TriggerSnapshot<T>,
  visitor: VisitorFacts,
  event: EventFacts,
  now: Date,
  options: { readonly trace?: boolean } = {},
): Plan<T> {
  const matchingUrlPatterns = snapshot.pageUrls.matching(event.url);
  const context: VisitorContext = {
    eventType: event.type,
    url: event.url,
    timeOnSiteSeconds: timeOnSiteSeconds(event.timeOnSiteSeconds, visitor.visitStartedAt, now),
    matchingUrlPatterns,
  };
  const fire: T[] = [];
  const schedule: ScheduledTrigger<T>[] = [];
  const trace: TracedVerdict<T>[] | undefined = options.trace ? [] : undefined;
  const triggers = trace ? snapshot.triggers : snapshot.candidates.forEvent(event.type, matchingUrlPatterns);
  for (const compiled of triggers) {
    const verdict = verdictOf(compiled, context, visitor);
    if (verdict.outcome === 'fire') fire.push(compiled.trigger);
    else if (verdict.outcome === 'schedule') schedule.push({ trigger: compiled.trigger, afterSeconds: verdict.afterSeconds });
    trace?.push({ trigger: compiled.trigger, verdict, reasons: reasonsOf(compiled, context) });
  }
  return trace ? { fire, schedule, trace } : { fire, schedule };
}

/** The event's own measure when the widget sent one; otherwise the seconds since the visit began. */
export function timeOnSiteSeconds(reported: number | undefined, visitStartedAt: Date, now: Date): number {
  if (reported !== undefined) return reported;
  return Math.max(0, Math.floor((now.getTime() - visitStartedAt.getTime()) / 1000));
}

function verdictOf(compiled: CompiledTrigger, context: VisitorContext, visitor: VisitorFacts): Verdict {
  const blockedBy = blocker(compiled, visitor);
  if (blockedBy) return { outcome: 'skip', blockedBy };
  const all = compiled.trigger.match === 'all';
  let longestWait = 0;
  let shortestWait = Infinity;
  let unmet = false;
  for (const condition of compiled.byCost) {
    const result = condition.type.test(condition.compiled, context);
    if (result.met) {
      if (!all) return FIRE;
      continue;
    }
    unmet = true;
    if (result.waitSeconds === undefined) {
      if (all) return SKIP;
      continue;
    }
    longestWait = Math.max(longestWait, result.waitSeconds);
    shortestWait = Math.min(shortestWait, result.waitSeconds);
  }
  if (all) {
    if (!unmet) return FIRE;
    return compiled.edgeEvent !== undefined ? SKIP : { outcome: 'schedule', afterSeconds: longestWait };
  }
  return shortestWait === Infinity ? SKIP : { outcome: 'schedule', afterSeconds: shortestWait };
}

function blocker(compiled: CompiledTrigger, visitor: VisitorFacts): BlockedBy | undefined {
  if (!compiled.trigger.enabled) return 'disabled';
  if (compiled.trigger.runOnce && visitor.runOnceShown.has(compiled.trigger.id)) return 'run-once-consumed';
  if (visitor.registered && !compiled.forRegisteredVisitors) return 'registered-visitor';
  return undefined;
}

/** Every condition's reason, in the trigger's order. */
function reasonsOf(compiled: CompiledTrigger, context: VisitorContext): ConditionReason[] {
  return compiled.conditions.map(({ name, type, compiled: value }) => {
    const { met, detail } = type.evaluate(value, context);
    return { condition: name, met, detail };
  });
}
