import { type EventType, holds, type LeafName } from '../conditions';
import { type CompiledTrigger, type EvaluableTrigger, isActiveAt } from './compiled-trigger';
import { type AvailableAgents, EventContext, NO_REQUEST, type RequestFacts } from './event-context';
import { blockedAfterWait, budgetBlock, frequencyBlock, isProactiveEvent, type LimitBlock, limitsAnything, type LimitState } from './limits';
import type { TriggerSnapshot } from './trigger-snapshot';

/** What the decision knows of the visitor (DESIGN §3, §6, §11). */
export interface VisitorFacts {
  readonly registered: boolean;
  /** When the current visit began: time on site counts from it when the event does not say. */
  readonly visitStartedAt: Date;
  /** The last page view of the visit known here: time on page counts from it when the event does not say. */
  readonly pageViewedAt?: Date;
  /** Run-once triggers this visitor has been shown. */
  readonly runOnceShown: ReadonlySet<string>;
  readonly departmentId?: string;
  /** Given at registration. */
  readonly language?: string;
  readonly visitCount: number;
  readonly chatsOpened: number;
  /** The visit's referrer (`""`: direct). */
  readonly referrer?: string;
  readonly metadata: readonly { readonly key: string; readonly value: string }[];
  /**
   * What the visitor used of every limit (DESIGN §14), when it was read: explain, and an
   * event that would schedule a limited trigger. Without it the limits block nothing here
   * (an event's claims enforce them when its triggers fire).
   */
  readonly limitsUsed?: LimitState;
}

/** What the widget reported. */
export interface EventFacts {
  readonly type: EventType;
  readonly url: string;
  /** Measured by the widget; otherwise counted from the visit's start. */
  readonly timeOnSiteSeconds?: number;
  /** Measured by the widget; otherwise counted from the visit's last page view. */
  readonly timeOnPageSeconds?: number;
  readonly title?: string;
  readonly language?: string;
  /** A `custom` event's name. */
  readonly name?: string;
  /** Triggers this event neither fires, schedules nor claims. */
  readonly exclude?: readonly string[];
}

export type BlockedBy = 'disabled' | 'inactive' | 'run-once-consumed' | 'registered-visitor' | 'frequency' | 'budget' | 'snoozed';

/** One trigger's answer to one event; a limit's block may say when it ends (`retryAtMs`). */
export type Verdict =
  | { readonly outcome: 'fire' }
  | { readonly outcome: 'schedule'; readonly afterSeconds: number }
  | { readonly outcome: 'skip'; readonly blockedBy?: BlockedBy; readonly retryAtMs?: number };

