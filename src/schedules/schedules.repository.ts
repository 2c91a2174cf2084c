import { Injectable } from '@nestjs/common';
import { violatedUniqueConstraint } from '../common/errors/database-constraints';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import type { UsedBy } from '../common/errors/in-use';
import type { PageRequest } from '../common/pagination/page';
import { selectPage } from '../common/pagination/select-page';
import { ChangeFeed } from '../database/change-feed';
import { Sql, type SqlRunner } from '../database/sql';
import { likeContaining } from '../common/pagination/like-pattern';
import { triggersNamingSchedule } from '../triggers/schedule-references';
import type { ScheduleException, WeeklyWindow } from './model/schedule.types';
import type { ScheduleDefinition, ScheduleRecord } from './schedule';

/** The unique index on `lower(name)` (see the SchedulesAndActiveDates migration). */
export const SCHEDULE_NAME_INDEX = 'UQ_schedules_name';

const COLUMNS = 'id, name, time_zone, weekly, exceptions, version, created_at, updated_at';

const ORDER_BY: Readonly<Record<string, string>> = {
  name: 'lower(name) {dir}, id {dir}',
  createdAt: 'created_at {dir}, id {dir}',
  updatedAt: 'updated_at {dir}, id {dir}',
};

export interface ScheduleListQuery extends PageRequest {
  readonly sort: { readonly field: 'name' | 'createdAt' | 'updatedAt'; readonly descending: boolean };
  readonly nameContains?: string;
}

export type ScheduleWrite =
  { readonly status: 'done'; readonly record: ScheduleRecord } | { readonly status: 'missing' } | { readonly status: 'stale'; readonly currentVersion: number };

export type ScheduleDeletion =
  | { readonly status: 'done' }
  | { readonly status: 'missing' }
  | { readonly status: 'stale'; readonly currentVersion: number }
  | { readonly status: 'in-use'; readonly usedBy: readonly UsedBy[] };

interface ScheduleRow {
  id: string;
  name: string;
  time_zone: string;
  weekly: WeeklyWindow[];
  exceptions: ScheduleException[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * Every query on the `schedules` table. A write is announced on two channels in its own
 * transaction: triggers' `schedule` rules read the compiled schedules of the trigger
 * snapshot, and department schedules are part of the availability roster (DESIGN §13).
 * `expectedVersions` undefined means "whatever the current version is".
 */
@Injectable()
export class SchedulesRepository {
  constructor(
    private readonly sql: Sql,
    private readonly changes: ChangeFeed,
  ) {}

  async findById(id: string): Promise<ScheduleRecord | undefined> {
    const [row] = await this.sql.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules WHERE id = $1`, [id]);
    return row ? fromRow(row) : undefined;
  }

  /** Every schedule: what the trigger snapshot and the roster compile. */
  async findAll(): Promise<ScheduleRecord[]> {
    return (await this.sql.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules`)).map(fromRow);
  }

