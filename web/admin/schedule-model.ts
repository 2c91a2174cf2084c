/**
 * The schedule form's state (a weekly grid by day, exceptions by date), its conversion to and
 * from the API's shape (DESIGN §13), and the checks that need no server.
 */
import { SCHEDULE_LIMITS, WEEKDAYS, type Weekday } from './api-constants';
import type { FieldError, Schedule, ScheduleInput, TimeWindow } from './api-types';
import { browserTimeZone } from './time-zones';

export const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** `<input type="time">` cannot hold it, so the form keeps it as a checkbox. */
const END_OF_DAY = '24:00';

export interface WindowForm {
  from: string;
  /** Ignored while `untilMidnight`. */
  to: string;
  untilMidnight: boolean;
}

export interface ExceptionForm {
  date: string;
  /** Sends `windows: []`; the windows typed stay in the form in case it is unticked again. */
  closed: boolean;
  windows: WindowForm[];
}

export interface ScheduleForm {
  name: string;
  timeZone: string;
  weekly: Record<Weekday, WindowForm[]>;
  exceptions: ExceptionForm[];
}

export const newWindow = (): WindowForm => ({ from: '09:00', to: '17:00', untilMidnight: false });
export const newException = (): ExceptionForm => ({ date: '', closed: true, windows: [] });

export function emptySchedule(): ScheduleForm {
  return { name: '', timeZone: browserTimeZone(), weekly: emptyWeek(), exceptions: [] };
}

function emptyWeek(): Record<Weekday, WindowForm[]> {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, []])) as unknown as Record<Weekday, WindowForm[]>;
}

const windowForm = (w: TimeWindow): WindowForm =>
  w.to === END_OF_DAY ? { from: w.from, to: '', untilMidnight: true } : { from: w.from, to: w.to, untilMidnight: false };
const windowBody = (w: WindowForm): TimeWindow => ({ from: w.from, to: w.untilMidnight ? END_OF_DAY : w.to });

/** Windows keep their order within a day; days are shown (and sent back) Monday first. */
export function formFromSchedule(schedule: Schedule): ScheduleForm {
  const weekly = emptyWeek();
  for (const w of schedule.weekly) weekly[w.day].push(windowForm(w));
  return {
    name: schedule.name,
    timeZone: schedule.timeZone,
    weekly,
    exceptions: schedule.exceptions.map((e) => ({ date: e.date, closed: e.windows.length === 0, windows: e.windows.map(windowForm) })),
  };
}

export function bodyFromForm(form: ScheduleForm): ScheduleInput {
  return {
    name: form.name,
    timeZone: form.timeZone,
    weekly: WEEKDAYS.flatMap((day) => form.weekly[day].map((w) => ({ day, ...windowBody(w) }))),
    exceptions: form.exceptions.map((e) => ({ date: e.date, windows: e.closed ? [] : e.windows.map(windowBody) })),
  };
}

/**
 * The API's path of a weekly window (`weekly[3]`): the body lists the grid's windows day by
 * day, so the server's errors can be shown at the row they are about.
 */
export function weeklyPath(form: ScheduleForm, day: Weekday, index: number): string {
  const before = WEEKDAYS.slice(0, WEEKDAYS.indexOf(day)).reduce((sum, d) => sum + form.weekly[d].length, 0);
  return `weekly[${before + index}]`;
}

export const weeklyCount = (form: ScheduleForm): number => WEEKDAYS.reduce((sum, day) => sum + form.weekly[day].length, 0);

function checkWindow(w: WindowForm, path: string, errors: FieldError[]): void {
  if (!w.from) errors.push({ path: `${path}.from`, message: 'enter a start time' });
  if (!w.untilMidnight && !w.to) errors.push({ path: `${path}.to`, message: 'enter an end time, or tick “until midnight”' });
  // "HH:MM" compares as text; 24:00 is after every start
  else if (w.from && !w.untilMidnight && w.from >= w.to) errors.push({ path: `${path}.from`, message: 'must be before the end time' });
}

/** The checks that need no server; overlaps and repeated dates are the server's to report. */
export function validateSchedule(form: ScheduleForm): FieldError[] {
  const errors: FieldError[] = [];
  const name = form.name.trim();
  if (name.length < 1 || name.length > SCHEDULE_LIMITS.nameMax)
    errors.push({ path: 'name', message: `name must be 1 to ${SCHEDULE_LIMITS.nameMax} characters` });
  if (weeklyCount(form) > SCHEDULE_LIMITS.weeklyMax) errors.push({ path: 'weekly', message: `at most ${SCHEDULE_LIMITS.weeklyMax} windows in a week` });
  for (const day of WEEKDAYS) form.weekly[day].forEach((w, i) => checkWindow(w, weeklyPath(form, day, i), errors));
  form.exceptions.forEach((e, i) => {
    if (!e.date) errors.push({ path: `exceptions[${i}].date`, message: 'choose a date' });
    if (!e.closed) e.windows.forEach((w, j) => checkWindow(w, `exceptions[${i}].windows[${j}]`, errors));
  });
  return errors;
}

const windowText = (w: TimeWindow) => `${w.from}–${w.to}`;

/** A one-line summary of the week (the list). */
export function hoursText(schedule: Schedule): string {
  const open = WEEKDAYS.map((day) => [day, schedule.weekly.filter((w) => w.day === day)] as const).filter(([, windows]) => windows.length > 0);
  const week =
    open.length === 0 ? 'closed all week' : open.map(([day, windows]) => `${DAY_LABELS[day].slice(0, 3)} ${windows.map(windowText).join(', ')}`).join(' · ');
  const n = schedule.exceptions.length;
  return n === 0 ? week : `${week} · ${n} exception${n === 1 ? '' : 's'}`;
}
