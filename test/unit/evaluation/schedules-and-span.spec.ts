import type { Condition } from '../../../src/conditions';
import { compileTrigger, decide, type EvaluableTrigger, type ScheduleTimeline, TriggerSnapshot } from '../../../src/evaluation';
import { visitorFacts } from '../../support/visitor-context';

const NOW = new Date('2026-12-07T10:00:00Z');
const SCHEDULE_ID = '5c0e7a4e-8d8a-4d43-9a53-1d2c8f0e8a11';

/** A schedule open in `[opensAt, closesAt)` only. */
function window(opensAt: number, closesAt: number): ScheduleTimeline {
  return {
    isOpen: (at) => at >= opensAt && at < closesAt,
    nextChangeAfter: (at) => (at < opensAt ? opensAt : at < closesAt ? closesAt : null),
  };
}

let seq = 0;
function trigger(conditions: Condition[], extra: Partial<EvaluableTrigger> = {}): EvaluableTrigger {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    name: `t${seq}`,
    enabled: true,
    runOnce: false,
    priority: 100,
    match: 'all',
    version: 1,
    conditions,
    ...extra,
  };
}

const scheduleRule = (value: 'open' | 'closed'): Condition => ({ name: 'schedule', op: 'eq', key: SCHEDULE_ID.toUpperCase(), value });
const waitFor = (seconds: number): Condition => ({ name: 'time-on-site', value: seconds });
const pageUrl: Condition = { name: 'page-url', value: '.*' };

function plan(t: EvaluableTrigger, schedule: ScheduleTimeline, trace = false) {
  const snapshot = new TriggerSnapshot([compileTrigger(t)], new Map([[SCHEDULE_ID, schedule]]));
  return decide(snapshot, visitorFacts(NOW), { type: 'page-view', url: 'https://shop.example/', timeOnSiteSeconds: 0 }, NOW, { trace });
}

describe('decide: schedules (DESIGN §13)', () => {
  const now = NOW.getTime();

  it('a schedule rule reads the schedule at the event, ids ignoring case', () => {
    const open = window(now - 1, now + 1);
    expect(plan(trigger([pageUrl, scheduleRule('open')]), open).fire).toHaveLength(1);
    expect(plan(trigger([pageUrl, scheduleRule('closed')]), open).fire).toHaveLength(0);
    expect(plan(trigger([pageUrl, scheduleRule('closed')]), window(now + 1, now + 2)).fire).toHaveLength(1);
  });

  it('a schedule the snapshot does not hold is absent: eq open and eq closed are both false', () => {
    const snapshot = new TriggerSnapshot([compileTrigger(trigger([pageUrl, scheduleRule('closed')]))]);
    expect(decide(snapshot, visitorFacts(NOW), { type: 'page-view', url: 'https://x.example/' }, NOW).fire).toHaveLength(0);
  });

  it('scheduled lists a trigger only if its schedule holds when the wait ends', () => {
    // open now, closes in 30 s: a 60 s wait would end with it closed
    expect(plan(trigger([waitFor(60), scheduleRule('open')]), window(now - 1, now + 30_000)).schedule).toHaveLength(0);
    // closed now, opens in 30 s: the wait ends inside it
    expect(plan(trigger([waitFor(60), scheduleRule('open')]), window(now + 30_000, now + 120_000)).schedule).toEqual([
      expect.objectContaining({ afterSeconds: 60 }),
    ]);
  });

  it('explain shows actual open/closed and the next change in the detail', () => {
    const [entry] = plan(trigger([scheduleRule('open')]), window(now + 60_000, now + 120_000), true).trace!;
    expect(entry.reasons[0]).toMatchObject({ condition: 'schedule', met: false, actual: 'closed' });
    expect(entry.reasons[0].detail).toContain(new Date(now + 60_000).toISOString());
  });
});

describe('decide: the active span (DESIGN §13, §16)', () => {
  const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
  const verdict = (extra: Partial<EvaluableTrigger>, conditions: Condition[] = [pageUrl]) => {
    const [entry] = plan(trigger(conditions, extra), window(0, 1), true).trace!;
    return entry.verdict;
  };

  it('is half-open: from inclusive, until exclusive; outside it the trigger is blocked as inactive', () => {
    expect(verdict({ activeFrom: NOW })).toEqual({ outcome: 'fire' });
    expect(verdict({ activeFrom: at(1) })).toEqual({ outcome: 'skip', blockedBy: 'inactive' });
    expect(verdict({ activeUntil: at(1) })).toEqual({ outcome: 'fire' });
    expect(verdict({ activeUntil: NOW })).toEqual({ outcome: 'skip', blockedBy: 'inactive' });
    expect(verdict({ activeFrom: null, activeUntil: null })).toEqual({ outcome: 'fire' });
  });

  it('disabled comes first; inactive is reported whether or not the conditions hold', () => {
    expect(verdict({ enabled: false, activeUntil: NOW })).toEqual({ outcome: 'skip', blockedBy: 'disabled' });
    expect(verdict({ activeUntil: NOW }, [{ name: 'page-url', value: 'nowhere' }])).toEqual({ outcome: 'skip', blockedBy: 'inactive' });
  });

  it('a wait is listed only if the span still holds when it ends; a span that starts later creates no wait', () => {
    expect(verdict({ activeUntil: at(30_000) }, [waitFor(60)])).toEqual({ outcome: 'skip' });
    expect(verdict({ activeUntil: at(60_001) }, [waitFor(60)])).toEqual({ outcome: 'schedule', afterSeconds: 60 });
    expect(verdict({ activeFrom: at(30_000) }, [waitFor(60)])).toEqual({ outcome: 'skip', blockedBy: 'inactive' });
  });
});
