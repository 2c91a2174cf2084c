import type { VisitClock } from './model/visit-clock';

/**
 * Visit clocks waiting for their batched write, by visitor. Kept apart from the visitors
 * held in memory, so evicting a visitor loses no due write.
 */
export class DueClocks {
  private due = new Map<string, VisitClock>();

  get size(): number {
    return this.due.size;
  }

  add(token: string, clock: VisitClock): void {
    this.due.set(token, clock);
  }

  /** Every clock due so far; they are no longer due. */
  take(): ReadonlyMap<string, VisitClock> {
    const batch = this.due;
    this.due = new Map();
    return batch;
  }

  /** Puts back a batch whose write failed, except where a newer clock of the visitor is due meanwhile. */
  putBack(batch: ReadonlyMap<string, VisitClock>): void {
    for (const [token, clock] of batch) if (!this.due.has(token)) this.due.set(token, clock);
  }
}
