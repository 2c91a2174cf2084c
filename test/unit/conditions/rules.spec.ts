import { compileGroup, holds, parseConditions, type VisitorContext } from '../../../src/conditions';
import { NO_REQUEST, type RequestFacts } from '../../../src/evaluation';
import { group, rule } from '../../support/builders';
import { visitorContext } from '../../support/visitor-context';

/** Whether one condition (any form) holds for the context, through the same parse and compile as a saved trigger. */
function check(condition: unknown, context: VisitorContext): boolean {
  const { conditions, problems } = parseConditions([condition]);
  expect(problems).toEqual([]);
  return holds(compileGroup('all', conditions!), context);
}

const problemsOf = (conditions: unknown) => parseConditions(conditions).problems;
const request = (facts: Partial<RequestFacts>): RequestFacts => ({ ...NO_REQUEST, ...facts });

describe('rules: string ops (DESIGN §11)', () => {
  const titled = (title?: string) => visitorContext({ title });

  it.each([
    ['eq', 'Pricing', 'pricing', true],
    ['eq', 'Pricing plans', 'pricing', false],
    ['neq', 'Pricing', 'pricing', false],
    ['contains', 'Our PRICING page', 'pricing', true],
    ['not-contains', 'Checkout', 'pricing', true],
    ['starts-with', 'Pricing - Shop', 'pricing', true],
    ['ends-with', 'Shop - Pricing', 'pricing', true],
    ['regex', 'Plan 42', 'plan \\d+', true],
    ['not-regex', 'Plan 42', 'plan \\d+', false],
    ['in', 'Checkout', ['pricing', 'checkout'], true],
    ['not-in', 'Checkout', ['pricing', 'checkout'], false],
  ])('page-title %s on %p with %p → %p (case-insensitive)', (op, title, value, expected) => {
    expect(check(rule('page-title', op, value), titled(title))).toBe(expected);
  });

  it('caseSensitive compares as sent, regex included', () => {
    expect(check(rule('page-title', 'eq', 'pricing', { caseSensitive: true }), titled('Pricing'))).toBe(false);
    expect(check(rule('page-title', 'regex', '^P', { caseSensitive: true }), titled('pricing'))).toBe(false);
    expect(check(rule('page-title', 'regex', '^P'), titled('pricing'))).toBe(true);
  });

  it('an absent fact makes exists and positive ops false, not-exists and negative ops true; "" is present', () => {
    for (const op of ['eq', 'contains', 'starts-with', 'ends-with', 'regex', 'in']) {
      expect(check(rule('page-title', op, op === 'in' ? ['x'] : 'x'), titled(undefined))).toBe(false);
    }
    for (const op of ['neq', 'not-contains', 'not-regex', 'not-in']) {
      expect(check(rule('page-title', op, op === 'not-in' ? ['x'] : 'x'), titled(undefined))).toBe(true);
    }
    expect(check(rule('page-title', 'exists'), titled(undefined))).toBe(false);
    expect(check(rule('page-title', 'not-exists'), titled(undefined))).toBe(true);
    expect(check(rule('page-title', 'exists'), titled(''))).toBe(true);
    expect(check(rule('page-title', 'eq', ''), titled(''))).toBe(true);
  });

  it('query-param reads the first value, decoded as URLSearchParams does; ?a is present and empty', () => {
    const at = (url: string) => visitorContext({ url });
    expect(check(rule('query-param', 'eq', 'spring sale', { key: 'utm' }), at('https://x.com/?utm=spring+sale&utm=other'))).toBe(true);
    expect(check(rule('query-param', 'eq', 'a&b', { key: 'q' }), at('https://x.com/?q=a%26b#q=zzz'))).toBe(true);
    expect(check(rule('query-param', 'exists', undefined, { key: 'a' }), at('https://x.com/?a'))).toBe(true);
    expect(check(rule('query-param', 'eq', '', { key: 'a' }), at('https://x.com/?a'))).toBe(true);
    expect(check(rule('query-param', 'exists', undefined, { key: 'A' }), at('https://x.com/?a=1'))).toBe(false);
    expect(check(rule('query-param', 'not-exists', undefined, { key: 'a' }), at('https://x.com/page'))).toBe(true);
  });
});

