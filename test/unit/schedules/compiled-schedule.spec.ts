import { CompiledSchedule } from '../../../src/schedules/model/compiled-schedule';
import { type ScheduleException, type ScheduleHours, WEEKDAYS, type Weekday, type WeeklyWindow } from '../../../src/schedules/model/schedule.types';

const hours = (timeZone: string, weekly: WeeklyWindow[], exceptions: ScheduleException[] = []): ScheduleHours => ({ timeZone, weekly, exceptions });
const on = (day: Weekday, from: string, to: string): WeeklyWindow => ({ day, from, to });
const everyDay = (from: string, to: string) => WEEKDAYS.map((day) => on(day, from, to));
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The status at an ISO instant, the change as an ISO instant, for readable expectations. */
function statusAt(schedule: ScheduleHours, instant: string): { open: boolean; nextChangeAt: string | null } {
  const { open, nextChangeAt } = CompiledSchedule.compile(schedule).status(Date.parse(instant));
  return { open, nextChangeAt: iso(nextChangeAt) };
}

const closedUntil = (instant: string | null) => ({ open: false, nextChangeAt: instant });
const openUntil = (instant: string | null) => ({ open: true, nextChangeAt: instant });

describe('CompiledSchedule: daylight-saving days (DESIGN §16)', () => {
  describe('Europe/Berlin, spring forward 2026-03-29 (02:00 → 03:00 local at 01:00Z)', () => {
    const sunday = (from: string, to: string) => hours('Europe/Berlin', [on('sun', from, to)]);

    it('02:30, which does not exist, opens at the jump', () => {
      expect(statusAt(sunday('02:30', '04:00'), '2026-03-29T00:59:00Z')).toEqual(closedUntil('2026-03-29T01:00:00.000Z'));
      expect(statusAt(sunday('02:30', '04:00'), '2026-03-29T01:00:00Z')).toEqual(openUntil('2026-03-29T02:00:00.000Z'));
    });

    it('a window wholly inside the gap is empty: the next Sunday is the next change', () => {
      expect(statusAt(sunday('02:00', '02:30'), '2026-03-29T00:30:00Z')).toEqual(closedUntil('2026-04-05T00:00:00.000Z'));
    });

    it('a window ending in the gap ends at the jump', () => {
      expect(statusAt(sunday('01:00', '02:30'), '2026-03-29T00:30:00Z')).toEqual(openUntil('2026-03-29T01:00:00.000Z'));
    });
  });

  describe('Europe/Berlin, fall back 2026-10-25 (03:00 → 02:00 local at 01:00Z)', () => {
    const sunday = (from: string, to: string) => hours('Europe/Berlin', [on('sun', from, to)]);

    it('02:30, which happens twice, opens at the earlier one and the window lasts an hour longer', () => {
      expect(statusAt(sunday('02:30', '05:00'), '2026-10-25T00:29:00Z')).toEqual(closedUntil('2026-10-25T00:30:00.000Z'));
      expect(statusAt(sunday('02:30', '05:00'), '2026-10-25T01:30:00Z')).toEqual(openUntil('2026-10-25T04:00:00.000Z'));
    });

    it('a window ending at 02:30 ends at the earlier 02:30: the second 02:15 is closed', () => {
      expect(statusAt(sunday('01:00', '02:30'), '2026-10-25T00:15:00Z')).toEqual(openUntil('2026-10-25T00:30:00.000Z'));
      expect(statusAt(sunday('01:00', '02:30'), '2026-10-25T01:15:00Z')).toEqual(closedUntil('2026-11-01T00:00:00.000Z'));
    });
  });

  describe('America/New_York 2026', () => {
    it('spring forward 03-08: 02:30 opens at 07:00Z, the jump', () => {
      const schedule = hours('America/New_York', [on('sun', '02:30', '03:30')]);
      expect(statusAt(schedule, '2026-03-08T06:30:00Z')).toEqual(closedUntil('2026-03-08T07:00:00.000Z'));
      expect(statusAt(schedule, '2026-03-08T07:10:00Z')).toEqual(openUntil('2026-03-08T07:30:00.000Z'));
    });

    it('fall back 11-01: 01:30–02:00 runs from the first 01:30 (EDT) to 02:00 EST', () => {
      const schedule = hours('America/New_York', [on('sun', '01:30', '02:00')]);
      expect(statusAt(schedule, '2026-11-01T05:29:00Z')).toEqual(closedUntil('2026-11-01T05:30:00.000Z'));
      expect(statusAt(schedule, '2026-11-01T06:45:00Z')).toEqual(openUntil('2026-11-01T07:00:00.000Z'));
    });
  });

  describe('Australia/Sydney 2026 (southern hemisphere)', () => {
    it('fall back 04-05 (03:00 AEDT → 02:00 AEST at 16:00Z): 02:30–03:00 lasts an hour and a half', () => {
      const schedule = hours('Australia/Sydney', [on('sun', '02:30', '03:00')]);
      expect(statusAt(schedule, '2026-04-04T15:00:00Z')).toEqual(closedUntil('2026-04-04T15:30:00.000Z'));
      expect(statusAt(schedule, '2026-04-04T16:30:00Z')).toEqual(openUntil('2026-04-04T17:00:00.000Z'));
    });

    it('spring forward 10-04 (02:00 → 03:00 at 16:00Z): 02:15–02:45 is empty, 01:00–02:30 ends at the jump', () => {
      expect(statusAt(hours('Australia/Sydney', [on('sun', '02:15', '02:45')]), '2026-10-03T15:00:00Z')).toEqual(closedUntil('2026-10-10T15:15:00.000Z'));
      expect(statusAt(hours('Australia/Sydney', [on('sun', '01:00', '02:30')]), '2026-10-03T15:00:00Z')).toEqual(openUntil('2026-10-03T16:00:00.000Z'));
    });
  });

  it('Asia/Kolkata (+05:30, no DST): Monday 09:00–17:30 is 03:30Z–12:00Z', () => {
    const schedule = hours('Asia/Kolkata', [on('mon', '09:00', '17:30')]);
    expect(statusAt(schedule, '2026-06-01T03:29:00Z')).toEqual(closedUntil('2026-06-01T03:30:00.000Z'));
    expect(statusAt(schedule, '2026-06-01T03:30:00Z')).toEqual(openUntil('2026-06-01T12:00:00.000Z'));
    expect(statusAt(schedule, '2026-06-01T12:00:00Z')).toEqual(closedUntil('2026-06-08T03:30:00.000Z'));
  });

  describe('America/Santiago 2026: transitions at local midnight', () => {
    it('spring forward 09-06 (00:00 → 01:00 at 04:00Z): Sat –24:00 and Sun 00:00– meet at the jump', () => {
      const schedule = hours('America/Santiago', [on('sat', '22:00', '24:00'), on('sun', '00:00', '02:00')]);
      expect(statusAt(schedule, '2026-09-06T01:59:00Z')).toEqual(closedUntil('2026-09-06T02:00:00.000Z'));
      expect(statusAt(schedule, '2026-09-06T03:59:00Z')).toEqual(openUntil('2026-09-06T05:00:00.000Z'));
    });

    it('spring forward: 00:00–01:00 on 09-06 does not exist; 00:30–01:30 starts at the jump', () => {
      expect(statusAt(hours('America/Santiago', [on('sun', '00:00', '01:00')]), '2026-09-06T03:00:00Z')).toEqual(closedUntil('2026-09-13T03:00:00.000Z'));
      expect(statusAt(hours('America/Santiago', [on('sun', '00:30', '01:30')]), '2026-09-06T03:00:00Z')).toEqual(closedUntil('2026-09-06T04:00:00.000Z'));
    });

    it('fall back 04-05 (24:00 → 23:00 on 04-04 at 03:00Z): Sat 23:30–24:00 runs from the first 23:30 to the one 24:00', () => {
      const schedule = hours('America/Santiago', [on('sat', '23:30', '24:00')]);
      expect(statusAt(schedule, '2026-04-05T02:29:00Z')).toEqual(closedUntil('2026-04-05T02:30:00.000Z'));
      expect(statusAt(schedule, '2026-04-05T03:10:00Z')).toEqual(openUntil('2026-04-05T04:00:00.000Z'));
      expect(statusAt(schedule, '2026-04-05T04:00:00Z')).toEqual(closedUntil('2026-04-12T03:30:00.000Z'));
    });

    it('fall back: Sat 22:00–24:00 and Sun 00:00–01:00 are one stretch', () => {
      const schedule = hours('America/Santiago', [on('sat', '22:00', '24:00'), on('sun', '00:00', '01:00')]);
      expect(statusAt(schedule, '2026-04-05T01:00:00Z')).toEqual(openUntil('2026-04-05T05:00:00.000Z'));
    });

    it('a schedule open all day every day never closes across either transition', () => {
      expect(statusAt(hours('America/Santiago', everyDay('00:00', '24:00')), '2026-04-05T03:00:00Z')).toEqual(openUntil(null));
      expect(statusAt(hours('America/Santiago', everyDay('00:00', '24:00')), '2026-09-06T04:00:00Z')).toEqual(openUntil(null));
    });
  });

  it('Asia/Beirut spring forward at midnight (2026-03-29 00:00 → 01:00): Sat –24:00 + Sun 00:00– is continuous', () => {
    const schedule = hours('Asia/Beirut', [on('sat', '20:00', '24:00'), on('sun', '00:00', '03:00')]);
    expect(statusAt(schedule, '2026-03-28T21:59:00Z')).toEqual(openUntil('2026-03-29T00:00:00.000Z'));
  });
});

