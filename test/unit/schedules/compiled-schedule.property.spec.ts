import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { CompiledSchedule } from '../../../src/schedules/model/compiled-schedule';
import { parseHours } from '../../../src/schedules/model/parse-hours';
import { type ScheduleException, type TimeWindow, WEEKDAYS, type WeeklyWindow } from '../../../src/schedules/model/schedule.types';
import { MinuteReference, addDays, wallClock } from './minute-reference';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago', 'Australia/Lord_Howe', 'UTC'] as const;
const FIRST = Date.parse('2020-01-01T00:00:00Z');
const LAST = Date.parse('2031-01-01T00:00:00Z');

/** Each zone's offset changes in 2020–2030, where the interesting instants are. */
const transitions = new Map<string, number[]>(
  ZONES.map((zone) => {
    const found: number[] = [];
    let cursor: Temporal.ZonedDateTime | null = Temporal.Instant.fromEpochMilliseconds(FIRST).toZonedDateTimeISO(zone);
    while ((cursor = cursor.getTimeZoneTransition('next')) && cursor.epochMilliseconds < LAST) found.push(cursor.epochMilliseconds);
    return [zone, found];
  }),
);

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minuteOfDay = (clock: string) => Number(clock.slice(11, 13)) * 60 + Number(clock.slice(14, 16));

/**
 * Minutes of the day to cut windows at: anywhere, at the day's ends and the usual jump hours,
 * and (`near`) at and around the wall-clock times a nearby transition jumps from and to, so
 * that windows start, end or vanish in gaps and repeated hours often enough to matter.
 */
const cutAt = (near: readonly number[]) =>
  fc.oneof(
    fc.integer({ min: 0, max: 1440 }),
    fc.constantFrom(0, 1, 30, 59, 60, 90, 120, 150, 180, 1380, 1410, 1439, 1440),
    ...(near.length > 0 ? [fc.constantFrom(...near)] : []),
  );

/** `count` windows of one day that do not overlap, from sorted cut points; often one starts where the last ended. */
const dayWindows = (count: number, near: readonly number[]) =>
  fc
    .tuple(fc.array(cutAt(near), { minLength: 2 * count, maxLength: 2 * count }), fc.array(fc.boolean(), { minLength: count, maxLength: count }))
    .map(([cuts, touches]) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const windows: TimeWindow[] = [];
      for (let i = 0; i < count; i++) {
        const from = touches[i] && i > 0 ? sorted[2 * i - 1] : sorted[2 * i];
        if (from < sorted[2 * i + 1]) windows.push({ from: hhmm(from), to: hhmm(sorted[2 * i + 1]) });
      }
      return windows;
    });

const randomWeekly = (near: readonly number[]) =>
  fc
    .array(fc.constantFrom(...WEEKDAYS), { maxLength: 8 })
    .chain((days) =>
      fc
        .tuple(...WEEKDAYS.map((day) => dayWindows(days.filter((d) => d === day).length, near)))
        .map((perDay) => perDay.flatMap((windows, index): WeeklyWindow[] => windows.map((window) => ({ day: WEEKDAYS[index], ...window })))),
    );
const aroundTheClock = WEEKDAYS.map((day): WeeklyWindow => ({ day, from: '00:00', to: '24:00' }));

/** Mostly up to 8 windows on random days; now and then open around the clock, where only exceptions make changes. */
const weeklyWindows = (near: readonly number[]) =>
  fc.oneof({ weight: 4, arbitrary: randomWeekly(near) }, { weight: 1, arbitrary: fc.constant(aroundTheClock) });

/** The local minutes a transition jumps from and to, and a minute or half an hour either side. */
function minutesAround(zone: string, transition: number): number[] {
  const jumps = [minuteOfDay(wallClock(zone, transition - MINUTE)) + 1, minuteOfDay(wallClock(zone, transition))];
  return jumps.flatMap((minute) => [-30, -1, 0, 1, 30].map((shift) => Math.min(1440, Math.max(0, minute + shift))));
}

/** Half the instants fall within 36 hours of one of the zone's transitions (many within 3 hours). */
const instantIn = (zone: string) => {
  const anywhere = fc.integer({ min: FIRST, max: LAST - 1 }).map((at) => ({ at, near: [] as number[] }));
  const zoneTransitions = transitions.get(zone) ?? [];
  if (zoneTransitions.length === 0) return anywhere;
  const nearTransition = fc
    .tuple(
      fc.constantFrom(...zoneTransitions),
      fc.oneof(fc.integer({ min: -36 * 60, max: 36 * 60 }), fc.integer({ min: -180, max: 180 })),
      fc.constantFrom(0, 0, 0, 1, 30_000, 59_999),
    )
    .map(([transition, minutes, extra]) => ({ at: transition + minutes * MINUTE + extra, near: minutesAround(zone, transition) }));
  return fc.oneof(anywhere, nearTransition);
};

