import type { Agent, AgentStatus } from './agent';

/** An agent as selected by {@link agentColumns}. */
export interface AgentRow {
  username: string;
  name: string;
  email: string | null;
  status: AgentStatus;
  available: boolean;
  department_ids: string[];
  assigned_count: number;
  last_routed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The columns every agent read selects, memberships included, for the table aliased `alias`. */
export function agentColumns(alias: string): string {
  return `${alias}.username, ${alias}.name, ${alias}.email, ${alias}.status, ${alias}.available,
    ${alias}.assigned_count, ${alias}.last_routed_at, ${alias}.created_at, ${alias}.updated_at,
    ARRAY(SELECT m.department_id::text FROM department_agents m WHERE m.username = ${alias}.username
          ORDER BY m.department_id) AS department_ids`;
}

export function toAgent(row: AgentRow): Agent {
  return {
    username: row.username,
    name: row.name,
    email: row.email,
    status: row.status,
    available: row.available,
    departmentIds: row.department_ids,
    assignedCount: row.assigned_count,
    lastRoutedAt: row.last_routed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
