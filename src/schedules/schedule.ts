import type { ScheduleBook } from '../evaluation';
import { CompiledSchedule } from './model/compiled-schedule';
import type { ScheduleHours } from './model/schedule.types';

/** A schedule as stored (DESIGN §13): a name and its hours, with the server's fields. */
export interface ScheduleRecord extends ScheduleHours {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What an admin decides: the name and the hours, every default applied. */
export interface ScheduleDefinition extends ScheduleHours {
  readonly name: string;
}

/** The JSON of a schedule, instants in ISO 8601. */
export type ScheduleView = Omit<ScheduleRecord, 'createdAt' | 'updatedAt'> & { readonly createdAt: string; readonly updatedAt: string };

export function toScheduleView(record: ScheduleRecord): ScheduleView {
  return {
    id: record.id,
    name: record.name,
    timeZone: record.timeZone,
    weekly: record.weekly,
    exceptions: record.exceptions,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** Fields the schedule list sorts by; `-field` sorts descending. */
export const SCHEDULE_SORT_FIELDS = ['name', 'createdAt', 'updatedAt'] as const;
export const SCHEDULE_SORT_VALUES: readonly string[] = SCHEDULE_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

/** Every schedule compiled, by lower-case id: what `schedule` rules read beside a trigger snapshot. */
export function compileSchedules(records: readonly ScheduleRecord[]): ScheduleBook {
  return new Map(records.map((record) => [record.id.toLowerCase(), CompiledSchedule.compile(record)]));
}
