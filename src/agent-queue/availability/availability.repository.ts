import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import type { AgentStatus } from '../agents/agent';
import type { OfferedDepartment } from './offered-department';

/**
 * Who is available, counted by the same `routable_agents` function the picks use (the
 * RoutingPickFunction migration), so "available" has one definition (DESIGN §4).
 */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly sql: Sql) {}

  async count(statuses: readonly AgentStatus[], departmentId: string | null): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM routable_agents($1, $2)', [statuses, departmentId]);
    return row.n;
  }

  /** The first enabled department shown on registration with an available agent: by name, case-insensitively, ties by id. */
  async firstRegistrationDepartmentWithAgents(statuses: readonly AgentStatus[]): Promise<string | undefined> {
    const [row] = await this.sql.query<{ id: string }>(
      `SELECT d.id FROM departments d
       WHERE d.enabled AND d.show_on_registration AND EXISTS (SELECT 1 FROM routable_agents($1, d.id))
       ORDER BY lower(d.name), d.id LIMIT 1`,
      [statuses],
    );
    return row?.id;
  }

  async departmentExists(id: string): Promise<boolean> {
    return (await this.sql.query('SELECT 1 FROM departments WHERE id = $1', [id])).length > 0;
  }

  /** Enabled departments with at least one member, by name (case-insensitively), ties by id. */
  async offeredDepartments(): Promise<OfferedDepartment[]> {
    const rows = await this.sql.query<{ id: string; name: string; show_on_registration: boolean }>(
      `SELECT d.id, d.name, d.show_on_registration FROM departments d
       WHERE d.enabled AND EXISTS (SELECT 1 FROM department_agents m WHERE m.department_id = d.id)
       ORDER BY lower(d.name), d.id`,
    );
    return rows.map((row) => ({ id: row.id, name: row.name, showOnRegistration: row.show_on_registration }));
  }
}
