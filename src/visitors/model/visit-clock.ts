/** A visit ends after 30 minutes without events (DESIGN §3). */
export const VISIT_IDLE_MS = 30 * 60 * 1000;

export interface VisitState {
  readonly visitStartedAt: Date;
  readonly lastSeenAt: Date;
}

/** The visit an event at `now` belongs to: the same one, or a new one after 30 idle minutes. */
export function currentVisit(previous: VisitState | undefined, now: Date): VisitState {
  if (!previous || now.getTime() - previous.lastSeenAt.getTime() > VISIT_IDLE_MS) return { visitStartedAt: now, lastSeenAt: now };
  return { visitStartedAt: previous.visitStartedAt, lastSeenAt: now };
}

/** The event's own measure when the widget sent one; otherwise seconds since the visit began. */
export function timeOnSiteSeconds(reported: number | undefined, visit: VisitState, now: Date): number {
  if (reported !== undefined) return reported;
  return Math.max(0, Math.floor((now.getTime() - visit.visitStartedAt.getTime()) / 1000));
}
