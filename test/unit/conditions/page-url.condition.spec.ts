import { conditionType, type VisitorContext } from '../../../src/conditions';
import { visitorContext } from '../../support/visitor-context';

const pageUrl = conditionType('page-url');
const at = (url: string): VisitorContext => visitorContext({ url });

function compiled(pattern: string) {
  const check = pageUrl.parseValue(pattern);
  if (!check.ok) throw new Error(check.message);
  return pageUrl.compile(check.value);
}

describe('page-url condition', () => {
  it('matches unanchored, as Rocket.Chat does', () => {
    const contact = compiled('.*/contact');
    expect(pageUrl.evaluate(contact, at('https://xyz.com/contact')).met).toBe(true);
    expect(pageUrl.evaluate(contact, at('https://xyz.com/contact?x=1')).met).toBe(true);
    expect(pageUrl.evaluate(contact, at('https://xyz.com/about')).met).toBe(false);
    expect(pageUrl.evaluate(compiled('pricing'), at('https://xyz.com/en/pricing/plans')).met).toBe(true);
    expect(pageUrl.evaluate(compiled('^https://shop\\.'), at('https://www.shop.example')).met).toBe(false);
  });

  it('is case-sensitive unless the pattern says otherwise', () => {
    expect(pageUrl.evaluate(compiled('/Contact'), at('https://x.com/contact')).met).toBe(false);
    expect(pageUrl.evaluate(compiled('(?i)/Contact'), at('https://x.com/contact')).met).toBe(true);
  });

  it('refuses what RE2 cannot compile, naming the problem', () => {
    for (const bad of ['(a', '(?<=a)b', '\\1', '[z-a]']) {
      const check = pageUrl.parseValue(bad);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toMatch(/not a valid RE2 regular expression/);
    }
  });

  it('refuses non-strings, empty patterns, patterns over 512 characters and programs over 2000', () => {
    expect(pageUrl.parseValue(5).ok).toBe(false);
    expect(pageUrl.parseValue(null).ok).toBe(false);
    expect(pageUrl.parseValue('').ok).toBe(false);
    expect(pageUrl.parseValue('a'.repeat(512)).ok).toBe(true);
    expect(pageUrl.parseValue('a'.repeat(513)).ok).toBe(false);
    const big = pageUrl.parseValue('a{1000}b{1000}');
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.message).toMatch(/program size/);
  });

  it('accepts a backtracking-prone pattern with a warning, and matches it in linear time', () => {
    const check = pageUrl.parseValue('(a+)+$');
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.warnings).toEqual([expect.objectContaining({ code: 'regex-backtracking-risk' })]);
    expect(pageUrl.parseValue('.*/contact').ok && (pageUrl.parseValue('.*/contact') as { warnings?: unknown }).warnings).toBeUndefined();
    const evil = `https://x.com/${'a'.repeat(2000)}!`;
    expect(pageUrl.evaluate(pageUrl.compile(check.value), at(evil)).met).toBe(false);
  });

  it('never matches a URL over 2048 characters', () => {
    expect(pageUrl.evaluate(compiled('.*'), at(`https://x.com/${'a'.repeat(2048)}`)).met).toBe(false);
  });
});
