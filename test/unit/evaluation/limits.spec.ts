import {
  budgetBlock,
  blockedAfterWait,
  type BudgetCounter,
  frequencyBlock,
  type FrequencyCounter,
  NO_BUDGET,
  nextUtcMidnightMs,
  type ProactiveBudget,
  utcDayStartMs,
  windowStartMs,
} from '../../../src/evaluation/limits';

const at = (iso: string) => Date.parse(iso);
const VISIT = at('2026-12-07T22:30:00Z');
const NOW = at('2026-12-07T23:59:59.500Z');

describe('limits: window arithmetic (DESIGN §14, §16)', () => {
  it('a UTC day starts at UTC midnight, whatever the hour, and the next one 24 h later', () => {
    expect(utcDayStartMs(at('2026-12-07T00:00:00Z'))).toBe(at('2026-12-07T00:00:00Z'));
    expect(utcDayStartMs(at('2026-12-07T23:59:59.999Z'))).toBe(at('2026-12-07T00:00:00Z'));
    expect(nextUtcMidnightMs(at('2026-12-07T23:59:59.999Z'))).toBe(at('2026-12-08T00:00:00Z'));
    expect(nextUtcMidnightMs(at('2026-12-08T00:00:00Z'))).toBe(at('2026-12-09T00:00:00Z'));
    // a leap day and the year's end
    expect(nextUtcMidnightMs(at('2028-02-28T12:00:00Z'))).toBe(at('2028-02-29T00:00:00Z'));
    expect(nextUtcMidnightMs(at('2026-12-31T23:00:00Z'))).toBe(at('2027-01-01T00:00:00Z'));
  });

  it('a window starts at the visit start, the UTC day, or never (visitor)', () => {
    expect(windowStartMs('visit', VISIT, NOW)).toBe(VISIT);
    expect(windowStartMs('day', VISIT, NOW)).toBe(at('2026-12-07T00:00:00Z'));
    expect(windowStartMs('visitor', VISIT, NOW)).toBe(-Infinity);
  });
});

describe('limits: frequency', () => {
  const counter = (count: number, windowStartMs: number, lastClaimedAtMs: number | null = null): FrequencyCounter => ({
    count,
    windowStartMs,
    lastClaimedAtMs,
  });

  it('blocks at the cap within the window only', () => {
    const perVisit = { max: 2, per: 'visit' as const, cooldownSeconds: 0 };
    expect(frequencyBlock(perVisit, undefined, VISIT, NOW)).toBeUndefined();
    expect(frequencyBlock(perVisit, counter(1, VISIT), VISIT, NOW)).toBeUndefined();
    expect(frequencyBlock(perVisit, counter(2, VISIT), VISIT, NOW)).toEqual({ blockedBy: 'frequency' });
    // another visit: the count was of the previous one
    expect(frequencyBlock(perVisit, counter(2, VISIT - 3_600_000), VISIT, NOW)).toBeUndefined();
  });

  it('a day cap ends at the next UTC midnight; a cap crossing midnight is gone', () => {
    const daily = { max: 1, per: 'day' as const, cooldownSeconds: 0 };
    const today = utcDayStartMs(NOW);
    expect(frequencyBlock(daily, counter(1, today), VISIT, NOW)).toEqual({ blockedBy: 'frequency', retryAtMs: at('2026-12-08T00:00:00Z') });
    expect(frequencyBlock(daily, counter(1, today), VISIT, at('2026-12-08T00:00:00Z'))).toBeUndefined();
  });

  it('a cooldown blocks until its end, across windows; it is 0 by default', () => {
    const cooling = { max: 100, per: 'day' as const, cooldownSeconds: 600 };
    const last = NOW - 1000;
    expect(frequencyBlock(cooling, counter(1, utcDayStartMs(NOW), last), VISIT, NOW)).toEqual({ blockedBy: 'frequency', retryAtMs: last + 600_000 });
    // after midnight the day's count is new, but the cooldown still runs
    expect(frequencyBlock(cooling, counter(1, utcDayStartMs(NOW), last), VISIT, NOW + 1000)).toEqual({ blockedBy: 'frequency', retryAtMs: last + 600_000 });
    expect(frequencyBlock(cooling, counter(1, utcDayStartMs(NOW), last), VISIT, last + 600_000)).toBeUndefined();
    expect(frequencyBlock({ ...cooling, cooldownSeconds: 0 }, counter(1, utcDayStartMs(NOW), NOW), VISIT, NOW)).toBeUndefined();
  });

  it('capped and cooling: the later end; a visitor cap has no end even while cooling', () => {
    const daily = { max: 1, per: 'day' as const, cooldownSeconds: 86_400 };
    expect(frequencyBlock(daily, counter(1, utcDayStartMs(NOW), NOW - 1000), VISIT, NOW)).toEqual({
      blockedBy: 'frequency',
      retryAtMs: NOW - 1000 + 86_400_000,
    });
    const ever = { max: 1, per: 'visitor' as const, cooldownSeconds: 60 };
    expect(frequencyBlock(ever, counter(1, -Infinity, NOW - 1000), VISIT, NOW)).toEqual({ blockedBy: 'frequency' });
  });
});