describe('rules: numbers, codes and edges', () => {
  const withPlan = (value?: string) => visitorContext({ metadata: value === undefined ? [] : [{ key: 'seats', value }] });

  it('visitor-attribute numeric ops parse a decimal (no trimming, no exponent) and are all false when it does not parse', () => {
    expect(check(rule('visitor-attribute', 'gt', 10, { key: 'seats' }), withPlan('12.5'))).toBe(true);
    expect(check(rule('visitor-attribute', 'lte', 10, { key: 'seats' }), withPlan('+10'))).toBe(true);
    expect(check(rule('visitor-attribute', 'eq', 0.5, { key: 'seats' }), withPlan('.5'))).toBe(true);
    for (const raw of ['', '1e3', ' 5', '5 ', 'ten']) {
      expect(check(rule('visitor-attribute', 'neq', 3, { key: 'seats' }), withPlan(raw))).toBe(false);
      expect(check(rule('visitor-attribute', 'lt', 1e9, { key: 'seats' }), withPlan(raw))).toBe(false);
    }
    // absent: negative ops true
    expect(check(rule('visitor-attribute', 'neq', 3, { key: 'seats' }), withPlan(undefined))).toBe(true);
    expect(check(rule('visitor-attribute', 'gt', 3, { key: 'seats' }), withPlan(undefined))).toBe(false);
    // a string value under eq compares text
    expect(check(rule('visitor-attribute', 'eq', 'PRO', { key: 'seats' }), withPlan('pro'))).toBe(true);
  });

  it('visit-count and chats-opened compare the counts', () => {
    expect(check(rule('visit-count', 'gte', 2), visitorContext({ visitCount: 2 }))).toBe(true);
    expect(check(rule('visit-count', 'gte', 2), visitorContext({ visitCount: 1 }))).toBe(false);
    expect(check(rule('chats-opened', 'eq', 0), visitorContext({ chatsOpened: 0 }))).toBe(true);
  });

  it('language: a condition tag matches the visitor tag and its extensions, not the reverse, case-insensitively', () => {
    expect(check(rule('language', 'eq', 'pt'), visitorContext({ givenLanguage: 'pt-BR' }))).toBe(true);
    expect(check(rule('language', 'eq', 'pt-BR'), visitorContext({ givenLanguage: 'pt' }))).toBe(false);
    expect(check(rule('language', 'in', ['de', 'PT-br']), visitorContext({ givenLanguage: 'pt-br' }))).toBe(true);
    expect(check(rule('language', 'eq', 'pt'), visitorContext({ givenLanguage: 'ptx' }))).toBe(false);
    // the event's and registration's language first, then Accept-Language
    expect(check(rule('language', 'eq', 'fr'), visitorContext({}, request({ acceptLanguage: () => 'fr-CH' })))).toBe(true);
    expect(check(rule('language', 'not-exists'), visitorContext())).toBe(true);
  });

  it('device and country come from the request, asked only when a rule needs them', () => {
    let asked = 0;
    const facts = request({ device: () => (asked++, 'mobile'), country: () => 'DE' });
    expect(check(rule('device', 'eq', 'mobile'), visitorContext({}, facts))).toBe(true);
    expect(check(rule('country', 'in', ['AT', 'DE']), visitorContext({}, facts))).toBe(true);
    expect(check(rule('country', 'not-exists'), visitorContext())).toBe(true);
    asked = 0;
    expect(check(rule('page-title', 'exists'), visitorContext({ title: 'x' }, facts))).toBe(true);
    expect(asked).toBe(0);
  });

  it('department compares ids; custom-event holds only on a custom event with that name, case-sensitively', () => {
    const id = '0b4a3c46-8f0e-4d53-9c59-0a1e4f7e2b11';
    expect(check(rule('department', 'eq', id), visitorContext({ departmentId: id.toUpperCase() }))).toBe(true);
    expect(check(rule('department', 'neq', id), visitorContext())).toBe(true);
    expect(check(rule('custom-event', 'eq', 'cart'), visitorContext({ eventType: 'custom', customEventName: 'cart' }))).toBe(true);
    expect(check(rule('custom-event', 'eq', 'Cart'), visitorContext({ eventType: 'custom', customEventName: 'cart' }))).toBe(false);
    expect(check(rule('custom-event', 'in', ['cart']), visitorContext({ eventType: 'page-view', customEventName: 'cart' }))).toBe(false);
  });

  it('agents-available compares the count, in the department given by key or in all; an absent count is 0, never absent', () => {
    const sales = '0b4a3c46-8f0e-4d53-9c59-0a1e4f7e2b11';
    const asked: (string | undefined)[] = [];
    const agents = {
      count: (departmentId?: string) => {
        asked.push(departmentId);
        return departmentId === undefined ? 3 : 0;
      },
    };
    const context = visitorContext({}, NO_REQUEST, agents);
    expect(check(rule('agents-available', 'gte', 1), context)).toBe(true);
    expect(check({ ...rule('agents-available', 'gte', 1), key: sales }, context)).toBe(false);
    expect(check({ ...rule('agents-available', 'eq', 0), key: sales }, context)).toBe(true);
    expect(asked).toEqual([undefined, sales, sales]);
    // without the counts (a decision made without them) nobody is available
    expect(check(rule('agents-available', 'lt', 1), visitorContext())).toBe(true);
  });

  it("schedule reads the schedule named by key at the context's moment; an unknown schedule is absent, so neither state holds", () => {
    const id = '0b4a3c46-8f0e-4d53-9c59-0a1e4f7e2b11';
    const open = { ...rule('schedule', 'eq', 'open'), key: id.toUpperCase() };
    const closed = { ...rule('schedule', 'eq', 'closed'), key: id };
    const at = Date.parse('2026-12-07T10:00:00Z');
    const schedules = new Map([[id, { isOpen: (ms: number) => ms >= at, nextChangeAfter: () => null }]]);
    const context = (atMs: number) => visitorContext({ atMs }, NO_REQUEST, undefined, schedules);
    expect(check(open, context(at))).toBe(true);
    expect(check(closed, context(at - 1))).toBe(true);
    expect(check(open, context(at - 1))).toBe(false);
    expect(check(open, visitorContext())).toBe(false);
    expect(check(closed, visitorContext())).toBe(false);
  });

  it('groups: all, any, none, nested', () => {
    const context = visitorContext({ title: 'Pricing', visitCount: 3 });
    expect(check(group('any', rule('page-title', 'eq', 'x'), rule('visit-count', 'gte', 2)), context)).toBe(true);
    expect(check(group('all', rule('page-title', 'eq', 'x'), rule('visit-count', 'gte', 2)), context)).toBe(false);
    expect(check(group('none', rule('page-title', 'eq', 'x'), group('all', rule('visit-count', 'lt', 2))), context)).toBe(true);
  });
});

