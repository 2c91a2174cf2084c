import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { Agent } from '../agents/agent';
import { agentColumns, AgentRow, toAgent } from '../agents/agent-row';
import type { QueueDepartment, RoutingCriteria } from './routing-policy';
import { ASYNC_COMMIT, ROUTING_LOCK_KEY, withRoutingLock } from './routing-lock';
import { eligibleAgentCondition, nextAgentQuery, pickStatement } from './routing-sql';

/** A value of ours (statuses, a validated uuid) as an SQL literal. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? `ARRAY[${value.map(literal).join(', ')}]` : `'{}'`;
  if (typeof value === 'string') return escapeLiteral(value);
  throw new Error(`no literal for ${typeof value}`);
}

/** The queue in the database: picking records the pick in the same statement. */
@Injectable()
export class RoutingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` holding the routing lock, in one transaction (see {@link withRoutingLock}). */
  exclusively<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return withRoutingLock(this.dataSource, work, { asyncCommit: true });
  }

  /**
   * Picks the next agent in ONE round trip: a simple-protocol query of three statements runs
   * as one implicit transaction (async commit, the routing lock, then the pick), so the lock
   * is held only while the server runs the pick, never across a network round trip. Values
   * are inlined as literals (the simple protocol takes no parameters).
   */
  async pick(criteria: RoutingCriteria): Promise<Agent | undefined> {
    const params: unknown[] = [];
    const update = pickStatement(criteria, params).replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const results = (await client.query(
        `${ASYNC_COMMIT}; SELECT pg_advisory_xact_lock(${ROUTING_LOCK_KEY}); ${update}`,
      )) as unknown as QueryResult<AgentRow>[];
      const row = results[results.length - 1].rows[0];
      return row ? toAgent(row) : undefined;
    } finally {
      await runner.release();
    }
  }

  /** {@link pick} inside a routing transaction that does more (see {@link exclusively}). */
  async pickWithin(em: EntityManager, criteria: RoutingCriteria): Promise<Agent | undefined> {
    const params: unknown[] = [];
    const [rows]: [AgentRow[], number] = await em.query(pickStatement(criteria, params), params);
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  /** The agent the next pick would go to, recording nothing. */
  async peek(criteria: RoutingCriteria): Promise<Agent | undefined> {
    const params: unknown[] = [];
    const rows: AgentRow[] = await this.dataSource.query(
      `SELECT ${agentColumns('a')} FROM agents a WHERE a.username = (${nextAgentQuery(criteria, params)})`,
      params,
    );
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  /** The agent when it is available for this queue now; `em` inside a routing transaction. */
  async findAvailable(username: string, criteria: RoutingCriteria, em: EntityManager = this.dataSource.manager): Promise<Agent | undefined> {
    const params: unknown[] = [username];
    const rows: AgentRow[] = await em.query(
      `SELECT ${agentColumns('a')} FROM agents a WHERE a.username = $1 AND ${eligibleAgentCondition(criteria, 'a', params)}`,
      params,
    );
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  async findQueueDepartment(id: string): Promise<QueueDepartment | undefined> {
    const rows: QueueDepartment[] = await this.dataSource.query('SELECT id::text, enabled FROM departments WHERE id = $1', [id]);
    return rows[0];
  }
}
