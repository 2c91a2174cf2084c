import { isLanguageTag, LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_LENGTH } from '../../../src/conditions/language-tag';
import { firstAcceptLanguage } from '../../../src/request-facts/accept-language';

describe('firstAcceptLanguage', () => {
  it.each([
    ['fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5', 'fr-CH'],
    ['en;q=0.5, de', 'de'],
    ['*', undefined],
    ['*, pt-BR;q=0.2', 'pt-BR'],
    ['*;q=1, en;q=0.1', 'en'],
    ['x;q=1, es;q=0.3', 'es'], // one letter is not a language subtag
    ['en;q=0, de;q=0.001', 'de'],
    ['en;q=0.000', undefined],
    ['de;q=0.8, fr;q=0.8, en;q=0.7', 'de'], // ties go to the earlier entry
    ['fr, de', 'fr'],
    ['en-US,en;q=0.9', 'en-US'],
    ['zh-Hant-TW;q=0.9, es-419', 'es-419'],
    ['  da ,  en-gb ; q=0.8', 'da'],
    ['en;Q=0.4, de;q = 0.6', 'de'], // `Q` and spaces around `=` are read
    ['sv;q=1.000, en', 'sv'],
    ['', undefined],
    [',, ;q=1, ,', undefined],
    ['garbage!!, 12, en_US, -de, de-, de--CH, toolongsubtag-abcdefghi', undefined],
    ['en-abcdefgh, de', 'en-abcdefgh'],
  ])('%j → %j', (header, expected) => {
    expect(firstAcceptLanguage(header)).toBe(expected);
  });

  it('answers undefined without a header', () => {
    expect(firstAcceptLanguage(undefined)).toBeUndefined();
  });

  it.each(['q=abc', 'q=1.5', 'q=2', 'q=.5', 'q=0.1234', 'q=', 'q', 'q=-0', 'q=0.5;q=0.6'])('skips an entry whose q is malformed (%s)', (weight) => {
    expect(firstAcceptLanguage(`en;${weight}, de;q=0.1`)).toBe('de');
  });

  it('ignores parameters other than q', () => {
    expect(firstAcceptLanguage('en;level=1;q=0.2, de;q=0.1')).toBe('en');
  });

  it('skips tags longer than 35 characters', () => {
    const tooLong = 'en-abcdefgh-abcdefgh-abcdefgh-abcdef'; // 36
    const longest = 'en-abcdefgh-abcdefgh-abcdefgh-abcde'; // 35
    expect(firstAcceptLanguage(`${tooLong}, de;q=0.5`)).toBe('de');
    expect(firstAcceptLanguage(`${longest}, de;q=0.5`)).toBe(longest);
  });

  it('reads at most 50 entries', () => {
    const fifty = Array.from({ length: 50 }, () => 'en;q=0.1');
    expect(firstAcceptLanguage([...fifty, 'de'].join(','))).toBe('en');
    expect(firstAcceptLanguage([...fifty.slice(1), 'de'].join(','))).toBe('de');
  });

  it('reads only the first 1,024 characters, without the entry cut there', () => {
    const padding = 'x'.repeat(1017); // an invalid entry, then ", " ends at 1,019 characters
    expect(firstAcceptLanguage(`${padding}, de-C`)).toBe('de-C'); // 1,023 characters: all read
    // the cut falls inside `de-CHX`: the `de-CH` before it is not what was sent
    expect(firstAcceptLanguage(`${padding}, de-CHX, fr`)).toBeUndefined();
    expect(firstAcceptLanguage(`${padding}, de-CH;q=0.1, fr`)).toBeUndefined(); // its q is cut off
    expect(firstAcceptLanguage(`${padding}, de-CH,fr`)).toBe('de-CH'); // the cut falls on a comma
    expect(firstAcceptLanguage(`${'x'.repeat(100_000)}, de`)).toBeUndefined();
  });
});

describe('isLanguageTag', () => {
  it.each(['en', 'EN', 'pt-BR', 'gsw', 'zh-Hant-TW', 'es-419', 'en-abcdefgh', 'a'.repeat(2) + '-abcdefgh'.repeat(3) + '-abcde'])('accepts %s', (tag) => {
    expect(isLanguageTag(tag)).toBe(true);
  });

  it.each(['', 'e', 'engl', '*', 'en_US', 'en-', '-en', 'en--US', 'en-abcdefghi', 'en US', 'é', 'en-US\n', 'aa' + '-abcdefgh'.repeat(3) + '-abcdef'])(
    'refuses %j',
    (tag) => {
      expect(isLanguageTag(tag)).toBe(false);
    },
  );

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, ['en'], { tag: 'en' }]) expect(isLanguageTag(value)).toBe(false);
  });

  it('exports the pattern and the length limit for DTO validation', () => {
    expect(MAX_LANGUAGE_TAG_LENGTH).toBe(35);
    expect(LANGUAGE_TAG_PATTERN.test('pt-BR')).toBe(true);
    expect(LANGUAGE_TAG_PATTERN.flags).toBe('');
  });
});
