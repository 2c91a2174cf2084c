import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import type { RosterAgent, RosterDepartment } from './roster';

/** The rows a {@link Roster} is built from: agents that could count, and every department. */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly sql: Sql) {}

  async agents(): Promise<RosterAgent[]> {
    const rows = await this.sql.query<{ status: RosterAgent['status']; department_ids: string[] }>(
      `SELECT a.status, ARRAY(SELECT m.department_id::text FROM department_agents m WHERE m.username = a.username) AS department_ids
       FROM agents a WHERE a.available AND a.status <> 'offline'`,
    );
    return rows.map((row) => ({ status: row.status, departmentIds: row.department_ids }));
  }

  async departments(): Promise<RosterDepartment[]> {
    const rows = await this.sql.query<{ id: string; name: string; enabled: boolean; show_on_registration: boolean; has_members: boolean }>(
      `SELECT d.id::text, d.name, d.enabled, d.show_on_registration,
              EXISTS (SELECT 1 FROM department_agents m WHERE m.department_id = d.id) AS has_members
       FROM departments d`,
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      enabled: row.enabled,
      showOnRegistration: row.show_on_registration,
      hasMembers: row.has_members,
    }));
  }
}