describe('limits: the proactive budget', () => {
  const budget = (settings: Partial<ProactiveBudget>): ProactiveBudget => ({ ...NO_BUDGET, ...settings });
  const used = (fields: Partial<BudgetCounter>): BudgetCounter => ({
    visitStartedAtMs: VISIT,
    visitCount: 0,
    dayStartMs: utcDayStartMs(NOW),
    dayCount: 0,
    lastFiredAtMs: null,
    dismissedAtMs: null,
    ...fields,
  });

  it('nothing set blocks nothing', () => {
    expect(budgetBlock(NO_BUDGET, used({ visitCount: 99, dayCount: 99, lastFiredAtMs: NOW, dismissedAtMs: NOW }), VISIT, NOW)).toBeUndefined();
  });

  it('the visit cap counts this visit only, with the slots this event took; its end is unknown', () => {
    const twoPerVisit = budget({ maxPerVisit: 2 });
    expect(budgetBlock(twoPerVisit, used({ visitCount: 1 }), VISIT, NOW)).toBeUndefined();
    expect(budgetBlock(twoPerVisit, used({ visitCount: 1 }), VISIT, NOW, 1)).toEqual({ blockedBy: 'budget' });
    expect(budgetBlock(twoPerVisit, used({ visitCount: 2, visitStartedAtMs: VISIT - 1 }), VISIT, NOW)).toBeUndefined();
    expect(budgetBlock(budget({ maxPerVisit: 0 }), undefined, VISIT, NOW)).toEqual({ blockedBy: 'budget' });
  });

  it('the day cap ends at the next UTC midnight and counts the current UTC day only', () => {
    const onePerDay = budget({ maxPerDay: 1 });
    expect(budgetBlock(onePerDay, used({ dayCount: 1 }), VISIT, NOW)).toEqual({ blockedBy: 'budget', retryAtMs: at('2026-12-08T00:00:00Z') });
    expect(budgetBlock(onePerDay, used({ dayCount: 1, dayStartMs: utcDayStartMs(NOW) - 86_400_000 }), VISIT, NOW)).toBeUndefined();
  });

  it('the gap runs from the last firing event, does not stop a second slot of the same event, and ends after minGapSeconds', () => {
    const gap = budget({ minGapSeconds: 60 });
    expect(budgetBlock(gap, used({ lastFiredAtMs: NOW - 10_000 }), VISIT, NOW)).toEqual({ blockedBy: 'budget', retryAtMs: NOW + 50_000 });
    expect(budgetBlock(gap, used({ lastFiredAtMs: NOW - 10_000 }), VISIT, NOW, 1)).toBeUndefined();
    expect(budgetBlock(gap, used({ lastFiredAtMs: NOW - 60_000 }), VISIT, NOW)).toBeUndefined();
  });

  it('budget before snoozed; the snooze runs from the dismissal', () => {
    const both = budget({ maxPerDay: 1, snoozeAfterDismissSeconds: 600 });
    expect(budgetBlock(both, used({ dayCount: 1, dismissedAtMs: NOW }), VISIT, NOW)?.blockedBy).toBe('budget');
    expect(budgetBlock(both, used({ dismissedAtMs: NOW - 100_000 }), VISIT, NOW)).toEqual({ blockedBy: 'snoozed', retryAtMs: NOW + 500_000 });
    expect(budgetBlock(both, used({ dismissedAtMs: NOW - 600_000 }), VISIT, NOW)).toBeUndefined();
  });

  it('after a wait: caps as they stand now, cooldown, gap and snooze when the wait ends', () => {
    const moment = { visitStartedAtMs: VISIT, nowMs: NOW, laterMs: NOW + 120_000, granted: 0 };
    const gap = budget({ minGapSeconds: 60 });
    // the gap ends before the wait does: listed
    expect(blockedAfterWait(null, undefined, gap, used({ lastFiredAtMs: NOW - 10_000 }), moment)).toBe(false);
    // a snooze still running when the wait ends: not listed
    expect(blockedAfterWait(null, undefined, budget({ snoozeAfterDismissSeconds: 600 }), used({ dismissedAtMs: NOW }), moment)).toBe(true);
    // a day cap reached now is not lifted by a wait that crosses midnight
    expect(blockedAfterWait(null, undefined, budget({ maxPerDay: 1 }), used({ dayCount: 1 }), moment)).toBe(true);
    const daily = { max: 1, per: 'day' as const, cooldownSeconds: 0 };
    expect(blockedAfterWait(daily, { count: 1, windowStartMs: utcDayStartMs(NOW), lastClaimedAtMs: NOW - 1 }, undefined, undefined, moment)).toBe(true);
    const cooling = { max: 9, per: 'visitor' as const, cooldownSeconds: 60 };
    expect(blockedAfterWait(cooling, { count: 1, windowStartMs: -Infinity, lastClaimedAtMs: NOW }, undefined, undefined, moment)).toBe(false);
    expect(
      blockedAfterWait({ ...cooling, cooldownSeconds: 600 }, { count: 1, windowStartMs: -Infinity, lastClaimedAtMs: NOW }, undefined, undefined, moment),
    ).toBe(true);
  });
});
