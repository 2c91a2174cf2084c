import type { ScheduleHours, TimeWindow } from '../../../src/schedules/model/schedule.types';

/**
 * A slow, independent model of DESIGN §16's schedule semantics for the property tests: no
 * Temporal, none of the code under test, only Intl's reading of a zone's wall clock, minute
 * by minute. A boundary (D, HH:MM) is the first UTC minute whose local (date, time) is at
 * least (D, HH:MM), compared as strings; everything else is built on that one definition.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const REFERENCE_HORIZON_DAYS = 10;
const WEEKDAYS_FROM_SUNDAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MEMO_MAX = 200_000;

const formats = new Map<string, Intl.DateTimeFormat>();
/** Per zone, minute (epoch ms) → local "YYYY-MM-DDTHH:MM"; shared across runs, as a zone's clock never changes. */
const clocks = new Map<string, Map<number, string>>();

/** The local wall clock at a whole UTC minute, "YYYY-MM-DDTHH:MM". */
export function wallClock(timeZone: string, minute: number): string {
  let memo = clocks.get(timeZone);
  if (!memo || memo.size > MEMO_MAX) clocks.set(timeZone, (memo = new Map()));
  const known = memo.get(minute);
  if (known !== undefined) return known;
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(minute)) part[type] = value;
  const clock = `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}`;
  memo.set(minute, clock);
  return clock;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export class MinuteReference {
  private readonly spansByDate = new Map<string, [number, number][]>();

  constructor(private readonly hours: ScheduleHours) {}

  localDate(at: number): string {
    return wallClock(this.hours.timeZone, Math.floor(at / MINUTE) * MINUTE).slice(0, 10);
  }

  /** The first UTC minute whose local clock reads `date` `time` or later ("24:00" = the next date's "00:00"). */
  boundary(date: string, time: string): number {
    const target = time === '24:00' ? `${addDays(date, 1)}T00:00` : `${date}T${time}`;
    const start = Date.parse(`${date}T00:00:00Z`) - 15 * HOUR;
    for (let minute = start; minute < start + 3 * DAY; minute += MINUTE) {
      if (wallClock(this.hours.timeZone, minute) >= target) return minute;
    }
    throw new Error(`no boundary for ${date} ${time} in ${this.hours.timeZone}`);
  }

  /** Open at t: some window of t's local date or a neighbouring date holds t. */
  openAt(at: number): boolean {
    const date = this.localDate(at);
    return [-1, 0, 1].some((days) => this.spansOf(addDays(date, days)).some(([from, to]) => from <= at && at < to));
  }

  /**
   * The first instant after t where `openAt` differs, or null when there is none within ten
   * days. Stepping every minute is the definition; `openAt` can only flip where a window starts
   * or ends (no zone moves its clock by a day, so a window never reaches past the dates next to
   * its own), so only those minutes are tested, date by date and in order: boundaries never go
   * back as the wall-clock time they stand for goes forward.
   */
  nextChange(at: number): number | null {
    const openNow = this.openAt(at);
    const first = Math.floor(at / MINUTE) * MINUTE + MINUTE;
    const last = at + REFERENCE_HORIZON_DAYS * DAY;
    // no clock runs more than 14 h ahead of UTC, so a date's boundaries come after its UTC midnight - 15 h
    for (let date = addDays(this.localDate(at), -1); Date.parse(`${date}T00:00:00Z`) - 15 * HOUR <= last; date = addDays(date, 1)) {
      const candidates = this.spansOf(date)
        .flat()
        .filter((minute) => minute >= first && minute <= last)
        .sort((a, b) => a - b);
      const change = candidates.find((minute) => this.openAt(minute) !== openNow);
      if (change !== undefined) return change;
    }
    return null;
  }

  private spansOf(date: string): [number, number][] {
    let spans = this.spansByDate.get(date);
    if (!spans) {
      spans = this.windowsOf(date).map((window): [number, number] => [this.boundary(date, window.from), this.boundary(date, window.to)]);
      this.spansByDate.set(date, spans);
    }
    return spans;
  }

  private windowsOf(date: string): readonly TimeWindow[] {
    const exception = this.hours.exceptions.find((candidate) => candidate.date === date);
    if (exception) return exception.windows;
    const weekday = WEEKDAYS_FROM_SUNDAY[new Date(`${date}T00:00:00Z`).getUTCDay()];
    return this.hours.weekly.filter((window) => window.day === weekday);
  }
}
