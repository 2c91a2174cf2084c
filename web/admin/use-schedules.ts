import { PAGE_LIMITS } from './api-constants';
import type { Schedule } from './api-types';
import { pickerList } from './use-picker-list';

const schedules = pickerList<Schedule>(`/v1/schedules?limit=${PAGE_LIMITS.maxLimit}&sort=name`);

/** The schedules for pickers, by name (the first page of the largest size); null while loading or unreadable. */
export const useSchedules = (): Schedule[] | null => schedules.use();

/** After a schedule is created, renamed or deleted here, pickers opened next read the list again. */
export const schedulesChanged = (): void => schedules.invalidate();

/** Picker choices `[id, name]` by name, plus the id chosen when it is not listed (kept, shown as unknown). */
export function scheduleOptions(schedules: readonly Schedule[], id: string | null): [string, string][] {
  const options: [string, string][] = schedules.map((s) => [s.id, s.name]);
  if (id && !schedules.some((s) => s.id === id)) options.push([id, `unknown id ${id}`]);
  return options;
}
