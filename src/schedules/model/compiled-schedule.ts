import { Temporal } from '@js-temporal/polyfill';
import { type ScheduleHours, type ScheduleStatus, type TimeWindow, WEEKDAYS } from './schedule.types';

const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** Monday-first index (0 = mon) of 1970-01-01, from Temporal's `dayOfWeek` (1 = Monday). */
const EPOCH_WEEKDAY = Temporal.PlainDate.from('1970-01-01').dayOfWeek - 1;
/**
 * Weekly windows that open and close somewhere show a change within any two weeks of dates
 * without exceptions (a window can vanish in a daylight-saving gap on one date, never on two
 * dates a week apart); past that the walk stops rather than run on.
 */
const WEEKLY_DAYS_WITHOUT_CHANGE_MAX = 15;

/**
 * Wall clock and instants in one zone, both ways, asked of Temporal (no offset arithmetic
 * of our own). A local time is given as epoch ms of the wall clock read as UTC.
 */
class ZoneClock {
  constructor(private readonly timeZone: string) {}

  /** The local date of an instant, as days since 1970-01-01. */
  localDay(at: number): number {
    const { year, month, day } = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(this.timeZone);
    return epochDay(year, month, day);
  }

  /**
   * The first instant whose local wall clock reads `local` or later (DESIGN §16): an existing
   * time is itself; an ambiguous one (fall-back) its earlier instant; a time in a gap
   * (spring-forward) the transition, the first instant that exists after it. Temporal's
   * `earlier` puts a gap time before the gap, so the next transition from there is the jump.
   */
  instantOf(local: number): number {
    const wanted = Temporal.Instant.fromEpochMilliseconds(local).toZonedDateTimeISO('UTC').toPlainDateTime();
    const zoned = wanted.toZonedDateTime(this.timeZone, { disambiguation: 'earlier' });
    if (Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), wanted) === 0) return zoned.epochMilliseconds;
    return zoned.getTimeZoneTransition('next')!.epochMilliseconds;
  }
}

/** A window as minutes of the local day, `to` up to 1440 (24:00). */
interface DayWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * A schedule ready to answer "open at t, and until when?" (DESIGN §13, §16). A window of
 * local date D is the half-open span between the instants of its two wall-clock times on D;
 * spans that touch are one stretch, so a change is only where open really flips.
 */
export class CompiledSchedule {
  private cachedOpen = false;
  private cachedFrom = Infinity;
  private cachedUntil = -Infinity;
  /** Past the last exception only the weekly windows count: these say when nothing changes any more. */
  private readonly weeklyNeverOpen: boolean;
  private readonly weeklyAlwaysOpen: boolean;
  private readonly exceptionDays: readonly number[];

  private constructor(
    private readonly zone: ZoneClock,
    private readonly weekly: readonly (readonly DayWindow[])[],
    private readonly exceptions: ReadonlyMap<number, readonly DayWindow[]>,
  ) {
    this.exceptionDays = [...exceptions.keys()].sort((a, b) => a - b);
    this.weeklyNeverOpen = weekly.every((windows) => windows.length === 0);
    this.weeklyAlwaysOpen = weekly.every(coversWholeDay);
  }

  /** Trusts hours that passed `parseHours`; throws a RangeError for a zone Temporal does not know. */
  static compile(hours: ScheduleHours): CompiledSchedule {
    const weekly = Array.from({ length: 7 }, (_, weekday) => dayWindows(hours.weekly.filter((window) => WEEKDAYS.indexOf(window.day) === weekday)));
    const exceptions = new Map<number, readonly DayWindow[]>();
    for (const exception of hours.exceptions) {
      const day = epochDay(Number(exception.date.slice(0, 4)), Number(exception.date.slice(5, 7)), Number(exception.date.slice(8, 10)));
      if (!exceptions.has(day)) exceptions.set(day, dayWindows(exception.windows));
    }
    // Temporal's id: the zone's case fixed (`europe/berlin`), and a RangeError for a zone it does not know
    const timeZone = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(hours.timeZone).timeZoneId;
    return new CompiledSchedule(new ZoneClock(timeZone), weekly, exceptions);
  }

