import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routing rules (DESIGN §4) in one place, as SQL functions the agent queue calls with
 * parameters (docs/agent-queue.md, "How a pick works"):
 *
 * - `take_routing_lock()`: the one transaction-scoped advisory lock for all routing: picks
 *   and the writes that change who may be routed.
 * - `routable_agents(statuses, department)`: who may be routed now.
 * - `next_agent(statuses, department, method)`: who the next pick goes to.
 * - `pick_next_agent(statuses, department, method)`: the pick itself: async commit, the lock,
 *   then the `UPDATE … RETURNING` that records it, from a snapshot taken after the lock.
 *
 * `routable_agents` and `next_agent` are plain SQL (STABLE, not STRICT), so PostgreSQL inlines
 * them into the statements that call them: they cost no function call and no planning of
 * their own.
 */
export class RoutingPickFunction1795570360000 implements MigrationInterface {
  name = 'RoutingPickFunction1795570360000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE DOMAIN "routing_method" AS text CHECK (VALUE IN ('round-robin', 'least-assigned'))`);
    // agents belong to several departments, so per-queue locks could hand one agent to two
    // picks at once; the key is any fixed number
    await q.query(`
      CREATE FUNCTION take_routing_lock() RETURNS void LANGUAGE sql VOLATILE AS $$
        SELECT pg_advisory_xact_lock(727002)
      $$`);
    // available = accepts chats, a routable presence (online, and away when the settings say
    // so) and, for a department queue, a member of that department while it is enabled
    await q.query(`
      CREATE FUNCTION routable_agents(statuses text[], department uuid) RETURNS SETOF agents LANGUAGE sql STABLE AS $$
        SELECT a.* FROM agents a
        WHERE a.available AND a.status = ANY (statuses)
          AND (department IS NULL OR EXISTS (
            SELECT 1 FROM department_agents m JOIN departments d ON d.id = m.department_id
            WHERE m.username = a.username AND m.department_id = department AND d.enabled))
      $$`);
    // round-robin (Rocket.Chat's Load_Rotation): the agent routed least recently, never-routed
    // first; least-assigned (Auto_Selection): the fewest assignments; ties by username in
    // byte order. The CASE that does not apply to the method is NULL for every row: no effect.
    await q.query(`
      CREATE FUNCTION next_agent(statuses text[], department uuid, method routing_method) RETURNS SETOF agents LANGUAGE sql STABLE AS $$
        SELECT r.* FROM routable_agents(statuses, department) r
        ORDER BY CASE WHEN method = 'round-robin' THEN r.last_routed_seq END ASC NULLS FIRST,
                 CASE WHEN method = 'least-assigned' THEN r.assigned_count END ASC,
                 r.username COLLATE "C" ASC
        LIMIT 1
      $$`);
    // VOLATILE: every statement in it takes a fresh snapshot (READ COMMITTED), so the UPDATE,
    // which starts after the lock was granted, sees every pick committed by earlier holders.
    // (One statement that takes the lock in a CTE or a subquery would pick from the snapshot
    // taken before it waited.) The pick order is a sequence taken under the lock, not now(),
    // the start of a transaction that may have waited. Async commit: a pick is bookkeeping,
    // so the lock is not held through a WAL flush (a crash may forget the last picks, never
    // reorder them); set_config(…, true) lasts until the end of the caller's transaction.
    await q.query(`
      CREATE FUNCTION pick_next_agent(statuses text[], department uuid, method routing_method)
      RETURNS TABLE (username text, name text, email text, status text, available boolean, assigned_count integer,
                     last_routed_at timestamptz, created_at timestamptz, updated_at timestamptz, department_ids text[])
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      BEGIN
        PERFORM set_config('synchronous_commit', 'off', true);
        PERFORM take_routing_lock();
        RETURN QUERY
          UPDATE agents AS p
          SET last_routed_seq = nextval('agent_routing_seq'), last_routed_at = clock_timestamp(), assigned_count = p.assigned_count + 1
          WHERE p.username = (SELECT n.username FROM next_agent(statuses, department, method) n)
          RETURNING p.username, p.name, p.email, p.status, p.available, p.assigned_count, p.last_routed_at, p.created_at, p.updated_at,
            ARRAY(SELECT m.department_id::text FROM department_agents m WHERE m.username = p.username ORDER BY m.department_id);
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION pick_next_agent(text[], uuid, routing_method)');
    await q.query('DROP FUNCTION next_agent(text[], uuid, routing_method)');
    await q.query('DROP FUNCTION routable_agents(text[], uuid)');
    await q.query('DROP FUNCTION take_routing_lock()');
    await q.query('DROP DOMAIN "routing_method"');
  }
}
