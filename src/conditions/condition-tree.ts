import type { Leaf, VisitorContext } from './condition-type';
import { conditionType } from './condition-registry';
import type { Condition, RocketChatCondition } from './parse-conditions';
import { PageUrlMatcher } from './page-url.condition';
import { compileRule } from './rules/compile-rule';
import type { GroupMatch } from './rules/rule-types';

/** A node of a compiled condition tree: a leaf, or a group of nodes. */
export type ConditionNode =
  | { readonly kind: 'leaf'; readonly leaf: Leaf; readonly path: string; readonly cost: number }
  | {
      readonly kind: 'group';
      readonly match: GroupMatch;
      /** In the trigger's order (explain). */
      readonly children: readonly ConditionNode[];
      /** Cheapest first (the per-event test may stop early). */
      readonly byCost: readonly ConditionNode[];
      readonly path: string;
      readonly cost: number;
    };

/** A Rocket.Chat condition as a leaf: its type's compiled value and checks (DESIGN §2). */
function rocketChatLeaf(condition: RocketChatCondition): Leaf {
  const type = conditionType(condition.name);
  const compiled = type.compile(condition.value);
  const time = condition.name === 'time-on-site';
  return {
    name: condition.name,
    onlyOn: type.onlyOn,
    cost: type.cost,
    pageUrl: compiled instanceof PageUrlMatcher ? compiled : undefined,
    test: (context) => type.test(compiled, context).met,
    ...(time ? { waitSeconds: (context: VisitorContext) => type.test(compiled, context).waitSeconds ?? 0 } : {}),
    evaluate(context) {
      const { met, detail } = type.evaluate(compiled, context);
      const actual = condition.name === 'page-url' ? context.url : time ? context.timeOnSiteSeconds : context.eventType;
      return { met, detail, actual };
    },
  };
}

function compileNode(condition: Condition, path: string): ConditionNode {
  if (condition.name === 'group') return compileGroup(condition.match, condition.conditions, `${path}.conditions`, path);
  const leaf = 'op' in condition ? compileRule(condition) : rocketChatLeaf(condition);
  return { kind: 'leaf', leaf, path, cost: leaf.cost };
}

/** A list of conditions combined by `match`: the top level of a trigger (`conditions`) or a group. */
export function compileGroup(match: GroupMatch, conditions: readonly Condition[], listPath = 'conditions', path = ''): ConditionNode & { kind: 'group' } {
  const children = conditions.map((condition, index) => compileNode(condition, `${listPath}[${index}]`));
  const byCost = [...children].sort((a, b) => a.cost - b.cost);
  return { kind: 'group', match, children, byCost, path, cost: Math.max(...children.map((child) => child.cost)) };
}

/**
 * Whether the node holds for this event, cheapest children first and stopping as soon as the
 * answer is known. Plain loops: it runs for every candidate trigger of every event (perf: the
 * `every`/`some` callbacks were the largest self time of an event in the targeting profile).
 */
export function holds(node: ConditionNode, context: VisitorContext): boolean {
  if (node.kind === 'leaf') return node.leaf.test(context);
  if (node.match === 'all') {
    for (const child of node.byCost) if (!holds(child, context)) return false;
    return true;
  }
  // any: the first child that holds answers true; none: it answers false
  for (const child of node.byCost) if (holds(child, context)) return node.match === 'any';
  return node.match === 'none';
}

/** Every leaf with its path, depth first in the trigger's order. */
export function* leafNodes(node: ConditionNode): Generator<{ leaf: Leaf; path: string }> {
  if (node.kind === 'leaf') yield { leaf: node.leaf, path: node.path };
  else for (const child of node.children) yield* leafNodes(child);
}