describe('CompiledSchedule: windows, exceptions, never', () => {
  const weekdays = (from: string, to: string) => (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => on(day, from, to));

  it('Mon 22:00–24:00 and Tue 00:00–02:00 merge: no change at midnight, the next is Tue 02:00', () => {
    const schedule = hours('Europe/Berlin', [on('mon', '22:00', '24:00'), on('tue', '00:00', '02:00')]);
    expect(statusAt(schedule, '2026-06-01T19:59:00Z')).toEqual(closedUntil('2026-06-01T20:00:00.000Z'));
    expect(statusAt(schedule, '2026-06-01T21:00:00Z')).toEqual(openUntil('2026-06-02T00:00:00.000Z'));
  });

  it('24:00 alone ends at the next local midnight', () => {
    expect(statusAt(hours('Europe/Berlin', [on('mon', '12:00', '24:00')]), '2026-06-01T21:00:00Z')).toEqual(openUntil('2026-06-01T22:00:00.000Z'));
  });

  it('touching windows of one day make one stretch', () => {
    const schedule = hours('UTC', [on('mon', '09:00', '12:00'), on('mon', '12:00', '13:00')]);
    expect(statusAt(schedule, '2026-06-01T10:00:00Z')).toEqual(openUntil('2026-06-01T13:00:00.000Z'));
  });

  it('an exception with no windows closes its whole date', () => {
    const schedule = hours('Europe/Berlin', everyDay('09:00', '17:00'), [{ date: '2026-12-25', windows: [] }]);
    expect(statusAt(schedule, '2026-12-24T16:00:00Z')).toEqual(closedUntil('2026-12-26T08:00:00.000Z'));
    expect(statusAt(schedule, '2026-12-25T10:00:00Z')).toEqual(closedUntil('2026-12-26T08:00:00.000Z'));
  });

  it('an exception with its own windows replaces the weekly ones of that date only', () => {
    const schedule = hours('Europe/Berlin', weekdays('09:00', '17:00'), [{ date: '2026-12-24', windows: [{ from: '09:00', to: '12:00' }] }]);
    expect(statusAt(schedule, '2026-12-24T10:30:00Z')).toEqual(openUntil('2026-12-24T11:00:00.000Z'));
    expect(statusAt(schedule, '2026-12-24T11:30:00Z')).toEqual(closedUntil('2026-12-25T08:00:00.000Z'));
    expect(statusAt(schedule, '2026-12-23T10:30:00Z')).toEqual(openUntil('2026-12-23T16:00:00.000Z'));
  });

  it('a schedule that never opens has no next change; nor has one past its last exception', () => {
    expect(statusAt(hours('Europe/Berlin', []), '2026-06-01T00:00:00Z')).toEqual(closedUntil(null));
    const special = hours('Europe/Berlin', [], [{ date: '2026-06-10', windows: [{ from: '10:00', to: '11:00' }] }]);
    expect(statusAt(special, '2026-06-01T00:00:00Z')).toEqual(closedUntil('2026-06-10T08:00:00.000Z'));
    expect(statusAt(special, '2026-06-10T08:30:00Z')).toEqual(openUntil('2026-06-10T09:00:00.000Z'));
    expect(statusAt(special, '2026-06-10T09:00:00Z')).toEqual(closedUntil(null));
  });

  it('a schedule open all day every day has no next change', () => {
    expect(statusAt(hours('Europe/Berlin', everyDay('00:00', '24:00')), '2026-03-29T01:00:00Z')).toEqual(openUntil(null));
    expect(statusAt(hours('UTC', [...everyDay('00:00', '12:00'), ...everyDay('12:00', '24:00')]), '2026-06-01T00:00:00Z')).toEqual(openUntil(null));
  });

  it('always open but for one closed date 40 days ahead: the change is that date’s first instant', () => {
    const schedule = hours('Europe/Berlin', everyDay('00:00', '24:00'), [{ date: '2026-07-11', windows: [] }]);
    expect(statusAt(schedule, '2026-06-01T00:00:00Z')).toEqual(openUntil('2026-07-10T22:00:00.000Z'));
    expect(statusAt(schedule, '2026-07-10T22:00:00Z')).toEqual(closedUntil('2026-07-11T22:00:00.000Z'));
    expect(statusAt(schedule, '2026-07-11T22:00:00Z')).toEqual(openUntil(null));
  });
});

