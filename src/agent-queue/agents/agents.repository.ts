import { Injectable } from '@nestjs/common';
import type { PageRequest } from '../../common/pagination/page';
import { selectPage } from '../../common/pagination/select-page';
import { ChangeFeed } from '../../database/change-feed';
import { Sql, type SqlRunner } from '../../database/sql';
import { replaceAgentDepartments } from '../shared/memberships';
import { changeRoster } from '../shared/routing-lock';
import type { Agent, AgentFields, AgentStatus } from './agent';
import { agentColumns, type AgentRow, toAgent } from './agent-row';

export interface AgentFilter {
  readonly status?: AgentStatus;
  readonly available?: boolean;
  readonly departmentId?: string;
}

export type AgentWrite =
  | { readonly kind: 'written'; readonly agent: Agent; readonly created: boolean }
  | { readonly kind: 'unknown-departments'; readonly departmentIds: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * Agents and their memberships. Writes run under the routing lock, so a change of
 * availability and a pick never interleave: a pick that starts after a write returned
 * sees it; each is announced on the change feed (availability counts follow).
 */
@Injectable()
export class AgentsRepository {
  constructor(
    private readonly sql: Sql,
    private readonly changes: ChangeFeed,
  ) {}

  async page(filter: AgentFilter, page: PageRequest): Promise<{ items: Agent[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.status !== undefined) where.push(`a.status = $${params.push(filter.status)}`);
    if (filter.available !== undefined) where.push(`a.available = $${params.push(filter.available)}`);
    if (filter.departmentId !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM department_agents f WHERE f.username = a.username AND f.department_id = $${params.push(filter.departmentId)}::uuid)`);
    }
    const { rows, total } = await selectPage<AgentRow>(
      this.sql,
      { columns: agentColumns('a'), from: 'agents a', where, params, orderBy: 'a.username COLLATE "C"' },
      page,
    );
    return { items: rows.map(toAgent), total };
  }

  findByUsername(username: string): Promise<Agent | undefined> {
    return this.read(this.sql, username);
  }

  /** Creates or replaces the agent; its routing history (picks, assignments) is kept. */
  upsert(username: string, fields: AgentFields): Promise<AgentWrite> {
    return changeRoster(this.changes, (tx) => this.write(tx, username, fields));
  }

  /** Changes the given fields of an existing agent. */
  update(username: string, change: Partial<AgentFields>): Promise<AgentWrite> {
    return changeRoster(this.changes, async (tx) => {
      const current = await this.read(tx, username);
      if (!current) return { kind: 'not-found' };
      return this.write(tx, username, { ...current, ...change, departmentIds: change.departmentIds });
    });
  }

  /** Deletes the agent; memberships and sticky assignments go with it (ON DELETE CASCADE). */
  delete(username: string): Promise<boolean> {
    return changeRoster(this.changes, async (tx) => (await tx.execute('DELETE FROM agents WHERE username = $1', [username])) > 0);
  }

  /** The given usernames that are not agents, in the order given. */
  async missingUsernames(tx: SqlRunner, usernames: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ username: string }>('SELECT username FROM agents WHERE username = ANY($1::text[])', [usernames]);
    const known = new Set(rows.map((r) => r.username));
    return usernames.filter((u) => !known.has(u));
  }

  private async read(runner: SqlRunner, username: string): Promise<Agent | undefined> {
    const [row] = await runner.query<AgentRow>(`SELECT ${agentColumns('a')} FROM agents a WHERE a.username = $1`, [username]);
    return row ? toAgent(row) : undefined;
  }

  private async write(tx: SqlRunner, username: string, fields: AgentFields): Promise<AgentWrite> {
    const departmentIds = fields.departmentIds === undefined ? undefined : [...new Set(fields.departmentIds.map((id) => id.toLowerCase()))];
    if (departmentIds) {
      const known = await tx.query<{ id: string }>('SELECT id::text FROM departments WHERE id = ANY($1::uuid[])', [departmentIds]);
      const knownIds = new Set(known.map((d) => d.id));
      const missing = departmentIds.filter((id) => !knownIds.has(id));
      if (missing.length > 0) return { kind: 'unknown-departments', departmentIds: missing };
    }
    const [{ created }] = await tx.query<{ created: boolean }>(
      `INSERT INTO agents (username, name, email, status, available) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO UPDATE SET
         name = EXCLUDED.name, email = EXCLUDED.email, status = EXCLUDED.status, available = EXCLUDED.available,
         updated_at = CASE
           WHEN (agents.name, agents.email, agents.status, agents.available)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.status, EXCLUDED.available)
           THEN now() ELSE agents.updated_at END
       RETURNING (xmax = 0) AS created`,
      [username, fields.name, fields.email, fields.status, fields.available],
    );
    if (departmentIds && (await replaceAgentDepartments(tx, username, departmentIds)) && !created) {
      await tx.execute('UPDATE agents SET updated_at = now() WHERE username = $1', [username]);
    }
    return { kind: 'written', agent: (await this.read(tx, username))!, created };
  }
}
