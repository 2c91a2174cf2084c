import type { AgentStatus } from '../../src/agent-queue/agents/agent';
import type { RoutingCriteria } from '../../src/agent-queue/routing/routing-criteria';
import type { RoutingMethod } from '../../src/agent-queue/routing/routing-settings';

/**
 * The routing rules of DESIGN §4 written again in TypeScript, as a test oracle: the service
 * decides in SQL (the routing functions of the RoutingPickFunction migration), and tests
 * check its picks against {@link chooseNextAgent}.
 */

/** What the rules need to know of an agent. */
export interface RoutingCandidate {
  readonly username: string;
  readonly status: AgentStatus;
  readonly available: boolean;
  readonly departmentIds: readonly string[];
  /** Order of the agent's last pick; `null` when never routed. */
  readonly lastRoutedSeq: number | null;
  readonly assignedCount: number;
}

/** The department a queue was asked for, as found (or not) in the database. */
export interface QueueDepartment {
  readonly id: string;
  readonly enabled: boolean;
}

/**
 * Available = accepts chats, routable presence, and (for a department queue) a member of
 * that department while it is enabled: a disabled department routes to nobody.
 */
export function isEligible(candidate: RoutingCandidate, criteria: RoutingCriteria, department?: QueueDepartment): boolean {
  if (!candidate.available || !criteria.statuses.includes(candidate.status)) return false;
  if (criteria.departmentId === undefined) return true;
  return department?.id === criteria.departmentId && department.enabled && candidate.departmentIds.includes(criteria.departmentId);
}

interface OrderKey {
  readonly key: 'lastRoutedSeq' | 'assignedCount' | 'username';
  /** Never-routed agents come first. */
  readonly nullsFirst?: boolean;
}

/**
 * round-robin (Rocket.Chat's Load_Rotation): the agent routed least recently, never-routed
 * first. least-assigned (Auto_Selection): the fewest assignments. Ties by username.
 */
function routingOrder(method: RoutingMethod): readonly OrderKey[] {
  switch (method) {
    case 'round-robin':
      return [{ key: 'lastRoutedSeq', nullsFirst: true }, { key: 'username' }];
    case 'least-assigned':
      return [{ key: 'assignedCount' }, { key: 'username' }];
  }
}

/** The routing order as a comparator (usernames compare by code unit, as COLLATE "C"). */
export function compareForRouting(method: RoutingMethod): (a: RoutingCandidate, b: RoutingCandidate) => number {
  const keys = routingOrder(method);
  return (a, b) => {
    for (const { key, nullsFirst } of keys) {
      const x = a[key];
      const y = b[key];
      if (x === y) continue;
      if (x === null) return nullsFirst ? -1 : 1;
      if (y === null) return nullsFirst ? 1 : -1;
      return x < y ? -1 : 1;
    }
    return 0;
  };
}

/** The agent the next pick goes to, or `undefined` when nobody qualifies. */
export function chooseNextAgent<C extends RoutingCandidate>(candidates: readonly C[], criteria: RoutingCriteria, department?: QueueDepartment): C | undefined {
  const eligible = candidates.filter((c) => isEligible(c, criteria, department));
  return eligible.sort(compareForRouting(criteria.method))[0];
}

/** The candidate after a pick numbered `seq`: what the database records. */
export function afterPick<C extends RoutingCandidate>(candidate: C, seq: number): C {
  return { ...candidate, lastRoutedSeq: seq, assignedCount: candidate.assignedCount + 1 };
}
