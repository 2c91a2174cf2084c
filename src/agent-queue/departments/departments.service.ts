import { Injectable } from '@nestjs/common';
import { violatedUniqueConstraint } from '../../common/errors/database-constraints';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { type Page, pageRequest } from '../../common/pagination/page';
import { unknownReferencesError } from '../shared/unknown-references';
import { Department, DEPARTMENT_DEFAULTS } from './department';
import type { CreateDepartmentDto, DepartmentListQueryDto, UpdateDepartmentDto } from './department-request.dto';
import { DEPARTMENT_NAME_INDEX, DepartmentsRepository } from './departments.repository';

@Injectable()
export class DepartmentsService {
  constructor(private readonly departments: DepartmentsRepository) {}

  async list(query: DepartmentListQueryDto): Promise<Page<Department>> {
    const page = pageRequest(query);
    const { items, total } = await this.departments.page({ enabled: query.enabled, showOnRegistration: query.showOnRegistration }, page);
    return { items, total, ...page };
  }

  async get(id: string): Promise<Department> {
    const department = await this.departments.findById(id);
    if (!department) throw DomainError.notFound('Department');
    return department;
  }

  create(body: CreateDepartmentDto): Promise<Department> {
    return this.nameChecked(body.name, () =>
      this.departments.create({
        name: body.name,
        enabled: body.enabled ?? DEPARTMENT_DEFAULTS.enabled,
        showOnRegistration: body.showOnRegistration ?? DEPARTMENT_DEFAULTS.showOnRegistration,
      }),
    );
  }

  async update(id: string, body: UpdateDepartmentDto): Promise<Department> {
    const change = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.showOnRegistration !== undefined ? { showOnRegistration: body.showOnRegistration } : {}),
    };
    const department = await this.nameChecked(body.name, () => this.departments.update(id, change));
    if (!department) throw DomainError.notFound('Department');
    return department;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.departments.delete(id))) throw DomainError.notFound('Department');
  }

  async setMembers(id: string, usernames: readonly string[]): Promise<Department> {
    const result = await this.departments.replaceMembers(id, usernames);
    switch (result.kind) {
      case 'written':
        return result.department;
      case 'not-found':
        throw DomainError.notFound('Department');
      case 'unknown-agents':
        throw unknownReferencesError('usernames', usernames, result.usernames, 'agent');
    }
  }

  private async nameChecked<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (violatedUniqueConstraint(error) === DEPARTMENT_NAME_INDEX) {
        throw new DomainError(ErrorCode.DepartmentNameTaken, `A department named "${name}" already exists`);
      }
      throw error;
    }
  }
}
