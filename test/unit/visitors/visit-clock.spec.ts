import { clockWriteDue, VISIT_IDLE_MS, VISIT_WRITE_INTERVAL_MS, visitAt } from '../../../src/visitors/model/visit-clock';
import { DueClocks } from '../../../src/visitors/due-clocks';

const at = (ms: number) => new Date(1_800_000_000_000 + ms);

describe('visit clock', () => {
  it('keeps the visit while events come within 30 minutes, and starts a new one after', () => {
    const first = visitAt(undefined, at(0));
    expect(first).toEqual({ startedAt: at(0), lastSeenAt: at(0) });
    const later = visitAt(first, at(VISIT_IDLE_MS));
    expect(later).toEqual({ startedAt: at(0), lastSeenAt: at(VISIT_IDLE_MS) });
    const next = visitAt(later, at(2 * VISIT_IDLE_MS + 1));
    expect(next.startedAt).toEqual(at(2 * VISIT_IDLE_MS + 1));
  });

  it('is due for a write at most once per 30 s while a visit goes on, and at once when a new visit starts', () => {
    const stored = { startedAt: at(0), lastSeenAt: at(0) };
    expect(clockWriteDue(stored, visitAt(stored, at(1_000)), at(0))).toBe(false);
    expect(clockWriteDue(stored, visitAt(stored, at(VISIT_WRITE_INTERVAL_MS - 1)), at(0))).toBe(false);
    expect(clockWriteDue(stored, visitAt(stored, at(VISIT_WRITE_INTERVAL_MS)), at(0))).toBe(true);
    const written = at(VISIT_WRITE_INTERVAL_MS);
    const seen = visitAt(stored, at(VISIT_WRITE_INTERVAL_MS + 1_000));
    expect(clockWriteDue(stored, seen, written)).toBe(false);
    const newVisit = visitAt(seen, at(VISIT_WRITE_INTERVAL_MS + 1_000 + VISIT_IDLE_MS + 5_000));
    expect(clockWriteDue(seen, newVisit, written)).toBe(true);
  });
});

describe('DueClocks', () => {
  it('hands out what is due once, and takes back a batch whose write failed unless a newer clock is due', () => {
    const due = new DueClocks();
    due.add('v1', { startedAt: at(0), lastSeenAt: at(1) });
    due.add('v2', { startedAt: at(0), lastSeenAt: at(2) });
    const batch = due.take();
    expect([...batch.keys()]).toEqual(['v1', 'v2']);
    expect(due.take().size).toBe(0);
    due.add('v2', { startedAt: at(0), lastSeenAt: at(9) });
    due.putBack(batch);
    expect(Object.fromEntries(due.take())).toEqual({ v1: { startedAt: at(0), lastSeenAt: at(1) }, v2: { startedAt: at(0), lastSeenAt: at(9) } });
  });
});
