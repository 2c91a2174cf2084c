import type { SqlRunner } from '../database/sql';

/** A `schedule` rule anywhere in a trigger's condition tree naming `$id` in its `key` (see department-references). */
const NAMES_SCHEDULE = `lax $.** ? (@.name == "schedule" && @.key == $id)`;

/**
 * SQL: the jsonb conditions in `conditions` have a `schedule` rule naming the schedule whose
 * id is the lower-case text parameter `idParameter` (lower-cased document, substring test
 * first, as {@link namesDepartment} does and for the same reasons).
 */
export function namesSchedule(conditions: string, idParameter: string): string {
  const lowered = `lower(${conditions}::text)`;
  return `(strpos(${lowered}, ${idParameter}::text) > 0
    AND jsonb_path_exists(${lowered}::jsonb, '${NAMES_SCHEDULE}', jsonb_build_object('id', ${idParameter}::text)))`;
}

/** Every trigger, enabled or not, with a `schedule` rule naming `scheduleId`; inside the caller's transaction. */
export function triggersNamingSchedule(runner: SqlRunner, scheduleId: string): Promise<{ id: string; name: string }[]> {
  return runner.query<{ id: string; name: string }>(`SELECT t.id, t.name FROM triggers t WHERE ${namesSchedule('t.conditions', '$1')}`, [
    scheduleId.toLowerCase(),
  ]);
}
