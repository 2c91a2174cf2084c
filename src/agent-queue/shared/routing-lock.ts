import type { ChangeFeed } from '../../database/change-feed';
import type { Sql, SqlRunner } from '../../database/sql';

/**
 * Runs `work` in one transaction that first takes the routing lock (`take_routing_lock()`,
 * the one transaction-scoped advisory lock for all routing, see the RoutingPickFunction
 * migration): picks and the writes that change who may be routed never interleave, so a
 * pick that starts after such a write returned sees it. A crash mid-transaction leaves
 * nothing held. Every statement after the lock sees what earlier holders committed (READ
 * COMMITTED takes a snapshot per statement). Only `tx` may be used inside: the embedded
 * database serializes transactions, and a query on another pooled connection would wait
 * behind this one forever.
 */
export function withRoutingLock<T>(sql: Sql, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT take_routing_lock()');
    return work(tx);
  });
}

/**
 * A write that changes who may take a chat (agents, memberships, departments): under the
 * routing lock like {@link withRoutingLock}, and announced on `agent_changes` when it
 * commits, so every instance's availability counts follow (DESIGN §12).
 */
export function changeRoster<T>(changes: ChangeFeed, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
  return changes.writeAndAnnounce('agent_changes', '', async (tx) => {
    await tx.query('SELECT take_routing_lock()');
    return work(tx);
  });
}
