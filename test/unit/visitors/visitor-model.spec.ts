import { mergeMetadata, metadataErrors } from '../../../src/visitors/model/visitor-metadata';
import { isVisitorToken } from '../../../src/visitors/model/visitor-token';

describe('visitor tokens', () => {
  it.each(['abcdefgh', 'A_b-9'.repeat(2), 'x'.repeat(128)])('accepts %j', (token) => expect(isVisitorToken(token)).toBe(true));
  it.each(['short', 'x'.repeat(129), 'has space!', 'dot.dot.dot', '', 42])('refuses %j', (token) => expect(isVisitorToken(token)).toBe(false));
});

describe('visitor metadata', () => {
  it('replaces given keys in place, appends new ones, keeps the rest, in first-set order', () => {
    const stored = [
      { key: 'plan', value: 'free' },
      { key: 'name', value: 'Morgan' },
    ];
    expect(mergeMetadata(stored, { name: 'Morgan Lee', company: 'ACME', plan: 'pro' })).toEqual([
      { key: 'plan', value: 'pro' },
      { key: 'name', value: 'Morgan Lee' },
      { key: 'company', value: 'ACME' },
    ]);
    expect(stored[0].value).toBe('free');
  });

  it('refuses a merge past 20 keys', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect(mergeMetadata(twenty, { k3: 'replaced' })).toHaveLength(20);
    expect(mergeMetadata(twenty, { k20: 'one more' })).toBeUndefined();
  });

  it('checks types and lengths of keys and values', () => {
    expect(metadataErrors({ ok: 'v' })).toEqual([]);
    expect(metadataErrors([])).toHaveLength(1);
    expect(metadataErrors(null)).toHaveLength(1);
    expect(metadataErrors({ n: 5 })).toEqual([{ path: 'metadata.n', message: 'must be a string' }]);
    expect(metadataErrors({ ['k'.repeat(65)]: 'v' })).toHaveLength(1);
    expect(metadataErrors({ k: 'v'.repeat(1025) })).toHaveLength(1);
    expect(metadataErrors({ k: 'v'.repeat(1024) })).toEqual([]);
  });
});
