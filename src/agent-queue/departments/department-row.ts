import type { Department } from './department';

export interface DepartmentRow {
  id: string;
  name: string;
  enabled: boolean;
  show_on_registration: boolean;
  schedule_id: string | null;
  usernames: string[];
  created_at: Date;
  updated_at: Date;
}

/** The columns every department read selects, members included. */
export const DEPARTMENT_COLUMNS = `d.id, d.name, d.enabled, d.show_on_registration, d.schedule_id::text AS schedule_id, d.created_at, d.updated_at,
  ARRAY(SELECT m.username FROM department_agents m WHERE m.department_id = d.id ORDER BY m.username COLLATE "C") AS usernames`;

export function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    showOnRegistration: row.show_on_registration,
    scheduleId: row.schedule_id,
    usernames: row.usernames,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
