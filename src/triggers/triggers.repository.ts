import { Injectable } from '@nestjs/common';
import { violatedUniqueConstraint } from '../common/errors/database-constraints';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { selectPage } from '../common/pagination/select-page';
import { ChangeFeed } from '../database/change-feed';
import { Sql, type SqlRunner } from '../database/sql';
import { departmentReferences, scheduleReferences } from '../conditions';
import { namesDepartment } from './department-references';
import { namesSchedule } from './schedule-references';
import { likeContaining } from '../common/pagination/like-pattern';
import type { TriggerListQuery, TriggerSort } from './model/list-query';
import type { Action, Condition, MatchMode, TriggerDefinition, TriggerRecord } from './model/trigger.types';

/** The unique index on `lower(name)` (see the CreateTriggers migration). */
export const TRIGGER_NAME_INDEX = 'UQ_triggers_name';

const COLUMNS = `id, name, description, enabled, run_once, priority, match, conditions, actions, active_from, active_until, frequency, version, created_at, updated_at`;

/** SET clause for a whole new definition (definitionParams from parameter $`first` on), a new version and update time. */
function setDefinition(first: number): string {
  const [name, description, enabled, runOnce, priority, match, conditions, actions, activeFrom, activeUntil, frequency] = Array.from(
    { length: 11 },
    (_, i) => `$${first + i}`,
  );
  return `name = ${name}, description = ${description}, enabled = ${enabled}, run_once = ${runOnce}, priority = ${priority},
    match = ${match}, conditions = ${conditions}::jsonb, actions = ${actions}::jsonb, active_from = ${activeFrom}, active_until = ${activeUntil},
    frequency_epoch = ${nextFrequencyEpoch(`${frequency}::jsonb`)}, frequency = ${frequency}::jsonb,
    version = version + 1, updated_at = now()`;
}

/**
 * The epoch of the frequency counters (DESIGN §16): a new one, so counters start empty, when
 * `frequency` is set from null or its `per` changes; the same when only `max` or
 * `cooldownSeconds` change. (Set before `frequency` in the SET list, it reads the stored one.)
 */
function nextFrequencyEpoch(next: string): string {
  return `CASE WHEN ${next} IS NOT NULL AND (frequency IS NULL OR frequency->>'per' IS DISTINCT FROM ${next}->>'per') THEN frequency_epoch + 1 ELSE frequency_epoch END`;
}

/** ORDER BY per sort field; ties are broken in the same direction, so one index scan serves either way. */
const ORDER_BY: Readonly<Record<TriggerSort['field'], readonly string[]>> = {
  name: ['lower(name)', 'id'],
  priority: ['priority', 'lower(name)', 'id'],
  createdAt: ['created_at', 'id'],
  updatedAt: ['updated_at', 'id'],
};

/** The result of a write that names the versions it expects. */
export type ConditionalWrite<T> =
  { readonly status: 'done'; readonly value: T } | { readonly status: 'missing' } | { readonly status: 'stale'; readonly currentVersion: number };

interface TriggerRow {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  run_once: boolean;
  priority: number;
  match: MatchMode;
  conditions: Condition[];
  actions: Action[];
  active_from: Date | null;
  active_until: Date | null;
  frequency: TriggerRecord['frequency'];
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * Every query on the `triggers` table. Writes go through {@link write}, which announces each
 * change to every instance's trigger cache (a NOTIFY in the same transaction).
 * `expectedVersions` undefined means "whatever the current version is"; otherwise the
 * write happens only when the stored version is one of them, in one atomic statement.
 */
@Injectable()
export class TriggersRepository {
  constructor(
    private readonly sql: Sql,
    private readonly changes: ChangeFeed,
  ) {}

  async findById(id: string): Promise<TriggerRecord | undefined> {
    const [row] = await this.sql.query<TriggerRow>(`SELECT ${COLUMNS} FROM triggers WHERE id = $1`, [id]);
    return row ? fromRow(row) : undefined;
  }

