import type { Page } from '../../common/pagination/page';
import type { Department } from './department';
import type { DepartmentDto, DepartmentPageDto } from './department-response.dto';

export function toDepartmentDto(department: Department): DepartmentDto {
  return {
    id: department.id,
    name: department.name,
    enabled: department.enabled,
    showOnRegistration: department.showOnRegistration,
    scheduleId: department.scheduleId,
    usernames: [...department.usernames],
    createdAt: department.createdAt.toISOString(),
    updatedAt: department.updatedAt.toISOString(),
  };
}

export function toDepartmentPageDto(page: Page<Department>): DepartmentPageDto {
  return { items: page.items.map(toDepartmentDto), total: page.total, limit: page.limit, offset: page.offset };
}
