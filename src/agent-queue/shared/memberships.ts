import type { SqlRunner } from '../../database/sql';

type Side = { readonly column: 'username'; readonly type: 'text' } | { readonly column: 'department_id'; readonly type: 'uuid' };

const AGENT: Side = { column: 'username', type: 'text' };
const DEPARTMENT: Side = { column: 'department_id', type: 'uuid' };

/**
 * Makes the memberships of one agent (or one department) exactly `others`; tells whether
 * anything changed. The caller has checked that every key exists.
 */
async function replaceMemberships(tx: SqlRunner, own: Side, key: string, other: Side, others: readonly string[]): Promise<boolean> {
  const removed = await tx.execute(`DELETE FROM department_agents WHERE ${own.column} = $1 AND NOT (${other.column} = ANY($2::${other.type}[]))`, [
    key,
    others,
  ]);
  const added = await tx.execute(
    `INSERT INTO department_agents (${own.column}, ${other.column}) SELECT $1, unnest($2::${other.type}[])
     ON CONFLICT DO NOTHING`,
    [key, others],
  );
  return removed > 0 || added > 0;
}

export const replaceAgentDepartments = (tx: SqlRunner, username: string, departmentIds: readonly string[]) =>
  replaceMemberships(tx, AGENT, username, DEPARTMENT, departmentIds);

export const replaceDepartmentAgents = (tx: SqlRunner, departmentId: string, usernames: readonly string[]) =>
  replaceMemberships(tx, DEPARTMENT, departmentId, AGENT, usernames);
