import fc from 'fast-check';
import { type ConditionName, EVENT_TYPES } from '../../../src/conditions';
import { compileTrigger, decide, type EvaluableTrigger, type Plan, TriggerSnapshot, type VisitorFacts } from '../../../src/evaluation';

const PATTERNS = ['.*/contact', 'pricing', '^https://shop\\.example/(en|de)/checkout', '\\.pdf$', '(?i)/SUPPORT/'];
const URLS = [
  'https://shop.example/contact',
  'https://shop.example/pricing',
  'https://shop.example/de/checkout/step-1',
  'https://shop.example/files/terms.pdf',
  'https://shop.example/support/ticket/7',
  'https://shop.example/blog/post-1',
  'https://shop.example/pricing/contact',
  `https://shop.example/${'x'.repeat(2100)}/contact`, // over the URL limit: matches nothing
];

type Condition = { name: ConditionName; value?: unknown };

const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom(...PATTERNS).map((value): Condition => ({ name: 'page-url', value })),
  fc.integer({ min: 0, max: 120 }).map((value): Condition => ({ name: 'time-on-site', value })),
  fc.constant<Condition>({ name: 'chat-opened-by-visitor' }),
  fc.constant<Condition>({ name: 'after-guest-registration' }),
);

const triggers: fc.Arbitrary<EvaluableTrigger[]> = fc
  .array(
    fc.record({
      match: fc.constantFrom<'all' | 'any'>('all', 'any'),
      runOnce: fc.boolean(),
      conditions: fc.array(condition, { minLength: 1, maxLength: 4 }),
    }),
    { maxLength: 25 },
  )
  .map((drawn) =>
    drawn.map(({ match, runOnce, conditions }, i) => ({
      id: `t${i}`,
      name: `trigger ${i}`,
      enabled: true,
      runOnce,
      priority: i,
      match,
      version: 1,
      conditions,
    })),
  );

const NOW = new Date('2026-12-07T10:00:00Z');

/** What an event moves, as the plan lists it: fired and scheduled triggers, in order. */
function moved(plan: Plan<EvaluableTrigger>): string[] {
  return [...plan.fire.map((t) => `${t.id}:fire`), ...plan.schedule.map(({ trigger, afterSeconds }) => `${trigger.id}:${afterSeconds}`)];
}

describe('CandidateIndex', () => {
  it('leaves out only triggers that would be skipped, and keeps firing order (any triggers, any event)', () => {
    fc.assert(
      fc.property(
        triggers,
        fc.constantFrom(...EVENT_TYPES),
        fc.constantFrom(...URLS),
        fc.integer({ min: 0, max: 150 }),
        fc.boolean(),
        fc.subarray(Array.from({ length: 25 }, (_, i) => `t${i}`)),
        (drawn, type, url, seconds, registered, shown) => {
          const snapshot = new TriggerSnapshot(drawn.map(compileTrigger));
          const visitor: VisitorFacts = { registered, visitStartedAt: NOW, runOnceShown: new Set(shown) };
          const event = { type, url, timeOnSiteSeconds: seconds };
          // the trace evaluates every trigger; the plan alone only the candidates
          const everyTrigger = decide(snapshot, visitor, event, NOW, { trace: true });
          expect(moved(decide(snapshot, visitor, event, NOW))).toEqual(moved(everyTrigger));
          expect(everyTrigger.trace!.map((t) => t.trigger.id)).toEqual(snapshot.triggers.map((t) => t.trigger.id));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('looks at no trigger for a page view whose URL matches no all-trigger pattern', () => {
    const compiled = [
      compileTrigger({
        id: 'a',
        name: 'a',
        enabled: true,
        runOnce: false,
        priority: 0,
        match: 'all',
        version: 1,
        conditions: [
          { name: 'page-url', value: 'pricing' },
          { name: 'time-on-site', value: 30 },
        ],
      }),
      compileTrigger({
        id: 'b',
        name: 'b',
        enabled: true,
        runOnce: false,
        priority: 1,
        match: 'all',
        version: 1,
        conditions: [{ name: 'chat-opened-by-visitor' }],
      }),
    ];
    const { candidates: index, pageUrls: urls } = new TriggerSnapshot<EvaluableTrigger>(compiled);
    expect(index.forEvent('page-view', urls.matching('https://shop.example/blog'))).toEqual([]);
    expect(index.forEvent('page-view', urls.matching('https://shop.example/pricing')).map((c) => c.trigger.id)).toEqual(['a']);
    expect(index.forEvent('chat-opened', urls.matching('https://shop.example/pricing')).map((c) => c.trigger.id)).toEqual(['a', 'b']);
  });

  it('looks at time-on-site-only and any triggers on every event', () => {
    const compiled = [
      compileTrigger({
        id: 'late',
        name: 'late',
        enabled: true,
        runOnce: false,
        priority: 0,
        match: 'all',
        version: 1,
        conditions: [{ name: 'time-on-site', value: 60 }],
      }),
      compileTrigger({
        id: 'either',
        name: 'either',
        enabled: true,
        runOnce: false,
        priority: 1,
        match: 'any',
        version: 1,
        conditions: [{ name: 'page-url', value: 'pricing' }, { name: 'chat-opened-by-visitor' }],
      }),
    ];
    const index = new TriggerSnapshot<EvaluableTrigger>(compiled).candidates;
    expect(index.forEvent('page-view', new Set()).map((c) => c.trigger.id)).toEqual(['late', 'either']);
  });
});