  /** One page of the list and the number of triggers matching its filters. */
  async findPage(query: TriggerListQuery): Promise<{ records: TriggerRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.enabled !== undefined) where.push(`enabled = $${params.push(query.enabled)}`);
    if (query.nameContains !== undefined) where.push(`lower(name) LIKE lower($${params.push(likeContaining(query.nameContains))}) ESCAPE '\\'`);
    if (query.departmentId !== undefined) where.push(namesDepartment('conditions', `$${params.push(query.departmentId)}`));
    if (query.scheduleId !== undefined) where.push(namesSchedule('conditions', `$${params.push(query.scheduleId)}`));
    const direction = query.sort.descending ? 'DESC' : 'ASC';
    const orderBy = ORDER_BY[query.sort.field].map((column) => `${column} ${direction}`).join(', ');
    const { rows, total } = await selectPage<TriggerRow>(this.sql, { columns: COLUMNS, from: 'triggers', where, params, orderBy }, query);
    return { records: rows.map(fromRow), total };
  }

  /** Every enabled trigger: what the trigger cache compiles (evaluation puts them in firing order). */
  async findAllEnabled(): Promise<TriggerRecord[]> {
    return (await this.sql.query<TriggerRow>(`SELECT ${COLUMNS} FROM triggers WHERE enabled`)).map(fromRow);
  }

  /** Every trigger, enabled or not: what a dry-run explain evaluates. */
  async findAll(): Promise<TriggerRecord[]> {
    return (await this.sql.query<TriggerRow>(`SELECT ${COLUMNS} FROM triggers`)).map(fromRow);
  }

  async create(definition: TriggerDefinition): Promise<TriggerRecord> {
    return this.write(async (tx) => {
      await lockNamedReferences(tx, definition.conditions);
      const [row] = await tx.query<TriggerRow>(
        `INSERT INTO triggers (name, description, enabled, run_once, priority, match, conditions, actions, active_from, active_until, frequency)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11::jsonb) RETURNING ${COLUMNS}`,
        definitionParams(definition),
      );
      return fromRow(row);
    });
  }

  /** Replaces the whole definition and bumps the version, if the stored version is expected. */
  async updateIfVersion(id: string, definition: TriggerDefinition, expectedVersions?: readonly number[]): Promise<ConditionalWrite<TriggerRecord>> {
    return this.write(async (tx) => {
      await lockNamedReferences(tx, definition.conditions);
      const [row] = await tx.query<TriggerRow>(
        `UPDATE triggers SET ${setDefinition(3)}
         WHERE id = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))
         RETURNING ${COLUMNS}`,
        [id, expectedVersions ?? null, ...definitionParams(definition)],
      );
      if (row) return { status: 'done', value: fromRow(row) };
      return whyNotWritten(tx, id);
    });
  }

