import fc from 'fast-check';
import { conditionType, MAX_URL_LENGTH, type PageUrlMatcher, PageUrlSet, type VisitorContext } from '../../../src/conditions';
import { MAX_SET_PROGRAM_SIZE } from '../../../src/conditions/page-url-set';
import { visitorContext } from '../../support/visitor-context';

const pageUrl = conditionType('page-url');

function matcher(pattern: string): PageUrlMatcher {
  const check = pageUrl.parseValue(pattern);
  if (!check.ok) throw new Error(check.message);
  return pageUrl.compile(check.value) as PageUrlMatcher;
}

/** What each condition answers on its own: the reference the set must agree with. */
const oneByOne = (matchers: readonly PageUrlMatcher[], url: string) => matchers.filter((m) => pageUrl.test(m, visitorContext({ url })).met);
const viaSet = (set: PageUrlSet, matchers: readonly PageUrlMatcher[], url: string) => matchers.filter((m) => set.matching(url).has(m));

const PATTERNS = [
  '.*/contact',
  '^https://shop\\.example/(en|de|fr)/checkout/step-\\d+',
  '/pricing/plan-[a-z]+-2(\\?.*)?$',
  '(?i)/support/ticket/\\d+\\b',
  'pricing',
  '^https://shop\\.',
  '/Contact$',
  '[?&]utm_source=(ads|mail)(&|$)',
  '\\.pdf$',
  '(?i)ÜBER',
  '^$',
];

describe('PageUrlSet', () => {
  it('finds exactly the patterns each condition finds on its own, on any URL', () => {
    const matchers = PATTERNS.map(matcher);
    const set = new PageUrlSet(matchers);
    const urls = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom(
        'https://xyz.com/contact',
        'https://shop.example/de/checkout/step-12',
        'https://x/pricing/plan-pro-2?y=1',
        'https://x/SUPPORT/Ticket/42 ok',
        'https://x/docs/a.pdf',
        'https://x/über',
        'https://x/?utm_source=mail',
        '',
      ),
      fc.string({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(urls, (url) => expect(viaSet(set, matchers, url)).toEqual(oneByOne(matchers, url))),
      { numRuns: 500 },
    );
  });

  it('agrees with single patterns a property test writes, too', () => {
    const pieces = fc.constantFrom('a', 'b', '/', '.', '.*', '[ab]', '(a|b)', 'a+', '\\d', '^', '$', '(?i)A', 'b?');
    const pattern = fc.array(pieces, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 8 }), fc.stringMatching(/^[ab/.0-9A]{0,12}$/), (patterns, url) => {
        const matchers = patterns.flatMap((p) => (pageUrl.parseValue(p).ok ? [matcher(p)] : []));
        expect(viaSet(new PageUrlSet(matchers), matchers, url)).toEqual(oneByOne(matchers, url));
      }),
      { numRuns: 300 },
    );
  });

  it('splits thousands of large patterns into several sets and still answers for each', () => {
    // program size near the 2000 limit each: far more than one set takes
    const matchers = Array.from({ length: 300 }, (_, i) => matcher(`/page-${i}/(?:[a-z]x){0,600}$`));
    expect(matchers.reduce((sum, m) => sum + m.regex.programSize(), 0)).toBeGreaterThan(2 * MAX_SET_PROGRAM_SIZE);
    const set = new PageUrlSet(matchers);
    expect(viaSet(set, matchers, 'https://x/page-7/')).toEqual([matchers[7]]);
    expect(viaSet(set, matchers, 'https://x/page-299/')).toEqual([matchers[299]]);
    expect(viaSet(set, matchers, 'https://x/page-120/axbx')).toEqual([matchers[120]]);
    expect(viaSet(set, matchers, 'https://x/page-300/')).toEqual([]);
  });

  it('matches nothing for a URL over the length limit, as each condition does', () => {
    const matchers = [matcher('a')];
    const set = new PageUrlSet(matchers);
    expect(set.matching('a'.repeat(MAX_URL_LENGTH)).size).toBe(1);
    expect(set.matching('a'.repeat(MAX_URL_LENGTH + 1)).size).toBe(0);
  });

  it('answers a URL seen before from memory, the same way (the very same answer)', () => {
    const matchers = PATTERNS.map(matcher);
    const set = new PageUrlSet(matchers);
    const urls = ['https://shop.example/de/checkout/step-3', 'https://x/pricing', 'https://x/blog/nothing'];
    const first = urls.map((url) => set.matching(url));
    const again = urls.map((url) => set.matching(url));
    expect(first[0].size).toBeGreaterThan(0);
    again.forEach((answer, i) => expect(answer).toBe(first[i]));
    expect(urls.map((url) => viaSet(set, matchers, url))).toEqual(urls.map((url) => oneByOne(matchers, url)));
    // another set (another snapshot's patterns) does not answer from this one's memory
    const other = new PageUrlSet([matcher('/blog/')]);
    expect(other.matching('https://x/blog/nothing').size).toBe(1);
    expect(set.matching('https://x/blog/nothing').size).toBe(0);
  });

  it('is what a page-url condition reads when the event carries it', () => {
    const [contact, pricing] = [matcher('/contact'), matcher('/pricing')];
    const context: VisitorContext = visitorContext({ url: 'https://x/contact', matchingUrlPatterns: new Set([pricing]) });
    // the carried answer wins: the condition does not run its own pattern again
    expect(pageUrl.test(contact, context).met).toBe(false);
    expect(pageUrl.test(pricing, context).met).toBe(true);
  });
});
