import { Injectable } from '@nestjs/common';
import type { PickMemory } from '../agent-queue/routing/pick-memory';
import { Sql, type SqlRunner } from '../database/sql';
import { STICKY_AGENT_TTL_SECONDS } from './sender';

/** The agent each visitor was last given by a queue sender, and when. */
@Injectable()
export class StickyAgentsRepository {
  constructor(private readonly sql: Sql) {}

  /** The visitor's agent while the pick is less than an hour old; `runner`: a routing transaction's. */
  async findFresh(visitorToken: string, runner: SqlRunner = this.sql): Promise<string | undefined> {
    const [row] = await runner.query<{ username: string }>(
      `SELECT username FROM visitor_sticky_agents
       WHERE visitor_token = $1 AND assigned_at > clock_timestamp() - make_interval(secs => $2)`,
      [visitorToken, STICKY_AGENT_TTL_SECONDS],
    );
    return row?.username;
  }

  async remember(tx: SqlRunner, visitorToken: string, username: string): Promise<void> {
    await tx.execute(
      `INSERT INTO visitor_sticky_agents (visitor_token, username, assigned_at) VALUES ($1, $2, clock_timestamp())
       ON CONFLICT (visitor_token) DO UPDATE SET username = EXCLUDED.username, assigned_at = EXCLUDED.assigned_at`,
      [visitorToken, username],
    );
  }

  /** The visitor's sticky agent as the routing service reads and writes it, inside its lock. */
  memoryFor(visitorToken: string): PickMemory {
    return {
      recall: (tx) => this.findFresh(visitorToken, tx),
      remember: (tx, username) => this.remember(tx, visitorToken, username),
    };
  }
}