describe('CompiledSchedule: far changes', () => {
  it('goes straight to an exception far ahead when the weekly windows alone never change', () => {
    const closedOnce = hours('Europe/Berlin', everyDay('00:00', '24:00'), [{ date: '9999-12-31', windows: [] }]);
    expect(statusAt(closedOnce, '2026-06-01T00:00:00Z')).toEqual(openUntil('9999-12-30T23:00:00.000Z'));
    const openOnce = hours('Europe/Berlin', [], [{ date: '2026-06-10', windows: [{ from: '10:00', to: '11:00' }] }]);
    expect(statusAt(openOnce, '1900-06-01T00:00:00Z')).toEqual(closedUntil('2026-06-10T08:00:00.000Z'));
  });

  it('walks past weeks of exceptions that keep a weekly window shut', () => {
    const mondays = Array.from({ length: 10 }, (_, week) => ({ date: new Date(Date.UTC(2026, 5, 1 + 7 * week)).toISOString().slice(0, 10), windows: [] }));
    expect(statusAt(hours('UTC', [on('mon', '09:00', '17:00')], mondays), '2026-06-01T00:00:00Z')).toEqual(closedUntil('2026-08-10T09:00:00.000Z'));
  });
});

describe('CompiledSchedule: the kept "open until" (isOpen, nextChangeAfter)', () => {
  const schedule = () => CompiledSchedule.compile(hours('Europe/Berlin', [on('mon', '09:00', '17:00'), on('tue', '09:00', '17:00')]));

  it('answers as status does when asked out of order: past, then future, then past again', () => {
    const compiled = schedule();
    const instants = [
      '2026-06-01T08:00:00Z',
      '2026-06-01T06:00:00Z',
      '2026-06-02T10:00:00Z',
      '2026-06-01T07:00:00Z',
      '2026-06-01T06:59:59.999Z',
      '2026-06-03T00:00:00Z',
      '2026-06-01T15:00:00Z',
    ];
    for (const instant of instants.map(Date.parse)) {
      const { open, nextChangeAt } = compiled.status(instant);
      expect([iso(instant), compiled.isOpen(instant), compiled.nextChangeAfter(instant)]).toEqual([iso(instant), open, nextChangeAt]);
    }
  });

  it('flips exactly at the kept change, then keeps the new stretch', () => {
    const compiled = schedule();
    const opens = Date.parse('2026-06-01T07:00:00Z');
    expect(compiled.isOpen(opens - 3_600_000)).toBe(false);
    expect(compiled.isOpen(opens - 1)).toBe(false);
    expect(compiled.isOpen(opens)).toBe(true);
    expect(compiled.nextChangeAfter(opens + 1)).toBe(Date.parse('2026-06-01T15:00:00Z'));
    expect(compiled.isOpen(Date.parse('2026-06-01T15:00:00Z'))).toBe(false);
    expect(compiled.nextChangeAfter(Date.parse('2026-06-01T15:00:00Z'))).toBe(Date.parse('2026-06-02T07:00:00Z'));
  });

  it('a schedule that never changes keeps its answer forever', () => {
    const compiled = CompiledSchedule.compile(hours('UTC', everyDay('00:00', '24:00')));
    expect(compiled.isOpen(0)).toBe(true);
    expect(compiled.nextChangeAfter(Date.parse('2030-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('CompiledSchedule.compile', () => {
  it('takes a zone in any case Temporal knows (europe/berlin)', () => {
    expect(statusAt(hours('europe/berlin', [on('mon', '09:00', '10:00')]), '2026-06-01T07:30:00Z')).toEqual(openUntil('2026-06-01T08:00:00.000Z'));
  });

  it('rejects a zone Temporal does not know', () => {
    expect(() => CompiledSchedule.compile(hours('Mars/Olympus', []))).toThrow(RangeError);
  });
});
