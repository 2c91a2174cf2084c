import type { Condition, ConditionName, EventType } from '../../../src/conditions';
import {
  byFiringOrder,
  compileTrigger,
  decide,
  type EvaluableTrigger,
  type EventFacts,
  type TracedVerdict,
  TriggerSnapshot,
  type Verdict,
  type VisitorFacts,
} from '../../../src/evaluation';
import { visitorFacts } from '../../support/visitor-context';

let seq = 0;
function trigger(conditions: [ConditionName, unknown?][], extra: Partial<EvaluableTrigger> = {}): EvaluableTrigger {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    name: `t${seq}`,
    enabled: true,
    runOnce: false,
    priority: 100,
    match: 'all',
    version: 1,
    conditions: conditions.map(([name, value]) => ({ name, value: value ?? null }) as Condition),
    ...extra,
  };
}
const NOW = new Date('2026-12-07T10:00:00Z');
const ctx = (type: EventType, url = 'https://shop.example/contact', timeOnSiteSeconds = 0): EventFacts => ({ type, url, timeOnSiteSeconds });
const anonymous: VisitorFacts = visitorFacts(NOW);
const facts = (registered: boolean, shown: string[] = []): VisitorFacts => visitorFacts(NOW, { registered, runOnceShown: new Set(shown) });

/** One trigger's traced verdict and reasons, from the one decision. */
function traced(t: EvaluableTrigger, event: EventFacts, visitor: VisitorFacts = anonymous): TracedVerdict<EvaluableTrigger> {
  const [entry] = decide(new TriggerSnapshot([compileTrigger(t)]), visitor, event, NOW, { trace: true }).trace!;
  return entry;
}

/** What the plan alone (no trace, as the events route decides) says of one trigger. */
function planned(t: EvaluableTrigger, event: EventFacts, visitor: VisitorFacts = anonymous): Verdict {
  const plan = decide(new TriggerSnapshot([compileTrigger(t)]), visitor, event, NOW);
  if (plan.fire.length > 0) return { outcome: 'fire' };
  if (plan.schedule.length > 0) return { outcome: 'schedule', afterSeconds: plan.schedule[0].afterSeconds };
  return { outcome: 'skip' };
}

/** The verdict of one trigger on one event: the plan's, and for a skip the reason the trace gives. */
function verdict(t: EvaluableTrigger, event: EventFacts, visitor: VisitorFacts = anonymous): Verdict {
  const fromPlan = planned(t, event, visitor);
  return fromPlan.outcome === 'skip' ? traced(t, event, visitor).verdict : fromPlan;
}

