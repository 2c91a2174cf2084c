import { Injectable } from '@nestjs/common';
import type { PageRequest } from '../../common/pagination/page';
import { selectPage } from '../../common/pagination/select-page';
import { ChangeFeed } from '../../database/change-feed';
import { Sql, type SqlRunner } from '../../database/sql';
import { AgentsRepository } from '../agents/agents.repository';
import { replaceDepartmentAgents } from '../shared/memberships';
import { changeRoster } from '../shared/routing-lock';
import type { Department, DepartmentFields } from './department';
import { DEPARTMENT_COLUMNS, type DepartmentRow, toDepartment } from './department-row';

export interface DepartmentFilter {
  readonly enabled?: boolean;
  readonly showOnRegistration?: boolean;
}

export type MembersWrite =
  | { readonly kind: 'written'; readonly department: Department }
  | { readonly kind: 'unknown-agents'; readonly usernames: readonly string[] }
  | { readonly kind: 'not-found' };

/** The unique index on `lower(name)`: a violation means the name is taken. */
export const DEPARTMENT_NAME_INDEX = 'UQ_departments_name';
/** The foreign key to `schedules`: a violation means the schedule named does not exist. */
export const DEPARTMENT_SCHEDULE_KEY = 'FK_departments_schedule';

/**
 * Departments and their members. Changes that alter who may be routed (enabling,
 * membership, deletion) run under the routing lock, like agent writes; every write is
 * announced on the change feed (availability lists departments by name).
 */
@Injectable()
export class DepartmentsRepository {
  constructor(
    private readonly sql: Sql,
    private readonly agents: AgentsRepository,
    private readonly changes: ChangeFeed,
  ) {}

  async page(filter: DepartmentFilter, page: PageRequest): Promise<{ items: Department[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.enabled !== undefined) where.push(`d.enabled = $${params.push(filter.enabled)}`);
    if (filter.showOnRegistration !== undefined) where.push(`d.show_on_registration = $${params.push(filter.showOnRegistration)}`);
    const { rows, total } = await selectPage<DepartmentRow>(
      this.sql,
      { columns: DEPARTMENT_COLUMNS, from: 'departments d', where, params, orderBy: 'lower(d.name), d.id' },
      page,
    );
    return { items: rows.map(toDepartment), total };
  }

  findById(id: string): Promise<Department | undefined> {
    return this.read(this.sql, id);
  }

  /** Throws the unique violation of {@link DEPARTMENT_NAME_INDEX} when the name is taken. */
  create(fields: DepartmentFields): Promise<Department> {
    return this.changes.writeAndAnnounce('agent_changes', '', async (tx) => {
      const [{ id }] = await tx.query<{ id: string }>(
        'INSERT INTO departments (name, enabled, show_on_registration, schedule_id) VALUES ($1, $2, $3, $4) RETURNING id',
        [fields.name, fields.enabled, fields.showOnRegistration, fields.scheduleId],
      );
      return (await this.read(tx, id))!;
    });
  }

  /** Changes the given fields; `undefined` when there is no such department. */
  update(id: string, change: Partial<DepartmentFields>): Promise<Department | undefined> {
    return changeRoster(this.changes, async (tx) => {
      const current = await this.read(tx, id);
      if (!current) return undefined;
      const next = { ...current, ...change };
      await tx.execute(
        `UPDATE departments SET name = $2, enabled = $3, show_on_registration = $4, schedule_id = $5,
           updated_at = CASE WHEN (name, enabled, show_on_registration, schedule_id) IS DISTINCT FROM ($2, $3, $4, $5::uuid)
                        THEN now() ELSE updated_at END
         WHERE id = $1`,
        [id, next.name, next.enabled, next.showOnRegistration, next.scheduleId],
      );
      return this.read(tx, id);
    });
  }

  /** Makes exactly these agents the members; with any unknown username nothing changes. */
  replaceMembers(id: string, usernames: readonly string[]): Promise<MembersWrite> {
    const wanted = [...new Set(usernames)];
    return changeRoster(this.changes, async (tx) => {
      const [department] = await tx.query<{ id: string }>('SELECT id FROM departments WHERE id = $1 FOR UPDATE', [id]);
      if (!department) return { kind: 'not-found' };
      const missing = await this.agents.missingUsernames(tx, wanted);
      if (missing.length > 0) return { kind: 'unknown-agents', usernames: missing };
      if (await replaceDepartmentAgents(tx, id, wanted)) await tx.execute('UPDATE departments SET updated_at = now() WHERE id = $1', [id]);
      return { kind: 'written', department: (await this.read(tx, id))! };
    });
  }

  private async read(runner: SqlRunner, id: string): Promise<Department | undefined> {
    const [row] = await runner.query<DepartmentRow>(`SELECT ${DEPARTMENT_COLUMNS} FROM departments d WHERE d.id = $1`, [id]);
    return row ? toDepartment(row) : undefined;
  }
}
