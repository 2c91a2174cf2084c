import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgentsRepository } from '../agents/agents.repository';
import { withRoutingLock } from '../routing/routing-lock';
import { replaceDepartmentAgents } from '../shared/memberships';
import type { PageRequest } from '../shared/page';
import { selectPage } from '../shared/select-page';
import { Department, DepartmentFields } from './department';
import { DEPARTMENT_COLUMNS, DepartmentRow, toDepartment } from './department-row';

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

/**
 * Departments and their members. Changes that alter who may be routed (enabling,
 * membership, deletion) run under the routing lock, like agent writes.
 */
@Injectable()
export class DepartmentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agents: AgentsRepository,
  ) {}

  async page(filter: DepartmentFilter, page: PageRequest): Promise<{ items: Department[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.enabled !== undefined) where.push(`d.enabled = $${params.push(filter.enabled)}`);
    if (filter.showOnRegistration !== undefined) where.push(`d.show_on_registration = $${params.push(filter.showOnRegistration)}`);
    const { rows, total } = await selectPage<DepartmentRow>(
      this.dataSource,
      { columns: DEPARTMENT_COLUMNS, from: 'departments d', where, params, orderBy: 'lower(d.name), d.id' },
      page,
    );
    return { items: rows.map(toDepartment), total };
  }

  findById(id: string): Promise<Department | undefined> {
    return this.read(this.dataSource.manager, id);
  }

  /** Throws the unique violation of {@link DEPARTMENT_NAME_INDEX} when the name is taken. */
  async create(fields: DepartmentFields): Promise<Department> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      'INSERT INTO departments (name, enabled, show_on_registration) VALUES ($1, $2, $3) RETURNING id',
      [fields.name, fields.enabled, fields.showOnRegistration],
    );
    return (await this.findById(id))!;
  }

  /** Changes the given fields; `undefined` when there is no such department. */
  update(id: string, change: Partial<DepartmentFields>): Promise<Department | undefined> {
    return withRoutingLock(this.dataSource, async (em) => {
      const current = await this.read(em, id);
      if (!current) return undefined;
      const next = { ...current, ...change };
      await em.query(
        `UPDATE departments SET name = $2, enabled = $3, show_on_registration = $4,
           updated_at = CASE WHEN (name, enabled, show_on_registration) IS DISTINCT FROM ($2, $3, $4)
                        THEN now() ELSE updated_at END
         WHERE id = $1`,
        [id, next.name, next.enabled, next.showOnRegistration],
      );
      return this.read(em, id);
    });
  }

  /** Deletes the department; its memberships go with it (ON DELETE CASCADE). */
  delete(id: string): Promise<boolean> {
    return withRoutingLock(this.dataSource, async (em) => {
      const [, count] = await em.query('DELETE FROM departments WHERE id = $1', [id]);
      return count > 0;
    });
  }

  /** Makes exactly these agents the members; with any unknown username nothing changes. */
  replaceMembers(id: string, usernames: readonly string[]): Promise<MembersWrite> {
    const wanted = [...new Set(usernames)];
    return withRoutingLock(this.dataSource, async (em) => {
      const [department] = await em.query('SELECT id FROM departments WHERE id = $1 FOR UPDATE', [id]);
      if (!department) return { kind: 'not-found' };
      const missing = await this.agents.missingUsernames(em, wanted);
      if (missing.length > 0) return { kind: 'unknown-agents', usernames: missing };
      if (await replaceDepartmentAgents(em, id, wanted)) await em.query('UPDATE departments SET updated_at = now() WHERE id = $1', [id]);
      return { kind: 'written', department: (await this.read(em, id))! };
    });
  }

  private async read(em: EntityManager, id: string): Promise<Department | undefined> {
    const rows: DepartmentRow[] = await em.query(`SELECT ${DEPARTMENT_COLUMNS} FROM departments d WHERE d.id = $1`, [id]);
    return rows[0] ? toDepartment(rows[0]) : undefined;
  }
}
