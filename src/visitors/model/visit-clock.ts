/** A visit ends after 30 minutes without events (DESIGN §3); `VISIT_IDLE_SECONDS` changes it. */
export const VISIT_IDLE_MS = 30 * 60 * 1000;

/** A visitor's current visit: when it began and when the visitor was last seen. */
export interface VisitClock {
  readonly startedAt: Date;
  readonly lastSeenAt: Date;
}

/** The visit an event at `now` belongs to: the same one, or a new one after `idleMs` without events (or none before). */
export function visitAt(previous: VisitClock | undefined, now: Date, idleMs = VISIT_IDLE_MS): VisitClock {
  if (!previous || now.getTime() - previous.lastSeenAt.getTime() > idleMs) return { startedAt: now, lastSeenAt: now };
  return { startedAt: previous.startedAt, lastSeenAt: now };
}

/** A visitor's clock reaches the database at most this often while a visit goes on (DESIGN §3). */
export const VISIT_WRITE_INTERVAL_MS = 30_000;

/** Whether a clock advanced to `next` is due for a write: at once when a new visit began, else once per interval. */
export function clockWriteDue(previous: VisitClock, next: VisitClock, lastWrittenAt: Date): boolean {
  if (next.startedAt.getTime() !== previous.startedAt.getTime()) return true;
  return next.lastSeenAt.getTime() - lastWrittenAt.getTime() >= VISIT_WRITE_INTERVAL_MS;
}

/** Whether `next` is a visit other than `previous` (the first one included). */
export function startsVisit(previous: VisitClock | undefined, next: VisitClock): boolean {
  return !previous || next.startedAt.getTime() !== previous.startedAt.getTime();
}