  async findPage(query: ScheduleListQuery): Promise<{ records: ScheduleRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.nameContains !== undefined) where.push(`lower(name) LIKE lower($${params.push(likeContaining(query.nameContains))}) ESCAPE '\\'`);
    const orderBy = ORDER_BY[query.sort.field].replaceAll('{dir}', query.sort.descending ? 'DESC' : 'ASC');
    const { rows, total } = await selectPage<ScheduleRow>(this.sql, { columns: COLUMNS, from: 'schedules', where, params, orderBy }, query);
    return { records: rows.map(fromRow), total };
  }

  create(definition: ScheduleDefinition): Promise<ScheduleRecord> {
    return this.write(async (tx) => {
      const [row] = await tx.query<ScheduleRow>(
        `INSERT INTO schedules (name, time_zone, weekly, exceptions) VALUES ($1, $2, $3::jsonb, $4::jsonb) RETURNING ${COLUMNS}`,
        definitionParams(definition),
      );
      return fromRow(row);
    });
  }

  /** Replaces the whole definition and bumps the version, if the stored version is expected. */
  updateIfVersion(id: string, definition: ScheduleDefinition, expectedVersions?: readonly number[]): Promise<ScheduleWrite> {
    return this.write(async (tx) => {
      const [row] = await tx.query<ScheduleRow>(
        `UPDATE schedules SET name = $3, time_zone = $4, weekly = $5::jsonb, exceptions = $6::jsonb, version = version + 1, updated_at = now()
         WHERE id = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[])) RETURNING ${COLUMNS}`,
        [id, expectedVersions ?? null, ...definitionParams(definition)],
      );
      return row ? { status: 'done', record: fromRow(row) } : whyNotWritten(tx, id);
    });
  }

  /**
   * Reads the schedule under a row lock and stores what `change` makes of it (a PATCH), in
   * one transaction; `change` may throw to write nothing and must not query.
   */
  updateLocked(id: string, change: (current: ScheduleRecord) => ScheduleDefinition): Promise<ScheduleRecord | undefined> {
    return this.write(async (tx) => {
      const [row] = await tx.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return undefined;
      const definition = change(fromRow(row));
      const [updated] = await tx.query<ScheduleRow>(
        `UPDATE schedules SET name = $2, time_zone = $3, weekly = $4::jsonb, exceptions = $5::jsonb, version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, ...definitionParams(definition)],
      );
      return fromRow(updated);
    });
  }

  /**
   * Deletes the schedule unless a trigger's `schedule` rule or a department names it
   * (DESIGN §13, §16), in one transaction: the row is locked first, so a trigger or
   * department save that names it (which locks it `FOR KEY SHARE`, or through the foreign
   * key) either committed before and is found here, or waits and then finds it gone.
   */
  deleteIfUnused(id: string, expectedVersions?: readonly number[]): Promise<ScheduleDeletion> {
    return this.write(async (tx) => {
      const [row] = await tx.query<{ version: number }>('SELECT version FROM schedules WHERE id = $1 FOR UPDATE', [id]);
      if (!row) return { status: 'missing' };
      if (expectedVersions && !expectedVersions.includes(row.version)) return { status: 'stale', currentVersion: row.version };
      const triggers = await triggersNamingSchedule(tx, id);
      const departments = await tx.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE schedule_id = $1', [id]);
      const usedBy: UsedBy[] = [
        ...triggers.map(({ id, name }) => ({ type: 'trigger' as const, id, name })),
        ...departments.map(({ id, name }) => ({ type: 'department' as const, id, name })),
      ];
      if (usedBy.length > 0) return { status: 'in-use', usedBy };
      await tx.execute('DELETE FROM schedules WHERE id = $1', [id]);
      return { status: 'done' };
    });
  }

  private async write<T>(run: (tx: SqlRunner) => Promise<T>): Promise<T> {
    try {
      return await this.changes.writeAndAnnounce(['trigger_changes', 'agent_changes'], '*', run);
    } catch (error) {
      if (violatedUniqueConstraint(error) === SCHEDULE_NAME_INDEX) {
        throw new DomainError(ErrorCode.ScheduleNameTaken, 'Another schedule already has this name (names are compared case-insensitively)', [
          { path: 'name', message: 'is already used by another schedule' },
        ]);
      }
      throw error;
    }
  }
}

async function whyNotWritten(tx: SqlRunner, id: string): Promise<ScheduleWrite> {
  const [row] = await tx.query<{ version: number }>('SELECT version FROM schedules WHERE id = $1', [id]);
  return row ? { status: 'stale', currentVersion: row.version } : { status: 'missing' };
}

function definitionParams(d: ScheduleDefinition): unknown[] {
  return [d.name, d.timeZone, JSON.stringify(d.weekly), JSON.stringify(d.exceptions)];
}

function fromRow(row: ScheduleRow): ScheduleRecord {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    // jsonb keeps arrays in order but sorts object keys by length: put them back in the documented order
    weekly: row.weekly.map(({ day, from, to }) => ({ day, from, to })),
    exceptions: row.exceptions.map(({ date, windows }) => ({ date, windows: windows.map(({ from, to }) => ({ from, to })) })),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
