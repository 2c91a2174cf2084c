import { Injectable } from '@nestjs/common';
import { type PreparedStatement, Sql, type SqlRunner } from '../../database/sql';
import type { Agent } from '../agents/agent';
import { agentColumns, type AgentRow, toAgent } from '../agents/agent-row';
import { withRoutingLock } from '../shared/routing-lock';
import type { RoutingCriteria } from './routing-criteria';

/**
 * Picks the next agent and records the pick, in ONE statement and one round trip:
 * `pick_next_agent` (RoutingPickFunction migration) sets async commit, takes the routing
 * lock, then runs the `UPDATE … RETURNING` from a snapshot taken after the lock. Run on its
 * own, the statement is its own transaction, so the lock is held only while the server runs
 * the pick, never across a network round trip. Prepared: parsed and planned once per
 * connection.
 */
const PICK: PreparedStatement = { name: 'routing_pick_next_agent', text: 'SELECT * FROM pick_next_agent($1, $2, $3)' };

/** `pick_next_agent` and `next_agent` take the criteria as these parameters: (statuses, department, method). */
function criteriaParams(criteria: RoutingCriteria): [readonly string[], string | null, string] {
  return [criteria.statuses, criteria.departmentId ?? null, criteria.method];
}

/** The queue in the database: who qualifies, in what order, and the pick that records itself. */
@Injectable()
export class RoutingRepository {
  constructor(private readonly sql: Sql) {}

  /** Runs `work` holding the routing lock, in one transaction (see {@link withRoutingLock}). */
  exclusively<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return withRoutingLock(this.sql, work);
  }

  /**
   * Picks the next agent and records the pick; `undefined` when nobody qualifies. `runner`: a
   * routing transaction's, for a pick inside one that does more (see {@link exclusively}),
   * where taking the lock again costs nothing.
   */
  async pick(criteria: RoutingCriteria, runner: SqlRunner = this.sql): Promise<Agent | undefined> {
    const [row] = await runner.query<AgentRow>(PICK, criteriaParams(criteria));
    return row ? toAgent(row) : undefined;
  }

  /** The agent the next pick would go to, recording nothing. */
  async peek(criteria: RoutingCriteria): Promise<Agent | undefined> {
    const [row] = await this.sql.query<AgentRow>(`SELECT ${agentColumns('a')} FROM next_agent($1, $2, $3) a`, criteriaParams(criteria));
    return row ? toAgent(row) : undefined;
  }

  /** The agent when it is available for this queue now; `runner`: a routing transaction's. */
  async findAvailable(username: string, criteria: RoutingCriteria, runner: SqlRunner = this.sql): Promise<Agent | undefined> {
    const [row] = await runner.query<AgentRow>(`SELECT ${agentColumns('a')} FROM routable_agents($2, $3) a WHERE a.username = $1`, [
      username,
      criteria.statuses,
      criteria.departmentId ?? null,
    ]);
    return row ? toAgent(row) : undefined;
  }

  async departmentExists(id: string): Promise<boolean> {
    return (await this.sql.query('SELECT 1 FROM departments WHERE id = $1', [id])).length > 0;
  }
}
