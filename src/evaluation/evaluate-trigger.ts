import type { ConditionName, VisitorContext } from '../conditions';
import type { CompiledTrigger } from './compiled-trigger';

/** What a visitor's own history says about a trigger. */
export interface VisitorFacts {
  readonly registered: boolean;
  /** Run-once triggers this visitor has already been shown. */
  readonly consumedRunOnce: ReadonlySet<string>;
}

export type BlockedBy = 'disabled' | 'run-once-consumed' | 'registered-visitor';

export interface ConditionReason {
  readonly condition: ConditionName;
  readonly met: boolean;
  readonly detail: string;
}

export type TriggerDecision =
  { readonly outcome: 'fire' } | { readonly outcome: 'schedule'; readonly afterSeconds: number } | { readonly outcome: 'skip'; readonly blockedBy?: BlockedBy };

export type ExplainedDecision = TriggerDecision & { readonly reasons: readonly ConditionReason[] };

const FIRE: TriggerDecision = Object.freeze({ outcome: 'fire' });
const SKIP: TriggerDecision = Object.freeze({ outcome: 'skip' });

/**
 * Decides whether one trigger fires on one event (DESIGN §3): enabled, its conditions
 * combined with `all` or `any`, run-once not yet consumed, and for registered visitors only
 * triggers with an `after-guest-registration` condition. A trigger that would fire once
 * enough time on site has passed is scheduled with the smallest wait that makes it fire:
 * the longest unmet wait with `all`, the shortest with `any`. The widget reports the wait's
 * end as a `time-on-site` event, on which edge conditions are false, so an `all` trigger
 * with an edge condition is never scheduled.
 *
 * This runs for every enabled trigger on every event: conditions are tested cheapest
 * first, `all` stops at the first condition that waiting cannot fix, and nothing is
 * allocated for the common answers.
 */
export function evaluateTrigger(compiled: CompiledTrigger, context: VisitorContext, visitor: VisitorFacts): TriggerDecision {
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

/** The same decision with every condition's reason, in the trigger's order (explain). */
export function explainTrigger(compiled: CompiledTrigger, context: VisitorContext, visitor: VisitorFacts): ExplainedDecision {
  const reasons = compiled.conditions.map(({ name, type, compiled: value }) => {
    const { met, detail } = type.evaluate(value, context);
    return { condition: name, met, detail };
  });
  return { ...evaluateTrigger(compiled, context, visitor), reasons };
}

function blocker(compiled: CompiledTrigger, visitor: VisitorFacts): BlockedBy | undefined {
  if (!compiled.trigger.enabled) return 'disabled';
  if (compiled.trigger.runOnce && visitor.consumedRunOnce.has(compiled.trigger.id)) return 'run-once-consumed';
  if (visitor.registered && !compiled.forRegisteredVisitors) return 'registered-visitor';
  return undefined;
}
