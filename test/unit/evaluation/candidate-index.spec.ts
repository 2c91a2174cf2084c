import fc from 'fast-check';
import { type Condition, EVENT_TYPES } from '../../../src/conditions';
import { compileTrigger, decide, type EvaluableTrigger, type Plan, TriggerSnapshot, type VisitorFacts } from '../../../src/evaluation';
import { visitorFacts } from '../../support/visitor-context';

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

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom(...PATTERNS).map((value): Condition => ({ name: 'page-url', value })),
  fc.integer({ min: 0, max: 120 }).map((value): Condition => ({ name: 'time-on-site', value })),
  fc.constant<Condition>({ name: 'chat-opened-by-visitor', value: null }),
  fc.constant<Condition>({ name: 'after-guest-registration', value: null }),
  fc.integer({ min: 0, max: 120 }).map((value): Condition => ({ name: 'time-on-page', op: 'gte', value })),
  fc.integer({ min: 0, max: 120 }).map((value): Condition => ({ name: 'time-on-page', op: 'lt', value })),
  fc.constantFrom('cart', 'signup').map((value): Condition => ({ name: 'custom-event', op: 'eq', value })),
  fc.constantFrom('pricing', 'contact').map((value): Condition => ({ name: 'query-param', key: 'utm', op: 'eq', value })),
  fc.boolean().map((value): Condition => ({ name: 'visitor-registered', op: 'eq', value })),
);

/** Rocket.Chat's conditions, rules, and groups of them two deep. */
const condition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  {
    weight: 1,
    arbitrary: fc
      .record({ match: fc.constantFrom<'all' | 'any' | 'none'>('all', 'any', 'none'), conditions: fc.array(leaf, { minLength: 1, maxLength: 3 }) })
      .map(({ match, conditions }): Condition => ({ name: 'group', match, conditions })),
  },
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
        fc.constantFrom(...URLS.flatMap((url) => [url, `${url}?utm=pricing`])),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 150 }),
        fc.boolean(),
        fc.subarray(Array.from({ length: 25 }, (_, i) => `t${i}`)),
        fc.constantFrom('cart', 'signup'),
        (drawn, type, url, seconds, onPage, registered, shown, name) => {
          const snapshot = new TriggerSnapshot(drawn.map(compileTrigger));
          const visitor: VisitorFacts = visitorFacts(NOW, { registered, runOnceShown: new Set(shown) });
          const event = { type, url, timeOnSiteSeconds: seconds, timeOnPageSeconds: Math.min(onPage, seconds), ...(type === 'custom' ? { name } : {}) };
          // the trace evaluates every trigger; the plan alone only the candidates
          const everyTrigger = decide(snapshot, visitor, event, NOW, { trace: true });
          // by design (DESIGN §16), a custom event evaluates only the triggers with a custom-event rule
          const hears = new Set(snapshot.triggers.filter((t) => type !== 'custom' || t.hearsCustomEvents).map((t) => t.trigger.id));
          const expected = moved(everyTrigger).filter((entry) => hears.has(entry.split(':')[0]));
          expect(moved(decide(snapshot, visitor, event, NOW))).toEqual(expected);
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
        conditions: [{ name: 'chat-opened-by-visitor', value: null }],
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
        conditions: [
          { name: 'page-url', value: 'pricing' },
          { name: 'chat-opened-by-visitor', value: null },
        ],
      }),
    ];
    const index = new TriggerSnapshot<EvaluableTrigger>(compiled).candidates;
    expect(index.forEvent('page-view', new Set()).map((c) => c.trigger.id)).toEqual(['late', 'either']);
  });
});
