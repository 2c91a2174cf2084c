import { PAGE_LIMITS } from './api-constants';
import type { Department } from './api-types';
import { pickerList } from './use-picker-list';

const departments = pickerList<Department>(`/v1/departments?limit=${PAGE_LIMITS.maxLimit}`);

/** The departments for pickers (the first page of the largest size); null while loading or unreadable. */
export const useDepartments = (): Department[] | null => departments.use();
