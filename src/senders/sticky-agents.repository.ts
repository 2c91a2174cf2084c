import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PickMemory } from '../agent-queue/routing/pick-memory';
import { STICKY_AGENT_TTL_SECONDS } from './sender';

/** The agent each visitor was last given by a queue sender, and when. */
@Injectable()
export class StickyAgentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The visitor's agent while the pick is less than an hour old. */
  async findFresh(visitorToken: string, em: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    const rows: { username: string }[] = await em.query(
      `SELECT username FROM visitor_sticky_agents
       WHERE visitor_token = $1 AND assigned_at > clock_timestamp() - make_interval(secs => $2)`,
      [visitorToken, STICKY_AGENT_TTL_SECONDS],
    );
    return rows[0]?.username;
  }

  async remember(em: EntityManager, visitorToken: string, username: string): Promise<void> {
    await em.query(
      `INSERT INTO visitor_sticky_agents (visitor_token, username, assigned_at) VALUES ($1, $2, clock_timestamp())
       ON CONFLICT (visitor_token) DO UPDATE SET username = EXCLUDED.username, assigned_at = EXCLUDED.assigned_at`,
      [visitorToken, username],
    );
  }

  /** The visitor's sticky agent as the routing service reads and writes it, inside its lock. */
  memoryFor(visitorToken: string): PickMemory {
    return {
      recall: (em) => this.findFresh(visitorToken, em),
      remember: (em, username) => this.remember(em, visitorToken, username),
    };
  }
}
