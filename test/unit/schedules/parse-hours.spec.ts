import { parseHours } from '../../../src/schedules/model/parse-hours';

const windowAt = (from: unknown, to: unknown) => ({ from, to });
const mon = (from: unknown, to: unknown) => ({ day: 'mon', from, to });
const valid = { timeZone: 'Europe/Berlin', weekly: [mon('09:00', '17:00')], exceptions: [{ date: '2026-12-24', windows: [windowAt('09:00', '12:00')] }] };
const pathsOf = (raw: Parameters<typeof parseHours>[0]) => parseHours(raw).problems.map((problem) => problem.path);

describe('parseHours (DESIGN §13, §16)', () => {
  it.each([
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, ['timeZone']],
    ['a UTC offset', { timeZone: '+02:00' }, ['timeZone']],
    ['a negative offset', { timeZone: '-0500' }, ['timeZone']],
    ['UTC+2', { timeZone: 'UTC+2' }, ['timeZone']],
    ['a zone with a trailing space', { timeZone: 'Europe/Berlin ' }, ['timeZone']],
    ['a zone that is not a string', { timeZone: 2 }, ['timeZone']],
    ['an empty zone', { timeZone: '' }, ['timeZone']],
    ['a zone over 100 characters', { timeZone: `Europe/${'x'.repeat(100)}` }, ['timeZone']],
    ['an hour 25', { weekly: [mon('09:00', '10:00'), mon('25:00', '26:00')] }, ['weekly[1].from', 'weekly[1].to']],
    ['24:01', { weekly: [mon('09:00', '24:01')] }, ['weekly[0].to']],
    ['a one-digit hour', { weekly: [mon('9:00', '17:00')] }, ['weekly[0].from']],
    ['minutes 60', { weekly: [mon('09:60', '17:00')] }, ['weekly[0].from']],
    ['seconds', { weekly: [mon('09:00:00', '17:00')] }, ['weekly[0].from']],
    ['from equal to to', { weekly: [mon('09:00', '09:00')] }, ['weekly[0].from']],
    ['from after to', { weekly: [mon('17:00', '09:00')] }, ['weekly[0].from']],
    ['from 24:00', { weekly: [mon('24:00', '24:00')] }, ['weekly[0].from']],
    ['an unknown day', { weekly: [{ day: 'monday', from: '09:00', to: '10:00' }] }, ['weekly[0].day']],
    ['a window that is not an object', { weekly: ['mon 09:00-10:00'] }, ['weekly[0]']],
    ['an unknown key in a weekly window', { weekly: [{ ...mon('09:00', '10:00'), extra: 1 }] }, ['weekly[0].extra']],
    ['weekly not an array', { weekly: { mon: [] } }, ['weekly']],
    [
      '51 weekly windows',
      { weekly: Array.from({ length: 51 }, (_, i) => ({ day: 'mon', from: `00:${String(i).padStart(2, '0')}`, to: `00:${String(i + 1).padStart(2, '0')}` })) },
      ['weekly'],
    ],
    [
      'overlapping windows of one day',
      { weekly: [mon('09:00', '12:00'), { day: 'tue', from: '11:00', to: '13:00' }, mon('12:00', '13:00'), mon('11:00', '12:30')] },
      ['weekly[3]'],
    ],
    ['a window inside another', { weekly: [mon('08:00', '18:00'), mon('10:00', '11:00')] }, ['weekly[1]']],
    ['the same window twice', { weekly: [mon('08:00', '18:00'), mon('08:00', '18:00')] }, ['weekly[1]']],
    ['2026-02-30', { exceptions: [{ date: '2026-02-30', windows: [] }] }, ['exceptions[0].date']],
    ['a date with a time', { exceptions: [{ date: '2026-02-03T00:00', windows: [] }] }, ['exceptions[0].date']],
    ['a date without leading zeros', { exceptions: [{ date: '2026-2-3', windows: [] }] }, ['exceptions[0].date']],
    [
      'a duplicate date',
      {
        exceptions: [
          { date: '2026-12-24', windows: [] },
          { date: '2026-12-25', windows: [] },
          { date: '2026-12-24', windows: [] },
        ],
      },
      ['exceptions[2].date'],
    ],
    [
      '11 windows on a date',
      {
        exceptions: [
          {
            date: '2026-12-24',
            windows: Array.from({ length: 11 }, (_, i) => windowAt(`${String(i).padStart(2, '0')}:00`, `${String(i).padStart(2, '0')}:30`)),
          },
        ],
      },
      ['exceptions[0].windows'],
    ],
    [
      'bad exception windows',
      { exceptions: [{ date: '2026-12-24', windows: [windowAt('09:00', '12:00'), windowAt('10:00', '9:00')] }] },
      ['exceptions[0].windows[1].to'],
    ],
    [
      'overlapping exception windows',
      { exceptions: [{ date: '2026-12-24', windows: [windowAt('09:00', '12:00'), windowAt('11:00', '13:00')] }] },
      ['exceptions[0].windows[1]'],
    ],
    ['exception windows missing', { exceptions: [{ date: '2026-12-24' }] }, ['exceptions[0].windows']],
    [
      'an unknown key in an exception and in its window',
      { exceptions: [{ date: '2026-12-24', windows: [{ ...windowAt('09:00', '10:00'), day: 'mon' }], note: 'x' }] },
      ['exceptions[0].note', 'exceptions[0].windows[0].day'],
    ],
    ['exceptions not an array', { exceptions: null }, ['exceptions']],
    [
      '367 exceptions',
      { exceptions: Array.from({ length: 367 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), windows: [] })) },
      ['exceptions'],
    ],
  ])('%s → problems at %j', (_label, change, paths) => {
    expect(pathsOf({ ...valid, ...change })).toEqual(paths);
  });

  it('reports every problem of every field at once', () => {
    expect(
      pathsOf({
        timeZone: '+02:00',
        weekly: [mon('9:00', '10:00'), { day: 'sun', from: '10:00', to: '09:00' }],
        exceptions: [{ date: '2026-02-30', windows: [] }],
      }),
    ).toEqual(['timeZone', 'weekly[0].from', 'weekly[1].from', 'exceptions[0].date']);
  });

  it('says what is wrong in short sentences, an overlap naming the other window', () => {
    const { problems } = parseHours({ ...valid, weekly: [mon('09:00', '12:00'), mon('9:00', '10:00'), mon('11:00', '13:00')] });
    expect(problems).toEqual([
      { path: 'weekly[1].from', message: 'must be a time HH:MM from 00:00 to 23:59' },
      { path: 'weekly[2]', message: 'overlaps weekly[0]' },
    ]);
    expect(parseHours({ ...valid, weekly: [mon('10:00', '09:00')] }).problems).toEqual([{ path: 'weekly[0].from', message: 'must be before to' }]);
  });

  it('reports at the paths it is given', () => {
    const paths = { timeZone: 'schedule.timeZone', weekly: 'schedule.weekly', exceptions: 'schedule.exceptions' };
    expect(
      parseHours({ timeZone: 'Nowhere', weekly: [mon('09:00', '08:00')], exceptions: [{ date: 'x', windows: [] }] }, paths).problems.map((p) => p.path),
    ).toEqual(['schedule.timeZone', 'schedule.weekly[0].from', 'schedule.exceptions[0].date']);
  });

  it('answers the hours as sent: order kept, touching windows allowed, 24:00 as an end', () => {
    const raw = {
      timeZone: 'Europe/Berlin',
      weekly: [{ day: 'tue', from: '00:00', to: '02:00' }, mon('22:00', '24:00'), mon('12:00', '13:00'), mon('09:00', '12:00')],
      exceptions: [
        { date: '2026-12-31', windows: [windowAt('12:00', '24:00'), windowAt('00:00', '12:00')] },
        { date: '2026-12-24', windows: [] },
      ],
    };
    expect(parseHours(raw)).toEqual({ hours: raw, problems: [] });
  });

  it('takes the empty schedule and the full limits', () => {
    expect(parseHours({ timeZone: 'UTC', weekly: [], exceptions: [] })).toEqual({ hours: { timeZone: 'UTC', weekly: [], exceptions: [] }, problems: [] });
    const weekly = Array.from({ length: 50 }, (_, i) => ({ day: 'mon', from: `00:${String(i).padStart(2, '0')}`, to: `00:${String(i + 1).padStart(2, '0')}` }));
    const windows = Array.from({ length: 10 }, (_, i) => windowAt(`${String(i).padStart(2, '0')}:00`, `${String(i + 1).padStart(2, '0')}:00`));
    const exceptions = Array.from({ length: 366 }, (_, i) => ({
      date: new Date(Date.UTC(2028, 0, 1 + i)).toISOString().slice(0, 10),
      windows: i === 0 ? windows : [],
    }));
    expect(parseHours({ timeZone: 'UTC', weekly, exceptions }).problems).toEqual([]);
  });

  it.each(['Asia/Kolkata', 'UTC', 'europe/berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+2'])('keeps the zone %s exactly as sent', (timeZone) => {
    expect(parseHours({ ...valid, timeZone }).hours?.timeZone).toBe(timeZone);
  });

  it('answers a copy of the windows, not the input', () => {
    const weekly = [mon('09:00', '10:00')];
    const { hours } = parseHours({ ...valid, weekly });
    expect(hours?.weekly).toEqual(weekly);
    expect(hours?.weekly).not.toBe(weekly);
  });

  it('2028-02-29 is a date, 2026-02-29 is not', () => {
    expect(pathsOf({ ...valid, exceptions: [{ date: '2028-02-29', windows: [] }] })).toEqual([]);
    expect(pathsOf({ ...valid, exceptions: [{ date: '2026-02-29', windows: [] }] })).toEqual(['exceptions[0].date']);
  });

  it('a missing field is a problem (the caller fills in defaults)', () => {
    expect(pathsOf({})).toEqual(['timeZone', 'weekly', 'exceptions']);
  });
});