/** Exceptions on dates within three days of the instant's local date (read from Intl, as the reference does). */
const exceptionsNear = (zone: string, at: number, near: readonly number[]) => {
  const date = wallClock(zone, Math.floor(at / MINUTE) * MINUTE).slice(0, 10);
  return fc.uniqueArray(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }).chain((shifts) =>
    fc.tuple(
      ...shifts.map((shift) =>
        fc
          .integer({ min: 0, max: 3 })
          .chain((count) => dayWindows(count, near))
          .map((windows): ScheduleException => ({ date: addDays(date, shift), windows })),
      ),
    ),
  );
};

const scenario = fc
  .constantFrom(...ZONES)
  .chain((zone) => instantIn(zone).map(({ at, near }) => ({ zone, at, near })))
  .chain(({ zone, at, near }) =>
    fc.tuple(weeklyWindows(near), exceptionsNear(zone, at, near)).map(([weekly, exceptions]) => ({ hours: { timeZone: zone, weekly, exceptions }, at })),
  );

describe('the minute-by-minute reference itself', () => {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  it('reads the worked cases of DESIGN §16 as the spec does', () => {
    const berlin = new MinuteReference({ timeZone: 'Europe/Berlin', weekly: [], exceptions: [] });
    expect(iso(berlin.boundary('2026-03-29', '02:30'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(berlin.boundary('2026-10-25', '02:30'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(berlin.boundary('2026-10-25', '24:00'))).toBe('2026-10-25T23:00:00.000Z');
    const santiago = new MinuteReference({ timeZone: 'America/Santiago', weekly: [{ day: 'sat', from: '22:00', to: '24:00' }], exceptions: [] });
    expect(iso(santiago.boundary('2026-09-06', '00:00'))).toBe('2026-09-06T04:00:00.000Z');
    expect(santiago.openAt(Date.parse('2026-09-06T03:59:00Z'))).toBe(true);
    expect(iso(santiago.nextChange(Date.parse('2026-09-06T03:00:00Z')))).toBe('2026-09-06T04:00:00.000Z');
    expect(new MinuteReference({ timeZone: 'UTC', weekly: [], exceptions: [] }).nextChange(0)).toBeNull();
  });
});

describe('CompiledSchedule against the minute-by-minute reference (DESIGN §16)', () => {
  it('the generated schedules are valid hours', () => {
    fc.assert(
      fc.property(scenario, ({ hours }) => expect(parseHours(hours).problems).toEqual([])),
      { numRuns: 100 },
    );
  });

  it('status(t): open as the reference, and the same next change when the reference sees one within ten days', () => {
    fc.assert(
      fc.property(scenario, ({ hours, at }) => {
        const reference = new MinuteReference(hours);
        const { open, nextChangeAt } = CompiledSchedule.compile(hours).status(at);
        expect(open).toBe(reference.openAt(at));
        const expected = reference.nextChange(at);
        if (expected !== null) expect(nextChangeAt).toBe(expected);
        else if (nextChangeAt !== null) expect(nextChangeAt).toBeGreaterThan(at + 10 * DAY);
      }),
      { numRuns: 300 },
    );
  });

  it('isOpen and nextChangeAfter, kept between calls, agree with status for instants in any order', () => {
    const sequence = scenario.chain(({ hours, at }) =>
      fc.array(fc.oneof(fc.integer({ min: -3 * DAY, max: 3 * DAY }), fc.integer({ min: -5, max: 5 })), { minLength: 1, maxLength: 30 }).map((shifts) => ({
        hours,
        instants: shifts.map((shift) => at + shift),
      })),
    );
    fc.assert(
      fc.property(sequence, ({ hours, instants }) => {
        const kept = CompiledSchedule.compile(hours);
        const fresh = CompiledSchedule.compile(hours);
        // each instant, then the two sides of its change, where a stale "open until" would show
        const probes = instants.flatMap((at) => {
          const change = fresh.status(at).nextChangeAt;
          return change === null ? [at] : [at, change - 1, change];
        });
        for (const at of probes) {
          const { open, nextChangeAt } = fresh.status(at);
          expect([at, kept.isOpen(at)]).toEqual([at, open]);
          expect([at, kept.nextChangeAfter(at)]).toEqual([at, nextChangeAt]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
