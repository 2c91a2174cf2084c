import type { EntityManager } from 'typeorm';

type Side = { readonly column: 'username'; readonly type: 'text' } | { readonly column: 'department_id'; readonly type: 'uuid' };

const AGENT: Side = { column: 'username', type: 'text' };
const DEPARTMENT: Side = { column: 'department_id', type: 'uuid' };

/**
 * Makes the memberships of one agent (or one department) exactly `others`; tells whether
 * anything changed. The caller has checked that every key exists.
 */
async function replaceMemberships(em: EntityManager, own: Side, key: string, other: Side, others: readonly string[]): Promise<boolean> {
  const [, removed] = await em.query(`DELETE FROM department_agents WHERE ${own.column} = $1 AND NOT (${other.column} = ANY($2::${other.type}[]))`, [
    key,
    others,
  ]);
  const added: unknown[] = await em.query(
    `INSERT INTO department_agents (${own.column}, ${other.column}) SELECT $1, unnest($2::${other.type}[])
     ON CONFLICT DO NOTHING RETURNING 1`,
    [key, others],
  );
  return removed > 0 || added.length > 0;
}

export const replaceAgentDepartments = (em: EntityManager, username: string, departmentIds: readonly string[]) =>
  replaceMemberships(em, AGENT, username, DEPARTMENT, departmentIds);

export const replaceDepartmentAgents = (em: EntityManager, departmentId: string, usernames: readonly string[]) =>
  replaceMemberships(em, DEPARTMENT, departmentId, AGENT, usernames);
