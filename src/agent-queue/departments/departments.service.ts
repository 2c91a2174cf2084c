import { Injectable } from '@nestjs/common';
import { violatedForeignKey, violatedUniqueConstraint } from '../../common/errors/database-constraints';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { inUseError } from '../../common/errors/in-use';
import { type Page, pageRequest } from '../../common/pagination/page';
import type { DepartmentReference } from '../../triggers/department-references';
import { unknownReferencesError } from '../shared/unknown-references';
import { Department, DEPARTMENT_DEFAULTS } from './department';
import type { CreateDepartmentDto, DepartmentListQueryDto, UpdateDepartmentDto } from './department-request.dto';
import { DepartmentUsageRepository } from './department-usage.repository';
import { DEPARTMENT_NAME_INDEX, DEPARTMENT_SCHEDULE_KEY, DepartmentsRepository } from './departments.repository';

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly departments: DepartmentsRepository,
    private readonly usage: DepartmentUsageRepository,
  ) {}

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
        scheduleId: body.scheduleId?.toLowerCase() ?? DEPARTMENT_DEFAULTS.scheduleId,
      }),
    );
  }

  async update(id: string, body: UpdateDepartmentDto): Promise<Department> {
    const change = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.showOnRegistration !== undefined ? { showOnRegistration: body.showOnRegistration } : {}),
      ...(body.scheduleId !== undefined ? { scheduleId: body.scheduleId?.toLowerCase() ?? null } : {}),
    };
    const department = await this.nameChecked(body.name, () => this.departments.update(id, change));
    if (!department) throw DomainError.notFound('Department');
    return department;
  }

  /** Refused while a trigger's rules name the department, disabled triggers included (DESIGN §16). */
  async delete(id: string): Promise<void> {
    const deletion = await this.usage.deleteIfUnused(id);
    switch (deletion.kind) {
      case 'deleted':
        return;
      case 'not-found':
        throw DomainError.notFound('Department');
      case 'in-use':
        throw departmentInUse(deletion.triggers);
    }
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
      // the foreign key to schedules: the schedule named does not exist (or was deleted meanwhile)
      if (violatedForeignKey(error) === DEPARTMENT_SCHEDULE_KEY) {
        throw DomainError.validation([{ path: 'scheduleId', message: 'is not a known schedule id' }]);
      }
      throw error;
    }
  }
}

/** 409 `department-in-use`, naming the triggers (DESIGN §16: `usedBy`). */
function departmentInUse(triggers: readonly DepartmentReference[]): DomainError {
  const subject = triggers.length === 1 ? 'A trigger still names' : `${triggers.length} triggers still name`;
  const usedBy = triggers.map(({ id, name }) => ({ type: 'trigger' as const, id, name }));
  return inUseError(ErrorCode.DepartmentInUse, `${subject} this department in a rule (see usedBy): change those rules first`, usedBy);
}
