import { currentVisit, timeOnSiteSeconds, VISIT_IDLE_MS } from '../../../src/visitors/model/visit-clock';
import { mergeMetadata, metadataErrors } from '../../../src/visitors/model/visitor-metadata';
import { isVisitorToken } from '../../../src/visitors/model/visitor-token';
import { VISIT_WRITE_INTERVAL_MS, VisitTracker } from '../../../src/visitors/visit-tracker';

const at = (ms: number) => new Date(1_800_000_000_000 + ms);

describe('visitor tokens', () => {
  it.each(['abcdefgh', 'A_b-9'.repeat(2), 'x'.repeat(128)])('accepts %j', (token) => expect(isVisitorToken(token)).toBe(true));
  it.each(['short', 'x'.repeat(129), 'has space!', 'dot.dot.dot', '', 42])('refuses %j', (token) => expect(isVisitorToken(token)).toBe(false));
});

describe('visitor metadata', () => {
  it('replaces given keys in place, appends new ones, keeps the rest, in first-set order', () => {
    const stored = [
      { key: 'plan', value: 'free' },
      { key: 'name', value: 'Morgan' },
    ];
    expect(mergeMetadata(stored, { name: 'Morgan Lee', company: 'ACME', plan: 'pro' })).toEqual([
      { key: 'plan', value: 'pro' },
      { key: 'name', value: 'Morgan Lee' },
      { key: 'company', value: 'ACME' },
    ]);
    expect(stored[0].value).toBe('free');
  });

  it('refuses a merge past 20 keys', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect(mergeMetadata(twenty, { k3: 'replaced' })).toHaveLength(20);
    expect(mergeMetadata(twenty, { k20: 'one more' })).toBeUndefined();
  });

  it('checks types and lengths of keys and values', () => {
    expect(metadataErrors({ ok: 'v' })).toEqual([]);
    expect(metadataErrors([])).toHaveLength(1);
    expect(metadataErrors(null)).toHaveLength(1);
    expect(metadataErrors({ n: 5 })).toEqual([{ path: 'metadata.n', message: 'must be a string' }]);
    expect(metadataErrors({ ['k'.repeat(65)]: 'v' })).toHaveLength(1);
    expect(metadataErrors({ k: 'v'.repeat(1025) })).toHaveLength(1);
    expect(metadataErrors({ k: 'v'.repeat(1024) })).toEqual([]);
  });
});

describe('visit clock', () => {
  it('keeps the visit while events come within 30 minutes, and starts a new one after', () => {
    const first = currentVisit(undefined, at(0));
    const later = currentVisit(first, at(VISIT_IDLE_MS));
    expect(later.visitStartedAt).toEqual(at(0));
    const next = currentVisit(later, at(2 * VISIT_IDLE_MS + 1));
    expect(next.visitStartedAt).toEqual(at(2 * VISIT_IDLE_MS + 1));
  });

  it("uses the widget's own measure, else the seconds since the visit began", () => {
    const visit = { visitStartedAt: at(0), lastSeenAt: at(0) };
    expect(timeOnSiteSeconds(7, visit, at(90_000))).toBe(7);
    expect(timeOnSiteSeconds(undefined, visit, at(90_999))).toBe(90);
  });
});

describe('VisitTracker', () => {
  const stored = { visitStartedAt: at(0), lastSeenAt: at(0) };

  it("writes a visitor's clock at most once per 30 s, and at once when a new visit starts", () => {
    const tracker = new VisitTracker();
    tracker.advance('v1', stored, at(1_000));
    expect(tracker.takeDue(at(1_000)).size).toBe(0);
    tracker.advance('v1', stored, at(VISIT_WRITE_INTERVAL_MS));
    const due = tracker.takeDue(at(VISIT_WRITE_INTERVAL_MS));
    expect([...due.keys()]).toEqual(['v1']);
    tracker.advance('v1', stored, at(VISIT_WRITE_INTERVAL_MS + 1_000));
    expect(tracker.takeDue(at(VISIT_WRITE_INTERVAL_MS + 1_000)).size).toBe(0);
    tracker.advance('v1', stored, at(VISIT_WRITE_INTERVAL_MS + VISIT_IDLE_MS + 5_000));
    expect(tracker.takeDue(at(VISIT_WRITE_INTERVAL_MS + VISIT_IDLE_MS + 5_000)).get('v1')?.visitStartedAt).toEqual(
      at(VISIT_WRITE_INTERVAL_MS + VISIT_IDLE_MS + 5_000),
    );
  });

  it('puts back a batch whose write failed', () => {
    const tracker = new VisitTracker();
    tracker.advance('v2', stored, at(VISIT_WRITE_INTERVAL_MS));
    const batch = tracker.takeDue(at(VISIT_WRITE_INTERVAL_MS));
    tracker.requeue(batch);
    expect([...tracker.takeDue(at(VISIT_WRITE_INTERVAL_MS + 1)).keys()]).toEqual(['v2']);
  });
});
