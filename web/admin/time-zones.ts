/** The browser's clock and the zones a schedule may be in (DESIGN §13: IANA names). */

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether the browser can list its zones (else a zone is typed, and the server checks it). */
export const canListTimeZones = (): boolean => typeof Intl.supportedValuesOf === 'function';

/**
 * The zones to offer: the browser's list (which leaves out `UTC`), plus the browser's own and
 * the one stored, so an alias another client sent (`Asia/Calcutta`) still shows as chosen.
 */
export function timeZoneChoices(current: string): string[] {
  const supported = canListTimeZones() ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...supported, 'UTC', browserTimeZone(), current].filter(Boolean))].sort();
}

/** An instant as a date and time on the wall clocks of `timeZone` (default: the browser's). */
export function formatIn(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
}
