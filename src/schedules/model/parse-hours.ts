import { Temporal } from '@js-temporal/polyfill';
import { SCHEDULE_LIMITS } from './schedule-limits';
import { type ScheduleException, type ScheduleHours, type TimeWindow, WEEKDAYS, type Weekday, type WeeklyWindow } from './schedule.types';

export const TIME_ZONE_MAX_LENGTH = 100;

export interface HoursProblem {
  readonly path: string;
  readonly message: string;
}

export interface ParsedHours {
  readonly hours?: ScheduleHours;
  readonly problems: HoursProblem[];
}

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_OF_DAY = '24:00';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKLY_FIELDS: ReadonlySet<string> = new Set(['day', 'from', 'to']);
const WINDOW_FIELDS: ReadonlySet<string> = new Set(['from', 'to']);
const EXCEPTION_FIELDS: ReadonlySet<string> = new Set(['date', 'windows']);
const ZONE_EXAMPLE = 'must be an IANA time zone name such as Europe/Berlin';
const L = SCHEDULE_LIMITS;

/** A window that passed its own checks, kept with where it came from for the overlap check. */
interface CheckedWindow {
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Checks a schedule's hours as received (DESIGN §13, §16), reporting every problem at its
 * path (`weekly[2].from`, `exceptions[0].windows[1].to`) all at once. `hours` is there only
 * when nothing is wrong, with `timeZone` exactly as sent and windows in the order sent.
 */
export function parseHours(
  raw: { timeZone?: unknown; weekly?: unknown; exceptions?: unknown },
  paths = { timeZone: 'timeZone', weekly: 'weekly', exceptions: 'exceptions' },
): ParsedHours {
  const problems: HoursProblem[] = [];
  const zoneProblem = timeZoneProblem(raw.timeZone);
  if (zoneProblem) problems.push({ path: paths.timeZone, message: zoneProblem });
  const weekly = parseWeekly(raw.weekly, paths.weekly, problems);
  const exceptions = parseExceptions(raw.exceptions, paths.exceptions, problems);
  if (problems.length > 0 || !weekly || !exceptions) return { problems };
  return { hours: { timeZone: raw.timeZone as string, weekly, exceptions }, problems };
}

/**
 * Intl and Temporal must both know the zone: Intl alone takes a few names Temporal does not,
 * and Temporal alone takes UTC offsets, which are not zones (they never change for DST).
 */
function timeZoneProblem(timeZone: unknown): string | undefined {
  if (typeof timeZone !== 'string' || timeZone.length < 1 || timeZone.length > TIME_ZONE_MAX_LENGTH) {
    return `${ZONE_EXAMPLE} (at most ${TIME_ZONE_MAX_LENGTH} characters)`;
  }
  if (timeZone.startsWith('+') || timeZone.startsWith('-')) return `${ZONE_EXAMPLE}, not a UTC offset`;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone);
    return undefined;
  } catch {
    return `is not a known time zone: ${ZONE_EXAMPLE}`;
  }
}

function parseWeekly(raw: unknown, path: string, problems: HoursProblem[]): WeeklyWindow[] | undefined {
  if (!Array.isArray(raw)) return void problems.push({ path, message: 'must be an array' });
  if (raw.length > L.weeklyMax) problems.push({ path, message: `must have at most ${L.weeklyMax} windows` });
  const byDay = new Map<Weekday, CheckedWindow[]>();
  const parsed = raw.map((item: unknown, index): WeeklyWindow | undefined => {
    const at = `${path}[${index}]`;
    const fields = objectFields(item, at, WEEKLY_FIELDS, problems);
    if (!fields) return undefined;
    const day = fields.day as Weekday;
    const dayKnown = (WEEKDAYS as readonly unknown[]).includes(day);
    if (!dayKnown) problems.push({ path: `${at}.day`, message: `must be one of: ${WEEKDAYS.join(', ')}` });
    const window = parseWindow(fields, at, index, problems);
    if (!window || !dayKnown) return undefined;
    byDay.set(day, [...(byDay.get(day) ?? []), window]);
    return { day, from: fields.from as string, to: fields.to as string };
  });
  for (const windows of byDay.values()) reportOverlaps(windows, path, problems);
  return parsed.every((window) => window !== undefined) ? parsed : undefined;
}