  /**
   * Reads the trigger under a row lock and stores what `change` makes of it, in one
   * transaction: concurrent read-modify-writes of one trigger queue behind each other
   * instead of failing or losing a change. `change` may throw to write nothing; it must
   * not query (it runs while this transaction holds a connection). Undefined: no such trigger.
   * With `conditionsChanged`, the departments the new conditions name are checked and locked.
   */
  async updateLocked(id: string, change: (current: TriggerRecord) => TriggerDefinition, conditionsChanged: boolean): Promise<TriggerRecord | undefined> {
    return this.write(async (tx) => {
      const [row] = await tx.query<TriggerRow>(`SELECT ${COLUMNS} FROM triggers WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return undefined;
      const definition = change(fromRow(row));
      if (conditionsChanged) await lockNamedReferences(tx, definition.conditions);
      const [updated] = await tx.query<TriggerRow>(`UPDATE triggers SET ${setDefinition(2)} WHERE id = $1 RETURNING ${COLUMNS}`, [
        id,
        ...definitionParams(definition),
      ]);
      return fromRow(updated);
    });
  }

  async deleteIfVersion(id: string, expectedVersions?: readonly number[]): Promise<ConditionalWrite<null>> {
    return this.write(async (tx) => {
      const deleted = await tx.execute(`DELETE FROM triggers WHERE id = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))`, [
        id,
        expectedVersions ?? null,
      ]);
      if (deleted > 0) return { status: 'done', value: null };
      return whyNotWritten(tx, id);
    });
  }

  /**
   * Every write runs here, in one transaction, and is announced to every instance's trigger
   * cache (a NOTIFY in the same transaction): any change reloads the whole cache.
   */
  private async write<T>(run: (tx: SqlRunner) => Promise<T>): Promise<T> {
    try {
      return await this.changes.writeAndAnnounce('trigger_changes', '*', run);
    } catch (error) {
      if (violatedUniqueConstraint(error) === TRIGGER_NAME_INDEX) {
        throw new DomainError(ErrorCode.TriggerNameTaken, 'Another trigger already has this name (names are compared case-insensitively)', [
          { path: 'name', message: 'is already used by another trigger' },
        ]);
      }
      throw error;
    }
  }
}

/**
 * A rule must name a stored department or schedule (DESIGN §11, §13): 400 at each value (or key) that does not.
 * Checked inside the trigger's write, with the departments locked `FOR KEY SHARE` until it
 * commits: a department delete (which locks its row `FOR UPDATE`, then looks for triggers
 * naming it) either waits for this write and then sees the trigger (409 `department-in-use`),
 * or went first and this write finds the department gone (400). No rule is stored naming a
 * department that no longer exists.
 */
async function lockNamedReferences(tx: SqlRunner, conditions: readonly Condition[]): Promise<void> {
  const errors = [
    ...(await unknownOf(tx, 'departments', 'department', departmentReferences(conditions))),
    ...(await unknownOf(tx, 'schedules', 'schedule', scheduleReferences(conditions))),
  ];
  if (errors.length > 0) throw DomainError.validation(errors);
}

/** The references to rows of `table` that do not exist, as field errors; the others are locked `FOR KEY SHARE`. */
async function unknownOf(
  tx: SqlRunner,
  table: 'departments' | 'schedules',
  what: string,
  references: readonly { readonly path: string; readonly id: string }[],
): Promise<{ path: string; message: string }[]> {
  if (references.length === 0) return [];
  const ids = [...new Set(references.map((reference) => reference.id))];
  const rows = await tx.query<{ id: string }>(`SELECT id::text AS id FROM ${table} WHERE id = ANY($1::uuid[]) FOR KEY SHARE`, [ids]);
  const known = new Set(rows.map((row) => row.id));
  return references.filter((reference) => !known.has(reference.id)).map(({ path, id }) => ({ path, message: `${id} is not a known ${what} id` }));
}

/** After a conditional write touched no row: the trigger is gone, or at another version. */
async function whyNotWritten(tx: SqlRunner, id: string): Promise<{ status: 'missing' } | { status: 'stale'; currentVersion: number }> {
  const [row] = await tx.query<{ version: number }>('SELECT version FROM triggers WHERE id = $1', [id]);
  return row ? { status: 'stale', currentVersion: row.version } : { status: 'missing' };
}

function definitionParams(d: TriggerDefinition): unknown[] {
  return [
    d.name,
    d.description,
    d.enabled,
    d.runOnce,
    d.priority,
    d.match,
    JSON.stringify(d.conditions),
    JSON.stringify(d.actions),
    d.activeFrom,
    d.activeUntil,
    d.frequency && JSON.stringify(d.frequency),
  ];
}

function fromRow(row: TriggerRow): TriggerRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    runOnce: row.run_once,
    priority: row.priority,
    match: row.match,
    conditions: row.conditions,
    actions: row.actions,
    activeFrom: row.active_from,
    activeUntil: row.active_until,
    frequency: row.frequency,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