describe('decide: one trigger', () => {
  it('fires a page-url trigger on any event whose URL matches (state condition)', () => {
    const t = trigger([['page-url', '.*/contact']]);
    for (const event of ['page-view', 'time-on-site', 'chat-opened'] as const) expect(verdict(t, ctx(event)).outcome).toBe('fire');
    expect(verdict(t, ctx('page-view', 'https://shop.example/about')).outcome).toBe('skip');
  });

  it('fires edge conditions only on their own event', () => {
    const opened = trigger([['chat-opened-by-visitor']]);
    expect(verdict(opened, ctx('chat-opened')).outcome).toBe('fire');
    expect(verdict(opened, ctx('page-view')).outcome).toBe('skip');
  });

  it('combines with all: every condition must hold', () => {
    const t = trigger([['page-url', 'contact'], ['chat-opened-by-visitor']]);
    expect(verdict(t, ctx('chat-opened')).outcome).toBe('fire');
    expect(verdict(t, ctx('chat-opened', 'https://shop.example/')).outcome).toBe('skip');
    expect(verdict(t, ctx('page-view')).outcome).toBe('skip');
  });

  it('combines with any: one condition is enough', () => {
    const t = trigger([['page-url', 'pricing'], ['chat-opened-by-visitor']], { match: 'any' });
    expect(verdict(t, ctx('chat-opened')).outcome).toBe('fire');
    expect(verdict(t, ctx('page-view', 'https://shop.example/pricing')).outcome).toBe('fire');
    expect(verdict(t, ctx('page-view')).outcome).toBe('skip');
  });

  it('schedules a trigger whose only unmet conditions are time on site, with the wait', () => {
    const t = trigger([
      ['page-url', 'contact'],
      ['time-on-site', 30],
    ]);
    expect(verdict(t, ctx('page-view', undefined, 12))).toMatchObject({ outcome: 'schedule', afterSeconds: 18 });
    expect(verdict(t, ctx('time-on-site', undefined, 30)).outcome).toBe('fire');
    expect(verdict(t, ctx('page-view', 'https://shop.example/', 12)).outcome).toBe('skip');
  });

  it('waits for the longest unmet time with all, and the shortest with any', () => {
    const all = trigger([
      ['time-on-site', 30],
      ['time-on-site', 60],
    ]);
    expect(verdict(all, ctx('page-view', undefined, 10))).toMatchObject({ outcome: 'schedule', afterSeconds: 50 });
    const any = trigger(
      [
        ['time-on-site', 30],
        ['time-on-site', 60],
        ['page-url', 'nomatch'],
      ],
      { match: 'any' },
    );
    expect(verdict(any, ctx('page-view', undefined, 10))).toMatchObject({ outcome: 'schedule', afterSeconds: 20 });
  });

  it('does not schedule an all-trigger with an edge condition (the timer event is not that edge)', () => {
    const t = trigger([['chat-opened-by-visitor'], ['time-on-site', 30]]);
    expect(verdict(t, ctx('chat-opened', undefined, 10)).outcome).toBe('skip');
    const any = trigger([['chat-opened-by-visitor'], ['time-on-site', 30]], { match: 'any' });
    expect(verdict(any, ctx('page-view', undefined, 10))).toMatchObject({ outcome: 'schedule', afterSeconds: 20 });
  });

  it('blocks disabled triggers, consumed run-once triggers, and non-registration triggers for registered visitors', () => {
    const off = trigger([['page-url', 'contact']], { enabled: false });
    expect(verdict(off, ctx('page-view'))).toMatchObject({ outcome: 'skip', blockedBy: 'disabled' });
    const once = trigger([['page-url', 'contact']], { runOnce: true });
    expect(verdict(once, ctx('page-view'), facts(false, [once.id]))).toMatchObject({
      outcome: 'skip',
      blockedBy: 'run-once-consumed',
    });
    expect(verdict(once, ctx('page-view')).outcome).toBe('fire');
    const registered = facts(true);
    expect(verdict(trigger([['page-url', 'contact']]), ctx('page-view'), registered)).toMatchObject({ blockedBy: 'registered-visitor' });
    expect(verdict(trigger([['after-guest-registration']]), ctx('guest-registered'), registered).outcome).toBe('fire');
  });

  it("counts time on site from the visit's start when the event does not say it", () => {
    const t = trigger([['time-on-site', 120]]);
    const startedBefore = (seconds: number): VisitorFacts => ({ ...anonymous, visitStartedAt: new Date(NOW.getTime() - seconds * 1000) });
    expect(verdict(t, { type: 'page-view', url: 'https://shop.example/' }, startedBefore(90.9))).toMatchObject({ outcome: 'schedule', afterSeconds: 30 });
    expect(verdict(t, { type: 'page-view', url: 'https://shop.example/' }, startedBefore(120))).toEqual({ outcome: 'fire' });
    expect(verdict(t, { type: 'page-view', url: 'https://shop.example/', timeOnSiteSeconds: 7 }, startedBefore(500))).toMatchObject({ afterSeconds: 113 });
  });

  it('explains every condition', () => {
    const decision = traced(
      trigger([
        ['page-url', 'contact'],
        ['time-on-site', 30],
      ]),
      ctx('page-view', undefined, 5),
    );
    expect(decision.verdict).toMatchObject({ outcome: 'schedule', afterSeconds: 25 });
    expect(decision.reasons).toEqual([
      { condition: 'page-url', path: 'conditions[0]', met: true, detail: expect.stringContaining('matches'), actual: 'https://shop.example/contact' },
      { condition: 'time-on-site', path: 'conditions[1]', met: false, detail: '5 s on site < 30 s', actual: 5 },
    ]);
  });
});

describe('the plan and the trace agree', () => {
  it('on every combination of a URL, a time and an edge condition, for both match modes and every event', () => {
    const urls = ['https://shop.example/contact', 'https://shop.example/about'];
    for (const match of ['all', 'any'] as const) {
      const t = trigger([['chat-opened-by-visitor'], ['time-on-site', 30], ['page-url', 'contact']], { match });
      for (const eventType of ['page-view', 'time-on-site', 'chat-opened', 'guest-registered'] as const) {
        for (const url of urls) {
          for (const seconds of [0, 29, 30, 31]) {
            const context = ctx(eventType, url, seconds);
            const { reasons, verdict: explained } = traced(t, context);
            expect(planned(t, context)).toEqual(explained.outcome === 'skip' ? { outcome: 'skip' } : explained);
            const allMet = reasons.every((r) => r.met);
            const anyMet = reasons.some((r) => r.met);
            expect(explained.outcome === 'fire').toBe(match === 'all' ? allMet : anyMet);
          }
        }
      }
    }
  });
});

describe('byFiringOrder', () => {
  it('orders by priority, then name case-insensitively', () => {
    const list = [trigger([], { name: 'beta', priority: 5 }), trigger([], { name: 'Alpha', priority: 5 }), trigger([], { name: 'zulu', priority: 1 })];
    expect(list.sort(byFiringOrder).map((t) => t.name)).toEqual(['zulu', 'Alpha', 'beta']);
  });
});

