import type { DataSource, EntityManager } from 'typeorm';

/**
 * One lock for all routing, whatever the queue: agents belong to several departments, so
 * per-queue locks could hand one agent to two picks at once. Any fixed number.
 */
export const ROUTING_LOCK_KEY = 727_002;

/**
 * A pick is bookkeeping: its transaction commits without waiting for the WAL flush, so the
 * lock is not held through an fsync (a crash may forget the last picks, never reorder them).
 */
export const ASYNC_COMMIT = 'SET LOCAL synchronous_commit = off';

/**
 * Runs `work` in one transaction that first takes the routing lock. The lock is
 * transaction-scoped, so a crash mid-pick leaves nothing held. Every statement after the
 * lock sees what earlier holders committed (READ COMMITTED takes a snapshot per statement).
 * Only `em` may be used inside: the embedded database serializes transactions, and a query
 * on another pooled connection would wait behind this one forever.
 */
export function withRoutingLock<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>, options: { asyncCommit?: boolean } = {}): Promise<T> {
  return dataSource.transaction(async (em) => {
    if (options.asyncCommit) await em.query(ASYNC_COMMIT);
    await em.query('SELECT pg_advisory_xact_lock($1)', [ROUTING_LOCK_KEY]);
    return work(em);
  });
}
