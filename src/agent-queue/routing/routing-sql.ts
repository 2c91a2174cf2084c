import { agentColumns } from '../agents/agent-row';
import { OrderKey, RoutingCriteria, routingOrder } from './routing-policy';

const ORDER_COLUMNS: Record<OrderKey['key'], string> = {
  lastRoutedSeq: 'last_routed_seq',
  assignedCount: 'assigned_count',
  // byte order, as the comparator in routing-policy compares usernames
  username: 'username',
};

/** `ORDER BY` of {@link routingOrder} for the agents table aliased `alias`. */
export function routingOrderBy(criteria: RoutingCriteria, alias: string): string {
  return routingOrder(criteria.method)
    .map(({ key, nullsFirst }) => {
      const column = `${alias}.${ORDER_COLUMNS[key]}${key === 'username' ? ' COLLATE "C"' : ''}`;
      return `${column} ASC${nullsFirst ? ' NULLS FIRST' : ''}`;
    })
    .join(', ');
}

/**
 * The condition of `isEligible` in SQL for the agents table aliased `alias`; appends its
 * values to `params`.
 */
export function eligibleAgentCondition(criteria: RoutingCriteria, alias: string, params: unknown[]): string {
  const conditions = [`${alias}.available`, `${alias}.status = ANY($${params.push(criteria.statuses)}::text[])`];
  if (criteria.departmentId !== undefined) {
    conditions.push(`EXISTS (SELECT 1 FROM department_agents q JOIN departments qd ON qd.id = q.department_id
      WHERE q.username = ${alias}.username AND q.department_id = $${params.push(criteria.departmentId)}::uuid AND qd.enabled)`);
  }
  return conditions.join(' AND ');
}

/** The username of the agent the next pick goes to (at most one row). */
export function nextAgentQuery(criteria: RoutingCriteria, params: unknown[]): string {
  return `SELECT c.username FROM agents c WHERE ${eligibleAgentCondition(criteria, 'c', params)}
    ORDER BY ${routingOrderBy(criteria, 'c')} LIMIT 1`;
}

/**
 * Picks the next agent and records the pick in one statement: `UPDATE … WHERE username =
 * (SELECT … LIMIT 1) RETURNING`. Run it holding the routing lock, in a statement after the
 * lock (READ COMMITTED then sees every pick committed before). The pick order comes from a
 * sequence, not now(), which is the start of a transaction that may have waited for the lock.
 */
export function pickStatement(criteria: RoutingCriteria, params: unknown[]): string {
  return `UPDATE agents AS p SET last_routed_seq = nextval('agent_routing_seq'), last_routed_at = clock_timestamp(),
      assigned_count = p.assigned_count + 1
    WHERE p.username = (${nextAgentQuery(criteria, params)})
    RETURNING ${agentColumns('p')}`;
}
