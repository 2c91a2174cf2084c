import { entityTag, parseIfMatch } from '../../src/common/http/if-match';

describe('If-Match', () => {
  it('is no precondition when absent', () => {
    expect(parseIfMatch(undefined)).toEqual({ kind: 'none' });
  });

  it.each([['*'], [' * ']])('accepts %p as any current version', (header) => {
    expect(parseIfMatch(header)).toEqual({ kind: 'any' });
  });

  it.each([
    ['"3"', [3]],
    ['3', [3]],
    [' "12" ', [12]],
    ['"1", "2"', [1, 2]],
    ['W/"3"', []],
    ['"0"', []],
    ['"99999999999"', []],
  ])('reads %p as versions %p (weak, zero and impossible versions never match)', (header, versions) => {
    expect(parseIfMatch(header)).toEqual({ kind: 'versions', versions });
  });

  it.each([[''], ['abc'], ['"3'], ['-1'], ['1.5'], ['"a"'], ['3,'], ['*, "1"']])('refuses the malformed %p', (header) => {
    expect(parseIfMatch(header)).toBeUndefined();
  });

  it('writes a strong, quoted entity tag', () => {
    expect(entityTag(7)).toBe('"7"');
  });
});