/** One leaf's answer, for explain (DESIGN §11): where it is, what it saw, whether it held. */
export interface ConditionReason {
  readonly condition: LeafName;
  readonly path: string;
  readonly met: boolean;
  readonly detail: string;
  readonly actual: unknown;
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

export interface DecideOptions {
  /** Keep every trigger's verdict and reasons (explain). */
  readonly trace?: boolean;
  /** The request's facts (device, country, `Accept-Language`), asked only when a rule needs them. */
  readonly request?: RequestFacts;
  /** The availability counts (`agents-available`); none without them. */
  readonly agents?: AvailableAgents;
}

const FIRE: Verdict = Object.freeze({ outcome: 'fire' });
const SKIP: Verdict = Object.freeze({ outcome: 'skip' });
const NONE: ReadonlySet<string> = new Set();
const NOTHING: readonly never[] = Object.freeze([]);
const NOTHING_MOVES: Plan<never> = Object.freeze({ fire: NOTHING, schedule: NOTHING });

/**
 * THE decision (DESIGN §3, §11): what one event of one visitor does with a snapshot of
 * triggers. A trigger fires when it is enabled, its run-once was not shown to this visitor,
 * it suits the visitor (once registered, only triggers with an `after-guest-registration`
 * condition, unless a `visitor-registered` rule decides), and its conditions combine to true.
 * A trigger that would fire after a wait is scheduled with the smallest such wait: each
 * time leaf's remaining seconds are tried in ascending order, the tree evaluated as the
 * widget's timer event will report it (both clocks advanced, edge conditions false, every
 * other fact unchanged); the first wait at which it holds is `afterSeconds` (DESIGN §16).
 * Schedules and the active span are read at the event's moment, and for a wait at its end.
 *
 * The events route and explain both call it. Explain asks for the `trace`: every trigger is
 * evaluated and every leaf's reason kept. Without it only the triggers the event can move
 * are evaluated (the snapshot's CandidateIndex leaves out triggers whose verdict would be a
 * skip), cheapest leaves first, and the request's facts are worked out only if a rule asks.
 *
 * Run-once: what fires is claimed before its actions run (a committed claim per visitor and
 * trigger), so of concurrent events exactly one fires it whatever `runOnceShown` says.
 */
export function decide<T extends EvaluableTrigger>(
  snapshot: TriggerSnapshot<T>,
  visitor: VisitorFacts,
  event: EventFacts,
  now: Date,
  options: DecideOptions = {},
): Plan<T> {
  const matchingUrlPatterns = snapshot.pageUrls.matching(event.url);
  const trace: TracedVerdict<T>[] | undefined = options.trace ? [] : undefined;
  const triggers = trace ? snapshot.triggers : snapshot.candidates.forEvent(event.type, matchingUrlPatterns);
  // most events move no trigger at all: they build no context
  if (triggers.length === 0) return trace ? { fire: NOTHING, schedule: NOTHING, trace } : NOTHING_MOVES;
  const timeOnSite = secondsSince(event.timeOnSiteSeconds, visitor.visitStartedAt, now);
  const context = EventContext.of(
    {
      eventType: event.type,
      url: event.url,
      timeOnSiteSeconds: timeOnSite,
      timeOnPageSeconds: timeOnPageSeconds(event, visitor, now, timeOnSite),
      matchingUrlPatterns,
      title: event.title,
      referrer: visitor.referrer,
      customEventName: event.name,
      registered: visitor.registered,
      departmentId: visitor.departmentId,
      visitCount: visitor.visitCount,
      chatsOpened: visitor.chatsOpened,
      givenLanguage: event.language ?? visitor.language,
      metadata: visitor.metadata,
      atMs: now.getTime(),
    },
    options.request ?? NO_REQUEST,
    options.agents,
    snapshot.schedules,
  );
  const fire: T[] = [];
  const schedule: ScheduledTrigger<T>[] = [];
  const excluded = event.exclude && event.exclude.length > 0 ? new Set(event.exclude.map((id) => id.toLowerCase())) : NONE;
  const limits = limitsOf(snapshot, visitor, event);
  for (const compiled of triggers) {
    if (excluded.has(compiled.trigger.id)) continue;
    const verdict = verdictOf(compiled, context, visitor, limits);
    if (verdict.outcome === 'fire') fire.push(compiled.trigger);
    if (verdict.outcome === 'fire' && limits?.budget) limits.granted += 1;
    else if (verdict.outcome === 'schedule') schedule.push({ trigger: compiled.trigger, afterSeconds: verdict.afterSeconds });
    trace?.push({ trigger: compiled.trigger, verdict, reasons: reasonsOf(compiled, context) });
  }
  return trace ? { fire, schedule, trace } : { fire, schedule };
}

/** The event's own measure when the widget sent one; otherwise the seconds since `since`. */
export function secondsSince(reported: number | undefined, since: Date, now: Date): number {
  if (reported !== undefined) return reported;
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
}

/** Time on page (DESIGN §16): the event's; 0 on a page view; since the visit's last page view known here; else time on site. */
function timeOnPageSeconds(event: EventFacts, visitor: VisitorFacts, now: Date, timeOnSite: number): number {
  if (event.timeOnPageSeconds !== undefined) return event.timeOnPageSeconds;
  if (event.type === 'page-view') return 0;
  return visitor.pageViewedAt ? secondsSince(undefined, visitor.pageViewedAt, now) : timeOnSite;
}

/**
 * The limits an event is decided under, when the visitor's use of them is known: its state,
 * the budget if it applies to this event (a proactive one, with a limit set), and the slots
 * this event's firings took so far (explain spends the budget in firing order).
 */
interface EventLimits {
  readonly used: LimitState;
  readonly visitStartedAtMs: number;
  readonly budget?: TriggerSnapshot['budget'];
  granted: number;
}

function limitsOf(snapshot: TriggerSnapshot, visitor: VisitorFacts, event: EventFacts): EventLimits | undefined {
  if (!visitor.limitsUsed) return undefined;
  const budget = isProactiveEvent(event.type) && limitsAnything(snapshot.budget) ? snapshot.budget : undefined;
  return { used: visitor.limitsUsed, visitStartedAtMs: visitor.visitStartedAt.getTime(), budget, granted: 0 };
}

function verdictOf(compiled: CompiledTrigger, context: EventContext, visitor: VisitorFacts, limits: EventLimits | undefined): Verdict {
  const blockedBy = blocker(compiled, visitor, context.atMs);
  if (blockedBy) return { outcome: 'skip', blockedBy };
  const limit = limits && limitBlock(compiled, limits, context.atMs);
  if (limit) return { outcome: 'skip', blockedBy: limit.blockedBy, ...(limit.retryAtMs !== undefined ? { retryAtMs: limit.retryAtMs } : {}) };
  if (holds(compiled.tree, context)) return FIRE;
  const afterSeconds = smallestWait(compiled, context);
  if (afterSeconds === undefined) return SKIP;
  // listed only if it would fire when the wait ends (DESIGN §13, §16): its schedule rules were read then, and so are its span and limits
  const laterMs = context.atMs + afterSeconds * 1000;
  if (!isActiveAt(compiled, laterMs) || (limits && blockedLater(compiled, limits, context.atMs, laterMs))) return SKIP;
  return { outcome: 'schedule', afterSeconds };
}

function blockedLater(compiled: CompiledTrigger, { used, visitStartedAtMs, budget, granted }: EventLimits, nowMs: number, laterMs: number): boolean {
  const { frequency, id } = compiled.trigger;
  return blockedAfterWait(frequency, used.counters.get(id), budget, used.budget, { visitStartedAtMs, nowMs, laterMs, granted });
}

/** The trigger's frequency, then the budget and snooze, at `atMs` (DESIGN §16's precedence). */
function limitBlock(compiled: CompiledTrigger, limits: EventLimits, atMs: number): LimitBlock<BlockedBy> | undefined {
  const { frequency, id } = compiled.trigger;
  const frequencyBlocked = frequency && frequencyBlock(frequency, limits.used.counters.get(id), limits.visitStartedAtMs, atMs);
  if (frequencyBlocked) return frequencyBlocked;
  return limits.budget && budgetBlock(limits.budget, limits.used.budget, limits.visitStartedAtMs, atMs, limits.granted);
}

/** The first of the time leaves' remaining waits, ascending, after which the tree holds (DESIGN §16). */
function smallestWait(compiled: CompiledTrigger, context: EventContext): number | undefined {
  const { waitLeaves } = compiled;
  if (waitLeaves.length === 0) return undefined;
  if (waitLeaves.length === 1) {
    // most triggers that wait have one time leaf: no list to build
    const wait = waitLeaves[0].waitSeconds!(context);
    return wait > 0 && holds(compiled.tree, context.later(wait)) ? wait : undefined;
  }
  const waits = [...new Set(waitLeaves.map((leaf) => leaf.waitSeconds!(context)).filter((wait) => wait > 0))].sort((a, b) => a - b);
  return waits.find((wait) => holds(compiled.tree, context.later(wait)));
}

/** What stops the trigger whatever its conditions say, in DESIGN §16's order of precedence. */
function blocker(compiled: CompiledTrigger, visitor: VisitorFacts, atMs: number): BlockedBy | undefined {
  if (!compiled.trigger.enabled) return 'disabled';
  if (!isActiveAt(compiled, atMs)) return 'inactive';
  if (compiled.trigger.runOnce && visitor.runOnceShown.has(compiled.trigger.id)) return 'run-once-consumed';
  if (visitor.registered && !compiled.forRegisteredVisitors) return 'registered-visitor';
  return undefined;
}

/** Every leaf's reason, in the trigger's order. */
function reasonsOf(compiled: CompiledTrigger, context: EventContext): ConditionReason[] {
  return compiled.leaves.map(({ leaf, path }) => {
    const { met, detail, actual } = leaf.evaluate(context);
    return { condition: leaf.name, path, met, detail, actual };
  });
}
