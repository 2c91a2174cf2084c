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
/** Offset spans kept per zone; DST zones have two a year, so this covers a century of lookups. */
const MAX_SPANS_PER_ZONE = 256;
/** Temporal's (and Date's) range of instants; beyond it a zone keeps the offset it has at the edge. */
const INSTANT_LIMIT = 8.64e15;
/** Zone names as sent, each case variant once; far more than the IANA list, yet bounded. */
const MAX_ZONE_NAMES = 2000;

/** A stretch of instants `[start, end)` with one UTC offset; `start` may be later than the real transition. */
interface OffsetSpan {
  start: number;
  readonly end: number;
  readonly offset: number;
}

/**
 * A zone's UTC offsets, learnt from Temporal one span (transition to transition) at a time and
 * kept: a wall-clock → instant conversion costs ~60 µs in the polyfill, a span lookup well under
 * one, and a schedule needs several conversions per day it walks.
 */
class ZoneOffsets {
  private readonly spans: OffsetSpan[] = [];

  constructor(private readonly timeZone: string) {}

  /** The local date of an instant, as days since 1970-01-01. */
  localDay(at: number): number {
    const { offset } = this.spanAt(at);
    return Math.floor((at + offset) / DAY);
  }

  /**
   * The first instant whose local wall clock reads `local` (epoch ms of the wall clock read as
   * UTC) or later. That is DESIGN §16's rule in one line: an existing time is itself, a time in
   * a gap moves to the transition, an ambiguous time takes its earlier instant. No offset
   * reaches a day, so the search starts a day early, where the clock surely reads less.
   */
  instantOf(local: number): number {
    let span = this.spanAt(local - DAY);
    while (span.end + span.offset <= local) span = this.spanAt(span.end);
    return Math.max(span.start, local - span.offset);
  }

  private spanAt(at: number): OffsetSpan {
    const { spans } = this;
    let low = 0;
    let high = spans.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (spans[middle].start <= at) low = middle + 1;
      else high = middle - 1;
    }
    const candidate = spans[high];
    return candidate && at < candidate.end ? candidate : this.learn(at);
  }

  /**
   * Spans start where first asked, not at the real transition, so that no backward search
   * (milliseconds in the polyfill) is needed; a span learnt earlier in the same stretch shares
   * its end and is widened instead, which keeps the spans disjoint and sorted.
   */
  private learn(at: number): OffsetSpan {
    const probe = Math.min(Math.max(at, -INSTANT_LIMIT), INSTANT_LIMIT);
    const zoned = Temporal.Instant.fromEpochMilliseconds(probe).toZonedDateTimeISO(this.timeZone);
    const end = zoned.getTimeZoneTransition('next')?.epochMilliseconds ?? Infinity;
    const sameStretch = this.spans.find((span) => span.end === end);
    if (sameStretch) {
      sameStretch.start = Math.min(sameStretch.start, at);
      return sameStretch;
    }
    if (this.spans.length >= MAX_SPANS_PER_ZONE) this.spans.length = 0;
    const span: OffsetSpan = { start: at, end, offset: zoned.offsetNanoseconds / 1e6 };
    const index = this.spans.findIndex((other) => other.start > at);
    this.spans.splice(index === -1 ? this.spans.length : index, 0, span);
    return span;
  }
}

/** Zones by Temporal's id: their offsets are facts of the zone, shared by every schedule in it. */
const zones = new Map<string, ZoneOffsets>();
/** The same zones by the name a schedule gives, which saves Temporal's ~20 µs lookup on each compile. */
const zonesByName = new Map<string, ZoneOffsets>();

/** Throws a RangeError for a zone Temporal does not know. */
function zoneNamed(name: string): ZoneOffsets {
  let zone = zonesByName.get(name);
  if (zone) return zone;
  const timeZone = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId;
  zone = zones.get(timeZone);
  if (!zone) zones.set(timeZone, (zone = new ZoneOffsets(timeZone)));
  if (zonesByName.size >= MAX_ZONE_NAMES) zonesByName.clear();
  zonesByName.set(name, zone);
  return zone;
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
    private readonly zone: ZoneOffsets,
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
      const day = epochDay(exception.date);
      if (!exceptions.has(day)) exceptions.set(day, dayWindows(exception.windows));
    }
    return new CompiledSchedule(zoneNamed(hours.timeZone), weekly, exceptions);
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

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (`setUTCFullYear`, as `Date.UTC` reads years 0–99 as 19xx). */
function epochDay(date: string): number {
  const utc = new Date(0);
  utc.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return utc.getTime() / DAY;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
