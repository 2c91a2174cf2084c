import { conditionType, type ConditionName, type ConditionType, type EventType, PageUrlMatcher } from '../conditions';

/** The fields of a trigger that evaluation reads (the trigger model satisfies it structurally). */
export interface EvaluableTrigger {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly runOnce: boolean;
  readonly priority: number;
  readonly match: 'all' | 'any';
  readonly version: number;
  readonly conditions: readonly { readonly name: ConditionName; readonly value?: unknown }[];
}

export interface CompiledCondition {
  readonly name: ConditionName;
  readonly type: ConditionType;
  readonly compiled: unknown;
}

/** A trigger with its conditions compiled once (per version), ready to evaluate on every event. */
export interface CompiledTrigger<T extends EvaluableTrigger = EvaluableTrigger> {
  readonly trigger: T;
  /** In the trigger's order (for explain). */
  readonly conditions: readonly CompiledCondition[];
  /** Cheapest first (edge, time, URL), for the per-event path that may stop early. */
  readonly byCost: readonly CompiledCondition[];
  /** The event of its (first) edge condition: the only event an `all` trigger with one can fire on. */
  readonly edgeEvent?: EventType;
  /** Its compiled page-URL patterns, in the trigger's order (PageUrlSet, CandidateIndex). */
  readonly pageUrlMatchers: readonly PageUrlMatcher[];
  /** Whether any condition is `after-guest-registration` (registered visitors see only those). */
  readonly forRegisteredVisitors: boolean;
}

export function compileTrigger<T extends EvaluableTrigger>(trigger: T): CompiledTrigger<T> {
  const conditions = trigger.conditions.map((condition) => {
    const type = conditionType(condition.name);
    return { name: condition.name, type, compiled: type.compile(condition.value ?? null) };
  });
  return {
    trigger,
    conditions,
    byCost: [...conditions].sort((a, b) => a.type.cost - b.type.cost),
    edgeEvent: conditions.find((c) => c.type.onlyOn !== undefined)?.type.onlyOn,
    pageUrlMatchers: conditions.flatMap(({ compiled }) => (compiled instanceof PageUrlMatcher ? [compiled] : [])),
    forRegisteredVisitors: conditions.some((c) => c.name === 'after-guest-registration'),
  };
}

/**
 * The firing order (DESIGN §2): lower priority first, ties by name (case-insensitive), then
 * id. The one place it is decided: the trigger snapshot is sorted with it, and every answer
 * that lists triggers in firing order (events, explain, the widget configs) comes from a snapshot.
 */
export function byFiringOrder(a: EvaluableTrigger, b: EvaluableTrigger): number {
  return a.priority - b.priority || a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id);
}