  /** Whether open at `atMs` and the first later instant where that flips (null: never again), computed afresh. */
  status(atMs: number): ScheduleStatus {
    const zone = this.zone;
    const firstDay = zone.localDay(atMs);
    let open = false;
    let openUntil = 0;
    let weeklyDaysWithoutChange = 0;
    // Dates before t's local date end by its first instant, so cannot hold t. Later dates can
    // (a fall-back across midnight makes the local date repeat), and the walk reaches them.
    for (let day = firstDay; ; day++) {
      const midnight = day * DAY;
      const exception = this.exceptions.get(day);
      for (const window of exception ?? this.weekly[(((day + EPOCH_WEEKDAY) % 7) + 7) % 7]) {
        const start = zone.instantOf(midnight + window.from * MINUTE);
        const end = zone.instantOf(midnight + window.to * MINUTE);
        if (start === end) continue; // wholly inside a daylight-saving gap
        if (open) {
          if (start > openUntil) return { open: true, nextChangeAt: openUntil };
          openUntil = Math.max(openUntil, end);
        } else if (end > atMs) {
          if (start > atMs) return { open: false, nextChangeAt: start };
          open = true;
          openUntil = end;
        }
      }
      // every window of a later date starts at or after this date's 24:00
      if (open && openUntil < zone.instantOf(midnight + DAY)) return { open: true, nextChangeAt: openUntil };
      if (open ? this.weeklyAlwaysOpen : this.weeklyNeverOpen) {
        // the weekly windows keep this state for good: only an exception date can end it
        const next = this.exceptionDayAfter(day);
        if (next === undefined) return { open, nextChangeAt: null };
        if (open) openUntil = zone.instantOf(next * DAY);
        day = next - 1;
      } else if (exception) weeklyDaysWithoutChange = 0;
      else if (++weeklyDaysWithoutChange > WEEKLY_DAYS_WITHOUT_CHANGE_MAX) return { open, nextChangeAt: null };
    }
  }

  /**
   * The hot path: "open until T" is kept and reused while `atMs` lies in the stretch it was
   * computed for; explain may ask about the past, so an earlier instant recomputes too.
   */
  isOpen(atMs: number): boolean {
    if (!(atMs >= this.cachedFrom && atMs < this.cachedUntil)) this.refresh(atMs);
    return this.cachedOpen;
  }

  /** The same as `status(atMs).nextChangeAt`, from the kept stretch when it holds `atMs`. */
  nextChangeAfter(atMs: number): number | null {
    if (!(atMs >= this.cachedFrom && atMs < this.cachedUntil)) this.refresh(atMs);
    return this.cachedUntil === Infinity ? null : this.cachedUntil;
  }

  private refresh(atMs: number): void {
    const { open, nextChangeAt } = this.status(atMs);
    this.cachedOpen = open;
    this.cachedFrom = atMs;
    this.cachedUntil = nextChangeAt ?? Infinity;
  }

  private exceptionDayAfter(day: number): number | undefined {
    const days = this.exceptionDays;
    let low = 0;
    let high = days.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (days[middle] <= day) low = middle + 1;
      else high = middle;
    }
    return days[low];
  }
}

/** Sorted by `from`, so that a day's spans come out in time order (wall-clock order is instant order). */
function dayWindows(windows: readonly TimeWindow[]): DayWindow[] {
  return windows.map((window) => ({ from: minutesOf(window.from), to: minutesOf(window.to) })).sort((a, b) => a.from - b.from);
}

function coversWholeDay(windows: readonly DayWindow[]): boolean {
  let reached = 0;
  for (const window of windows) if (window.from <= reached) reached = Math.max(reached, window.to);
  return reached >= MINUTES_PER_DAY;
}

/** Days since 1970-01-01 of a calendar date (`setUTCFullYear`, as `Date.UTC` reads years 0–99 as 19xx). */
function epochDay(year: number, month: number, day: number): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime() / DAY;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
