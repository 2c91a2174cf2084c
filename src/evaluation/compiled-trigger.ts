import type { Frequency } from './limits';
import { compileGroup, type Condition, type ConditionNode, type EventType, type Leaf, leafNodes, PageUrlMatcher } from '../conditions';

/** The fields of a trigger that evaluation reads (the trigger model satisfies it structurally). */
export interface EvaluableTrigger {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly runOnce: boolean;
  readonly priority: number;
  readonly match: 'all' | 'any';
  readonly version: number;
  readonly conditions: readonly Condition[];
  /** The active span (DESIGN §13); left out or null: unbounded. */
  readonly activeFrom?: Date | null;
  readonly activeUntil?: Date | null;
  /** How often it may fire for one visitor (DESIGN §14); left out or null: no limit beyond `runOnce`. */
  readonly frequency?: Frequency | null;
}

/** A trigger with its conditions compiled once (per version), ready to evaluate on every event. */
export interface CompiledTrigger<T extends EvaluableTrigger = EvaluableTrigger> {
  readonly trigger: T;
  /** The conditions as one group combined by the trigger's `match`. */
  readonly tree: ConditionNode;
  /** Every leaf with its path, in the trigger's order (explain). */
  readonly leaves: readonly { readonly leaf: Leaf; readonly path: string }[];
  /** The leaves that hold after a wait (time on site, time on page `gte`): what `scheduled` is made of. */
  readonly waitLeaves: readonly Leaf[];
  /** The event of a top-level edge condition of an `all` trigger: the only event it can fire on. */
  readonly edgeEvent?: EventType;
  /** A top-level page-URL pattern of an `all` trigger: it cannot fire on a URL that does not match it. */
  readonly requiredPageUrl?: PageUrlMatcher;
  /** Every compiled page-URL pattern, groups included (PageUrlSet). */
  readonly pageUrlMatchers: readonly PageUrlMatcher[];
  /** Whether it suits registered visitors (DESIGN §3, §11): it has `after-guest-registration` or a `visitor-registered` rule. */
  readonly forRegisteredVisitors: boolean;
  /** Whether it has a `custom-event` rule: a `custom` event evaluates only these. */
  readonly hearsCustomEvents: boolean;
  /** The active span as epoch ms, half-open `[activeFromMs, activeUntilMs)`; unbounded ends are ±Infinity. */
  readonly activeFromMs: number;
  readonly activeUntilMs: number;
}

/** Whether the trigger's active span holds the moment `atMs` (DESIGN §13, §16). */
export function isActiveAt(compiled: CompiledTrigger, atMs: number): boolean {
  return atMs >= compiled.activeFromMs && atMs < compiled.activeUntilMs;
}

export function compileTrigger<T extends EvaluableTrigger>(trigger: T): CompiledTrigger<T> {
  const tree = compileGroup(trigger.match, trigger.conditions);
  const leaves = [...leafNodes(tree)];
  const all = leaves.map(({ leaf }) => leaf);
  const topLevel = tree.kind === 'group' && trigger.match === 'all' ? tree.children.flatMap((node) => (node.kind === 'leaf' ? [node.leaf] : [])) : [];
  return {
    trigger,
    tree,
    leaves,
    waitLeaves: all.filter((leaf) => leaf.waitSeconds !== undefined),
    edgeEvent: topLevel.find((leaf) => leaf.onlyOn !== undefined)?.onlyOn,
    requiredPageUrl: topLevel.map((leaf) => leaf.pageUrl).find((pattern): pattern is PageUrlMatcher => pattern instanceof PageUrlMatcher),
    pageUrlMatchers: all.flatMap(({ pageUrl }) => (pageUrl instanceof PageUrlMatcher ? [pageUrl] : [])),
    forRegisteredVisitors: all.some((leaf) => leaf.name === 'after-guest-registration' || leaf.name === 'visitor-registered'),
    hearsCustomEvents: all.some((leaf) => leaf.name === 'custom-event'),
    activeFromMs: trigger.activeFrom?.getTime() ?? -Infinity,
    activeUntilMs: trigger.activeUntil?.getTime() ?? Infinity,
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
