import type { ConditionName, EventType, VisitorContext } from '../../../src/conditions';
import { byFiringOrder, compileTrigger, EvaluableTrigger, evaluateTrigger, explainTrigger, VisitorFacts } from '../../../src/evaluation';

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
    conditions: conditions.map(([name, value]) => ({ name, value: value ?? null })),
    ...extra,
  };
}
const ctx = (eventType: EventType, url = 'https://shop.example/contact', timeOnSiteSeconds = 0): VisitorContext => ({
  eventType,
  url,
  timeOnSiteSeconds,
});
const anonymous: VisitorFacts = { registered: false, consumedRunOnce: new Set() };
const decide = (t: EvaluableTrigger, c: VisitorContext, v: VisitorFacts = anonymous) => evaluateTrigger(compileTrigger(t), c, v);

describe('evaluateTrigger', () => {
  it('fires a page-url trigger on any event whose URL matches (state condition)', () => {
    const t = trigger([['page-url', '.*/contact']]);
    for (const event of ['page-view', 'time-on-site', 'chat-opened'] as const) expect(decide(t, ctx(event)).outcome).toBe('fire');
    expect(decide(t, ctx('page-view', 'https://shop.example/about')).outcome).toBe('skip');
  });

  it('fires edge conditions only on their own event', () => {
    const opened = trigger([['chat-opened-by-visitor']]);
    expect(decide(opened, ctx('chat-opened')).outcome).toBe('fire');
    expect(decide(opened, ctx('page-view')).outcome).toBe('skip');
  });

  it('combines with all: every condition must hold', () => {
    const t = trigger([['page-url', 'contact'], ['chat-opened-by-visitor']]);
    expect(decide(t, ctx('chat-opened')).outcome).toBe('fire');
    expect(decide(t, ctx('chat-opened', 'https://shop.example/')).outcome).toBe('skip');
    expect(decide(t, ctx('page-view')).outcome).toBe('skip');
  });

  it('combines with any: one condition is enough', () => {
    const t = trigger([['page-url', 'pricing'], ['chat-opened-by-visitor']], { match: 'any' });
    expect(decide(t, ctx('chat-opened')).outcome).toBe('fire');
    expect(decide(t, ctx('page-view', 'https://shop.example/pricing')).outcome).toBe('fire');
    expect(decide(t, ctx('page-view')).outcome).toBe('skip');
  });

  it('schedules a trigger whose only unmet conditions are time on site, with the wait', () => {
    const t = trigger([
      ['page-url', 'contact'],
      ['time-on-site', 30],
    ]);
    expect(decide(t, ctx('page-view', undefined, 12))).toMatchObject({ outcome: 'schedule', afterSeconds: 18 });
    expect(decide(t, ctx('time-on-site', undefined, 30)).outcome).toBe('fire');
    expect(decide(t, ctx('page-view', 'https://shop.example/', 12)).outcome).toBe('skip');
  });

  it('waits for the longest unmet time with all, and the shortest with any', () => {
    const all = trigger([
      ['time-on-site', 30],
      ['time-on-site', 60],
    ]);
    expect(decide(all, ctx('page-view', undefined, 10))).toMatchObject({ outcome: 'schedule', afterSeconds: 50 });
    const any = trigger(
      [
        ['time-on-site', 30],
        ['time-on-site', 60],
        ['page-url', 'nomatch'],
      ],
      { match: 'any' },
    );
    expect(decide(any, ctx('page-view', undefined, 10))).toMatchObject({ outcome: 'schedule', afterSeconds: 20 });
  });

  it('does not schedule an all-trigger with an edge condition (the timer event is not that edge)', () => {
    const t = trigger([['chat-opened-by-visitor'], ['time-on-site', 30]]);
    expect(decide(t, ctx('chat-opened', undefined, 10)).outcome).toBe('skip');
    const any = trigger([['chat-opened-by-visitor'], ['time-on-site', 30]], { match: 'any' });
    expect(decide(any, ctx('page-view', undefined, 10))).toMatchObject({ outcome: 'schedule', afterSeconds: 20 });
  });

  it('blocks disabled triggers, consumed run-once triggers, and non-registration triggers for registered visitors', () => {
    const off = trigger([['page-url', 'contact']], { enabled: false });
    expect(decide(off, ctx('page-view'))).toMatchObject({ outcome: 'skip', blockedBy: 'disabled' });
    const once = trigger([['page-url', 'contact']], { runOnce: true });
    expect(decide(once, ctx('page-view'), { registered: false, consumedRunOnce: new Set([once.id]) })).toMatchObject({
      outcome: 'skip',
      blockedBy: 'run-once-consumed',
    });
    expect(decide(once, ctx('page-view')).outcome).toBe('fire');
    const registered = { registered: true, consumedRunOnce: new Set<string>() };
    expect(decide(trigger([['page-url', 'contact']]), ctx('page-view'), registered)).toMatchObject({ blockedBy: 'registered-visitor' });
    expect(decide(trigger([['after-guest-registration']]), ctx('guest-registered'), registered).outcome).toBe('fire');
  });

  it('explains every condition', () => {
    const decision = explainTrigger(
      compileTrigger(
        trigger([
          ['page-url', 'contact'],
          ['time-on-site', 30],
        ]),
      ),
      ctx('page-view', undefined, 5),
      anonymous,
    );
    expect(decision).toMatchObject({ outcome: 'schedule', afterSeconds: 25 });
    expect(decision.reasons).toEqual([
      { condition: 'page-url', met: true, detail: expect.stringContaining('matches') },
      { condition: 'time-on-site', met: false, detail: '5 s on site < 30 s' },
    ]);
  });
});

describe('evaluateTrigger and explainTrigger agree', () => {
  it('on every combination of a URL, a time and an edge condition, for both match modes and every event', () => {
    const urls = ['https://shop.example/contact', 'https://shop.example/about'];
    for (const match of ['all', 'any'] as const) {
      const t = compileTrigger(trigger([['chat-opened-by-visitor'], ['time-on-site', 30], ['page-url', 'contact']], { match }));
      for (const eventType of ['page-view', 'time-on-site', 'chat-opened', 'guest-registered'] as const) {
        for (const url of urls) {
          for (const seconds of [0, 29, 30, 31]) {
            const context = ctx(eventType, url, seconds);
            const { reasons, ...explained } = explainTrigger(t, context, anonymous);
            expect(explained).toEqual(evaluateTrigger(t, context, anonymous));
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
