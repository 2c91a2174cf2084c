import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import { compileStored } from '../../schedules/schedule';
import type { ScheduleException, WeeklyWindow } from '../../schedules/model/schedule.types';
import type { RosterAgent, RosterDepartment } from './roster';

interface DepartmentRow {
  id: string;
  name: string;
  enabled: boolean;
  show_on_registration: boolean;
  has_members: boolean;
  time_zone: string | null;
  weekly: WeeklyWindow[] | null;
  exceptions: ScheduleException[] | null;
}

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

  /** Every department, with its schedule compiled when it follows one (DESIGN §13). */
  async departments(): Promise<RosterDepartment[]> {
    const rows = await this.sql.query<DepartmentRow>(
      `SELECT d.id::text, d.name, d.enabled, d.show_on_registration,
              EXISTS (SELECT 1 FROM department_agents m WHERE m.department_id = d.id) AS has_members,
              s.time_zone, s.weekly, s.exceptions
       FROM departments d LEFT JOIN schedules s ON s.id = d.schedule_id`,
    );
    return rows.map((row) => {
      const schedule =
        row.time_zone === null
          ? undefined
          : compileStored({ timeZone: row.time_zone, weekly: row.weekly ?? [], exceptions: row.exceptions ?? [] }, `department ${row.id}'s schedule`);
      return {
        id: row.id,
        name: row.name,
        enabled: row.enabled,
        showOnRegistration: row.show_on_registration,
        hasMembers: row.has_members,
        ...(schedule ? { schedule } : {}),
      };
    });
  }
}
