/** The shapes of a schedule's opening hours (DESIGN §13, §16). */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock times `"HH:MM"`, half-open `[from, to)`; `to` may be `"24:00"` (the next local midnight). */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

export interface WeeklyWindow extends TimeWindow {
  readonly day: Weekday;
}

/** Replaces the weekly windows of one local date (`"YYYY-MM-DD"`); no windows = closed all day. */
export interface ScheduleException {
  readonly date: string;
  readonly windows: readonly TimeWindow[];
}

export interface ScheduleHours {
  readonly timeZone: string;
  readonly weekly: readonly WeeklyWindow[];
  readonly exceptions: readonly ScheduleException[];
}

/** `nextChangeAt` in epoch milliseconds; null when the schedule never changes state again. */
export interface ScheduleStatus {
  readonly open: boolean;
  readonly nextChangeAt: number | null;
}