function parseExceptions(raw: unknown, path: string, problems: HoursProblem[]): ScheduleException[] | undefined {
  if (!Array.isArray(raw)) return void problems.push({ path, message: 'must be an array' });
  if (raw.length > L.exceptionsMax) problems.push({ path, message: `must have at most ${L.exceptionsMax} exceptions` });
  const firstWithDate = new Map<string, number>();
  const parsed = raw.map((item: unknown, index): ScheduleException | undefined => {
    const at = `${path}[${index}]`;
    const fields = objectFields(item, at, EXCEPTION_FIELDS, problems);
    if (!fields) return undefined;
    const before = problems.length;
    const { date } = fields;
    if (!isCalendarDate(date)) problems.push({ path: `${at}.date`, message: 'must be a calendar date YYYY-MM-DD' });
    else if (firstWithDate.has(date)) problems.push({ path: `${at}.date`, message: `repeats the date of ${path}[${firstWithDate.get(date)}]` });
    else firstWithDate.set(date, index);
    const windows = parseDateWindows(fields.windows, `${at}.windows`, problems);
    return problems.length > before || !windows ? undefined : { date: date as string, windows };
  });
  return parsed.every((exception) => exception !== undefined) ? parsed : undefined;
}

function parseDateWindows(raw: unknown, path: string, problems: HoursProblem[]): TimeWindow[] | undefined {
  const max = L.windowsPerExceptionMax;
  if (!Array.isArray(raw)) return void problems.push({ path, message: `must be an array of at most ${max} windows` });
  if (raw.length > max) problems.push({ path, message: `must have at most ${max} windows` });
  const checked: CheckedWindow[] = [];
  const parsed = raw.map((item: unknown, index): TimeWindow | undefined => {
    const at = `${path}[${index}]`;
    const fields = objectFields(item, at, WINDOW_FIELDS, problems);
    const window = fields && parseWindow(fields, at, index, problems);
    if (!window) return undefined;
    checked.push(window);
    return { from: fields.from as string, to: fields.to as string };
  });
  reportOverlaps(checked, path, problems);
  return parsed.every((window) => window !== undefined) ? parsed : undefined;
}

/** The fields of an object item; any field not in `known` is a problem at its own path. */
function objectFields(item: unknown, path: string, known: ReadonlySet<string>, problems: HoursProblem[]): Record<string, unknown> | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return void problems.push({ path, message: 'must be an object' });
  const fields = item as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!known.has(key)) problems.push({ path: `${path}.${key}`, message: `property ${key} should not exist` });
  return fields;
}

/** `from` and `to` of one window, as minutes of the local day (`to` up to 1440). */
function parseWindow(fields: Record<string, unknown>, path: string, index: number, problems: HoursProblem[]): CheckedWindow | undefined {
  const { from, to } = fields;
  const fromOk = typeof from === 'string' && TIME.test(from);
  const toOk = typeof to === 'string' && (TIME.test(to) || to === END_OF_DAY);
  if (!fromOk) {
    const message = from === END_OF_DAY ? 'must be a time HH:MM from 00:00 to 23:59 (24:00 only ends a window)' : 'must be a time HH:MM from 00:00 to 23:59';
    problems.push({ path: `${path}.from`, message });
  }
  if (!toOk) problems.push({ path: `${path}.to`, message: 'must be a time HH:MM from 00:00 to 24:00' });
  if (!fromOk || !toOk) return undefined;
  const window = { index, from: minutesOf(from), to: minutesOf(to) };
  if (window.from >= window.to) return void problems.push({ path: `${path}.from`, message: 'must be before to' });
  return window;
}

/**
 * Windows of one day may touch but not overlap. A sweep in order of `from` (not every pair)
 * keeps a long list cheap; each overlap is reported once, at the window sent later.
 */
function reportOverlaps(windows: readonly CheckedWindow[], path: string, problems: HoursProblem[]): void {
  const sorted = [...windows].sort((a, b) => a.from - b.from || a.index - b.index);
  const reported = new Set<number>();
  let reach: CheckedWindow | undefined;
  for (const window of sorted) {
    if (reach && window.from < reach.to) {
      const [earlier, later] = window.index < reach.index ? [window, reach] : [reach, window];
      if (!reported.has(later.index)) {
        reported.add(later.index);
        problems.push({ path: `${path}[${later.index}]`, message: `overlaps ${path}[${earlier.index}]` });
      }
    }
    if (!reach || window.to > reach.to) reach = window;
  }
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function isCalendarDate(date: unknown): date is string {
  if (typeof date !== 'string' || !DATE.test(date)) return false;
  try {
    // `from` rejects a day past the month's end in a string (2026-02-30) rather than clamping it
    Temporal.PlainDate.from(date, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}