describe('decide: rules, groups and waits (DESIGN §11, §16)', () => {
  const withConditions = (conditions: Condition[], match: 'all' | 'any' = 'all') => trigger([], { conditions, match });
  const verdict = (t: EvaluableTrigger, event: EventFacts, visitor: VisitorFacts = anonymous) => traced(t, event, visitor).verdict;

  it('waits for the first time leaf after which the tree holds, both clocks advanced', () => {
    const onPage = withConditions([
      {
        name: 'group',
        match: 'any',
        conditions: [
          { name: 'time-on-page', op: 'gte', value: 20 },
          { name: 'time-on-site', value: 90 },
        ],
      },
    ]);
    expect(verdict(onPage, { type: 'page-view', url: 'https://x/', timeOnSiteSeconds: 60, timeOnPageSeconds: 0 })).toEqual({
      outcome: 'schedule',
      afterSeconds: 20,
    });
    // time on page < 10 can only get less true: a wait of 20 on site would break it
    const early = withConditions([
      { name: 'time-on-site', value: 30 },
      { name: 'time-on-page', op: 'lt', value: 10 },
    ]);
    expect(verdict(early, { type: 'page-view', url: 'https://x/', timeOnSiteSeconds: 10, timeOnPageSeconds: 0 })).toEqual({ outcome: 'skip' });
    expect(verdict(early, { type: 'page-view', url: 'https://x/', timeOnSiteSeconds: 25, timeOnPageSeconds: 0 })).toEqual({
      outcome: 'schedule',
      afterSeconds: 5,
    });
  });

  it('edge rules are false after a wait: a custom-event trigger fires on its event only, never scheduled', () => {
    const cart = withConditions([
      { name: 'custom-event', op: 'eq', value: 'cart' },
      { name: 'time-on-site', value: 30 },
    ]);
    expect(verdict(cart, { type: 'custom', name: 'cart', url: 'https://x/', timeOnSiteSeconds: 40 })).toEqual({ outcome: 'fire' });
    expect(verdict(cart, { type: 'custom', name: 'cart', url: 'https://x/', timeOnSiteSeconds: 10 })).toEqual({ outcome: 'skip' });
  });

  it('a visitor-registered rule decides for registered visitors instead of Rocket.Chat’s rule', () => {
    const returning = withConditions([{ name: 'visitor-registered', op: 'eq', value: true }]);
    const anonymousOnly = withConditions([{ name: 'visitor-registered', op: 'eq', value: false }]);
    const plain = withConditions([{ name: 'page-title', op: 'exists' }]);
    const event: EventFacts = { type: 'page-view', url: 'https://x/', title: 'Hi' };
    expect(verdict(returning, event, facts(true))).toEqual({ outcome: 'fire' });
    expect(verdict(anonymousOnly, event, facts(true))).toEqual({ outcome: 'skip' });
    expect(verdict(plain, event, facts(true))).toEqual({ outcome: 'skip', blockedBy: 'registered-visitor' });
  });

  it('time on page: the event’s, 0 on a page view, else since the visit’s last page view, else time on site', () => {
    const onPage = withConditions([{ name: 'time-on-page', op: 'gte', value: 30 }]);
    const reasons = (event: EventFacts, visitor: VisitorFacts) => traced(onPage, event, visitor).reasons[0].actual;
    const started = new Date(NOW.getTime() - 100_000);
    expect(reasons({ type: 'time-on-site', url: 'https://x/', timeOnPageSeconds: 7 }, anonymous)).toBe(7);
    expect(reasons({ type: 'page-view', url: 'https://x/' }, visitorFacts(started))).toBe(0);
    expect(reasons({ type: 'time-on-site', url: 'https://x/' }, visitorFacts(started, { pageViewedAt: new Date(NOW.getTime() - 40_000) }))).toBe(40);
    expect(reasons({ type: 'time-on-site', url: 'https://x/' }, visitorFacts(started))).toBe(100);
  });

  it('explain keeps one reason per leaf in tree order, with its path and what it saw', () => {
    const t = withConditions([
      { name: 'page-url', value: 'contact' },
      {
        name: 'group',
        match: 'none',
        conditions: [
          { name: 'country', op: 'eq', value: 'DE' },
          { name: 'device', op: 'eq', value: 'mobile' },
        ],
      },
    ]);
    expect(traced(t, ctx('page-view')).reasons.map(({ condition, path, actual }) => ({ condition, path, actual }))).toEqual([
      { condition: 'page-url', path: 'conditions[0]', actual: 'https://shop.example/contact' },
      { condition: 'country', path: 'conditions[1].conditions[0]', actual: null },
      { condition: 'device', path: 'conditions[1].conditions[1]', actual: 'desktop' },
    ]);
  });

  it('exclude: listed triggers are neither fired nor scheduled', () => {
    const now = withConditions([{ name: 'page-url', value: 'contact' }]);
    const later = withConditions([{ name: 'time-on-site', value: 30 }]);
    const snapshot = new TriggerSnapshot([compileTrigger(now), compileTrigger(later)]);
    const plan = decide(snapshot, anonymous, { ...ctx('page-view'), exclude: [now.id, later.id.toUpperCase()] }, NOW);
    expect(plan).toEqual({ fire: [], schedule: [] });
  });
});
