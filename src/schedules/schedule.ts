import { Logger } from '@nestjs/common';
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

const logger = new Logger('Schedules');

/**
 * A stored schedule compiled, or undefined (logged) when its zone is not one this runtime
 * knows: a zone checked at save time could leave a later tz database, and one such schedule
 * must not stop the triggers or the roster from loading. Left out, a `schedule` rule reads it
 * as absent (neither open nor closed holds) and a department as having no schedule.
 */
export function compileStored(hours: ScheduleHours, what: string): CompiledSchedule | undefined {
  try {
    return CompiledSchedule.compile(hours);
  } catch (error) {
    logger.error(`${what}: time zone "${hours.timeZone}" is not known here (${(error as Error).message}); the schedule is left out`);
    return undefined;
  }
}

/** Every schedule compiled, by lower-case id: what `schedule` rules read beside a trigger snapshot. */
export function compileSchedules(records: readonly ScheduleRecord[]): ScheduleBook {
  const book = new Map<string, CompiledSchedule>();
  for (const record of records) {
    const compiled = compileStored(record, `schedule ${record.id}`);
    if (compiled) book.set(record.id.toLowerCase(), compiled);
  }
  return book;
}
