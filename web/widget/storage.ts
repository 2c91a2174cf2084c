/**
 * What the widget remembers in the visitor's browser. Storage can be missing or refuse
 * writes (private modes, sandboxed frames): then it lives in memory for this page.
 */
const PREFIX = 'livechat-triggers:';
const memory = new Map<string, string>();
/** A visit ends after 30 minutes without activity, as on the server. */
const VISIT_IDLE_MS = 30 * 60 * 1000;

export function read(key: string): string | null {
  try {
    return localStorage.getItem(PREFIX + key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

export function write(key: string, value: string): void {
  memory.set(key, value);
  try {
    localStorage.setItem(PREFIX + key, value);
  } catch {
    // memory only
  }
}

const TOKEN = /^[A-Za-z0-9_-]{8,128}$/;

/** The visitor token: 24 random URL-safe characters, created once and remembered. */
export function visitorToken(): string {
  const known = read('token');
  if (known && TOKEN.test(known)) return known;
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  const token = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  write('token', token);
  return token;
}

/** Whole seconds since this visit started; starts a new visit after 30 idle minutes. */
export function timeOnSiteSeconds(now = Date.now()): number {
  let start = Number(read('visit-start'));
  const lastSeen = Number(read('visit-seen'));
  if (!start || !lastSeen || now - lastSeen > VISIT_IDLE_MS || start > now) {
    start = now;
    write('visit-start', String(start));
  }
  write('visit-seen', String(now));
  return Math.min(86_400, Math.floor((now - start) / 1000));
}
