import { LRUCache } from 'lru-cache';
import { currentVisit, VisitState } from './model/visit-clock';

/** At most one write of a visitor's visit clock per this interval (DESIGN §3). */
export const VISIT_WRITE_INTERVAL_MS = 30_000;
/** Evicted clocks fall back to the stored one (at most 30 s old); due clocks are kept apart until written. */
const MAX_TRACKED_VISITORS = 50_000;

interface Tracked {
  visitStartedAt: Date;
  lastSeenAt: Date;
  lastWrittenAt: number;
}

/**
 * Keeps visit clocks (visit start, last seen) in memory and hands out the ones due for a
 * write, so a known visitor's event costs no synchronous write: clocks reach the database in
 * batches, at most once per visitor per 30 s.
 */
export class VisitTracker {
  private readonly clocks = new LRUCache<string, Tracked>({ max: MAX_TRACKED_VISITORS });
  private readonly due = new Map<string, VisitState>();

  /** Advances the visitor's clock to `now`; `stored` is the database's clock when this instance has none. */
  advance(token: string, stored: VisitState, now: Date): VisitState {
    const known = this.clocks.get(token);
    const previous = known ?? stored;
    const visit = currentVisit(previous, now);
    const newVisit = visit.visitStartedAt.getTime() !== previous.visitStartedAt.getTime();
    const lastWrittenAt = known?.lastWrittenAt ?? stored.lastSeenAt.getTime();
    if (known) {
      // updated in place: get() already made it the most recent (perf: every event passes here)
      known.visitStartedAt = visit.visitStartedAt;
      known.lastSeenAt = visit.lastSeenAt;
    } else {
      this.clocks.set(token, { visitStartedAt: visit.visitStartedAt, lastSeenAt: visit.lastSeenAt, lastWrittenAt });
    }
    if (newVisit || now.getTime() - lastWrittenAt >= VISIT_WRITE_INTERVAL_MS) this.due.set(token, visit);
    return visit;
  }

  /** Clocks due for a write; they count as written from `now` on. */
  takeDue(now: Date): Map<string, VisitState> {
    const batch = new Map(this.due);
    this.due.clear();
    for (const token of batch.keys()) {
      const tracked = this.clocks.get(token);
      if (tracked) tracked.lastWrittenAt = now.getTime();
    }
    return batch;
  }

  /** Puts back a batch whose write failed, unless a newer clock replaced it meanwhile. */
  requeue(batch: ReadonlyMap<string, VisitState>): void {
    for (const [token, visit] of batch) if (!this.due.has(token)) this.due.set(token, visit);
  }

  forget(token: string): void {
    this.clocks.delete(token);
  }
}
