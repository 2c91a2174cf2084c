import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { violatedUniqueConstraint } from '../common/errors/database-constraints';
import { ErrorCode } from '../common/errors/error-code';
import { ChangeFeed } from '../database/change-feed';
import { likeContaining, TriggerListQuery, TriggerSort } from './model/list-query';
import type { TriggerDefinition, TriggerRecord } from './model/trigger.types';
import { TriggerEntity } from './trigger.entity';

/** The unique index on `lower(name)` (see the CreateTriggers migration). */
export const TRIGGER_NAME_INDEX = 'UQ_triggers_name';

const COLUMNS = `id, name, description, enabled, run_once, priority, match, conditions, actions, version, created_at, updated_at`;

/** SET clause for a whole new definition (definitionParams from parameter $`first` on), a new version and update time. */
function setDefinition(first: number): string {
  const [name, description, enabled, runOnce, priority, match, conditions, actions] = Array.from({ length: 8 }, (_, i) => `$${first + i}`);
  return `name = ${name}, description = ${description}, enabled = ${enabled}, run_once = ${runOnce}, priority = ${priority},
    match = ${match}, conditions = ${conditions}::jsonb, actions = ${actions}::jsonb, version = version + 1, updated_at = now()`;
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

/** Runs one statement and answers the rows it returned (RETURNING included). */
type Sql = <T>(text: string, params: readonly unknown[]) => Promise<T[]>;

interface TriggerRow {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  run_once: boolean;
  priority: number;
  match: TriggerEntity['match'];
  conditions: TriggerEntity['conditions'];
  actions: TriggerEntity['actions'];
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
    @InjectRepository(TriggerEntity) private readonly triggers: Repository<TriggerEntity>,
    private readonly changes: ChangeFeed,
  ) {}

  async findById(id: string): Promise<TriggerRecord | undefined> {
    const rows: TriggerRow[] = await this.triggers.query(`SELECT ${COLUMNS} FROM triggers WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** One page of the list and the number of triggers matching its filters. */
  async findPage(query: TriggerListQuery): Promise<{ records: TriggerRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.enabled !== undefined) {
      params.push(query.enabled);
      where.push(`enabled = $${params.length}`);
    }
    if (query.nameContains !== undefined) {
      params.push(likeContaining(query.nameContains));
      where.push(`lower(name) LIKE lower($${params.length}) ESCAPE '\\'`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const direction = query.sort.descending ? 'DESC' : 'ASC';
    const orderBy = ORDER_BY[query.sort.field].map((column) => `${column} ${direction}`).join(', ');
    const page = params.length;
    // the page and the number of matches from one scan of the matching rows (perf: the list
    // benchmark's searches read every trigger; two statements read them twice)
    const rows: (TriggerRow & { total: number })[] = await this.triggers.query(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM triggers ${filter} ORDER BY ${orderBy} LIMIT $${page + 1} OFFSET $${page + 2}`,
      [...params, query.limit, query.offset],
    );
    if (rows.length > 0) return { records: rows.map(fromRow), total: rows[0].total };
    // a page past the end has no row to carry the count
    if (query.offset === 0) return { records: [], total: 0 };
    const [{ total }]: { total: number }[] = await this.triggers.query(`SELECT count(*)::int AS total FROM triggers ${filter}`, params);
    return { records: [], total };
  }

  /** Every enabled trigger, in firing order (priority, then name): what evaluation compiles. */
  async findAllEnabled(): Promise<TriggerRecord[]> {
    const rows: TriggerRow[] = await this.triggers.query(`SELECT ${COLUMNS} FROM triggers WHERE enabled ORDER BY priority ASC, lower(name) ASC, id ASC`);
    return rows.map(fromRow);
  }

  /** Every trigger, enabled or not, in firing order: what a dry-run explain evaluates. */
  async findAll(): Promise<TriggerRecord[]> {
    const rows: TriggerRow[] = await this.triggers.query(`SELECT ${COLUMNS} FROM triggers ORDER BY priority ASC, lower(name) ASC, id ASC`);
    return rows.map(fromRow);
  }

  async create(definition: TriggerDefinition): Promise<TriggerRecord> {
    return this.write(async (sql) => {
      const rows = await sql<TriggerRow>(
        `INSERT INTO triggers (name, description, enabled, run_once, priority, match, conditions, actions)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) RETURNING ${COLUMNS}`,
        definitionParams(definition),
      );
      return fromRow(rows[0]);
    });
  }

  /** Replaces the whole definition and bumps the version, if the stored version is expected. */
  async updateIfVersion(id: string, definition: TriggerDefinition, expectedVersions?: readonly number[]): Promise<ConditionalWrite<TriggerRecord>> {
    return this.write(async (sql) => {
      const rows = await sql<TriggerRow>(
        `UPDATE triggers SET ${setDefinition(3)}
         WHERE id = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))
         RETURNING ${COLUMNS}`,
        [id, expectedVersions ?? null, ...definitionParams(definition)],
      );
      if (rows[0]) return { status: 'done', value: fromRow(rows[0]) };
      return whyNotWritten(sql, id);
    });
  }

  /**
   * Reads the trigger under a row lock and stores what `change` makes of it, in one
   * transaction: concurrent read-modify-writes of one trigger queue behind each other
   * instead of failing or losing a change. `change` may throw to write nothing; it must
   * not query (it runs while this transaction holds a connection). Undefined: no such trigger.
   */
  async updateLocked(id: string, change: (current: TriggerRecord) => TriggerDefinition): Promise<TriggerRecord | undefined> {
    return this.write(async (sql) => {
      const [row] = await sql<TriggerRow>(`SELECT ${COLUMNS} FROM triggers WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return undefined;
      const definition = change(fromRow(row));
      const [updated] = await sql<TriggerRow>(`UPDATE triggers SET ${setDefinition(2)} WHERE id = $1 RETURNING ${COLUMNS}`, [
        id,
        ...definitionParams(definition),
      ]);
      return fromRow(updated);
    });
  }

  async deleteIfVersion(id: string, expectedVersions?: readonly number[]): Promise<ConditionalWrite<null>> {
    return this.write(async (sql) => {
      const rows = await sql<{ id: string }>(`DELETE FROM triggers WHERE id = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[])) RETURNING id`, [
        id,
        expectedVersions ?? null,
      ]);
      if (rows[0]) return { status: 'done', value: null };
      return whyNotWritten(sql, id);
    });
  }

  /**
   * Every write runs here, on one connection, and is announced to every instance's trigger
   * cache (a NOTIFY in the same transaction).
   */
  private async write<T>(run: (sql: Sql) => Promise<T>): Promise<T> {
    const runner = this.triggers.manager.connection.createQueryRunner();
    try {
      // structured results: TypeORM otherwise answers UPDATE and DELETE with [rows, rowCount]
      const sql: Sql = async <R>(text: string, params: readonly unknown[]) => (await runner.query(text, [...params], true)).records as R[];
      // every instance's trigger cache reloads on any change
      return await this.changes.writeAndAnnounce(runner, 'trigger_changes', '*', () => run(sql));
    } catch (error) {
      if (violatedUniqueConstraint(error) === TRIGGER_NAME_INDEX) {
        throw new DomainError(ErrorCode.TriggerNameTaken, 'Another trigger already has this name (names are compared case-insensitively)', [
          { path: 'name', message: 'is already used by another trigger' },
        ]);
      }
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/** After a conditional write touched no row: the trigger is gone, or at another version. */
async function whyNotWritten(sql: Sql, id: string): Promise<{ status: 'missing' } | { status: 'stale'; currentVersion: number }> {
  const rows = await sql<{ version: number }>('SELECT version FROM triggers WHERE id = $1', [id]);
  return rows[0] ? { status: 'stale', currentVersion: rows[0].version } : { status: 'missing' };
}

function definitionParams(d: TriggerDefinition): unknown[] {
  return [d.name, d.description, d.enabled, d.runOnce, d.priority, d.match, JSON.stringify(d.conditions), JSON.stringify(d.actions)];
}

function fromRow(row: TriggerRow): TriggerRecord {
  return Object.assign(new TriggerEntity(), {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    runOnce: row.run_once,
    priority: row.priority,
    match: row.match,
    conditions: row.conditions,
    actions: row.actions,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
