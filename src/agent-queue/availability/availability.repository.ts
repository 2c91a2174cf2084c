import { Injectable } from '@nestjs/common';
import { type PreparedStatement, Sql } from '../../database/sql';
import type { AgentStatus } from '../agents/agent';
import type { OfferedDepartment } from './offered-department';

// Prepared: PostgreSQL inlines `routable_agents` and plans these in ≈ 0.3–0.8 ms, more than
// they take to run; a widget load asks for them every time (bench rocketchat-config).
const COUNT: PreparedStatement = { name: 'availability_count', text: 'SELECT count(*)::int AS n FROM routable_agents($1, $2)' };
const FIRST_REGISTRATION_DEPARTMENT: PreparedStatement = {
  name: 'availability_first_registration_department',
  text: `SELECT d.id FROM departments d
         WHERE d.enabled AND d.show_on_registration AND EXISTS (SELECT 1 FROM routable_agents($1, d.id))
         ORDER BY lower(d.name), d.id LIMIT 1`,
};
const OFFERED_DEPARTMENTS: PreparedStatement = {
  name: 'availability_offered_departments',
  text: `SELECT d.id, d.name, d.show_on_registration FROM departments d
         WHERE d.enabled AND EXISTS (SELECT 1 FROM department_agents m WHERE m.department_id = d.id)
         ORDER BY lower(d.name), d.id`,
};

/**
 * Who is available, counted by the same `routable_agents` function the picks use (the
 * RoutingPickFunction migration), so "available" has one definition (DESIGN §4).
 */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly sql: Sql) {}

  async count(statuses: readonly AgentStatus[], departmentId: string | null): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>(COUNT, [statuses, departmentId]);
    return row.n;
  }

  /** The first enabled department shown on registration with an available agent: by name, case-insensitively, ties by id. */
  async firstRegistrationDepartmentWithAgents(statuses: readonly AgentStatus[]): Promise<string | undefined> {
    const [row] = await this.sql.query<{ id: string }>(FIRST_REGISTRATION_DEPARTMENT, [statuses]);
    return row?.id;
  }

  /** Enabled departments with at least one member, by name (case-insensitively), ties by id. */
  async offeredDepartments(): Promise<OfferedDepartment[]> {
    const rows = await this.sql.query<{ id: string; name: string; show_on_registration: boolean }>(OFFERED_DEPARTMENTS);
    return rows.map((row) => ({ id: row.id, name: row.name, showOnRegistration: row.show_on_registration }));
  }
}