describe('rules: validation reports every problem at its path, all at once (DESIGN §11, §16)', () => {
  it('names, ops, keys, values and caseSensitive', () => {
    expect(
      problemsOf([
        { name: 'page-tittle', op: 'eq', value: 'x' },
        rule('visit-count', 'contains', 'x'),
        rule('page-title', 'eq'),
        rule('query-param', 'eq', 'x'),
        rule('page-title', 'exists', 'x', { key: 'k' }),
        rule('visit-count', 'gt', 5, { caseSensitive: true }),
        rule('custom-event', 'eq', 'cart', { caseSensitive: false }),
        rule('page-title', 'regex', '(a'),
      ]).map((p) => p.path),
    ).toEqual([
      'conditions[0].name',
      'conditions[1].op',
      'conditions[2].value',
      'conditions[3].key',
      'conditions[4].key',
      'conditions[4].value',
      'conditions[5].caseSensitive',
      'conditions[6].caseSensitive',
      'conditions[7].value',
    ]);
  });

  it.each([
    [rule('country', 'eq', 'de'), 'conditions[0].value'],
    [rule('language', 'eq', 'portuguese!'), 'conditions[0].value'],
    [rule('device', 'in', ['phone']), 'conditions[0].value'],
    [rule('visit-count', 'eq', 1.5), 'conditions[0].value'],
    [rule('visit-count', 'eq', 1_000_001), 'conditions[0].value'],
    [rule('time-on-page', 'gt', 5), 'conditions[0].op'],
    [rule('page-title', 'in', []), 'conditions[0].value'],
    [
      rule(
        'page-title',
        'in',
        Array.from({ length: 51 }, () => 'x'),
      ),
      'conditions[0].value',
    ],
    [rule('page-title', 'eq', 'x'.repeat(513)), 'conditions[0].value'],
    [rule('page-title', 'eq', ['x']), 'conditions[0].value'],
    [rule('visitor-registered', 'eq', 'yes'), 'conditions[0].value'],
    [rule('department', 'eq', 'not-a-uuid'), 'conditions[0].value'],
    [rule('agents-available', 'gte', 100_001), 'conditions[0].value'],
    [rule('agents-available', 'gte', 0.5), 'conditions[0].value'],
    [rule('agents-available', 'in', [1]), 'conditions[0].op'],
    [{ ...rule('agents-available', 'gte', 1), key: 'sales' }, 'conditions[0].key'],
    [rule('schedule', 'eq', 'open'), 'conditions[0].key'],
    [{ ...rule('schedule', 'eq', 'open'), key: 'office-hours' }, 'conditions[0].key'],
    [{ ...rule('schedule', 'eq', 'maybe'), key: '0b4a3c46-8f0e-4d53-9c59-0a1e4f7e2b11' }, 'conditions[0].value'],
    [{ ...rule('schedule', 'neq', 'open'), key: '0b4a3c46-8f0e-4d53-9c59-0a1e4f7e2b11' }, 'conditions[0].op'],
    [{ ...rule('page-title', 'eq', 'x'), match: 'all' }, 'conditions[0].match'],
    [{ name: 'page-url', value: '.*', op: 'eq' }, 'conditions[0].op'],
  ])('%j → 400 at %s', (condition, path) => {
    expect(problemsOf([condition]).map((p) => p.path)).toEqual([path]);
  });

  it('groups: depth 4, empty, too many children, bad match, and children of an invalid group still checked', () => {
    const deep = group('all', group('all', group('all', group('all', rule('page-title', 'exists')))));
    expect(problemsOf([deep]).map((p) => p.path)).toEqual(['conditions[0].conditions[0].conditions[0].conditions[0]']);
    expect(problemsOf([group('any')]).map((p) => p.path)).toEqual(['conditions[0].conditions']);
    expect(problemsOf([group('any', ...Array.from({ length: 11 }, () => rule('page-title', 'exists')))]).map((p) => p.path)).toEqual([
      'conditions[0].conditions',
    ]);
    expect(problemsOf([{ name: 'group', match: 'some', conditions: [rule('visit-count', 'eq', 'x')] }]).map((p) => p.path)).toEqual([
      'conditions[0].match',
      'conditions[0].conditions[0].value',
    ]);
  });

  it('more than 20 leaves in all → 400 at conditions; 20 is fine', () => {
    const five = () => group('all', ...Array.from({ length: 5 }, () => rule('page-title', 'exists')));
    expect(problemsOf([five(), five(), five(), five()])).toEqual([]);
    expect(problemsOf([five(), five(), five(), five(), rule('page-title', 'exists')]).map((p) => p.path)).toEqual(['conditions']);
  });

  it('a catastrophic-backtracking pattern runs on RE2 (linear), and what RE2 refuses is a 400 at the value', () => {
    expect(problemsOf([rule('page-title', 'regex', '(a+)+$')])).toEqual([]);
    expect(check(rule('page-title', 'regex', '(a+)+$'), visitorContext({ title: `${'a'.repeat(5000)}!` }))).toBe(false);
    expect(problemsOf([rule('page-title', 'regex', '(?<=a)b')]).map((p) => p.path)).toEqual(['conditions[0].value']);
  });
});
