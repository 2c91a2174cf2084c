import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { FiringIds } from '../../../src/firing/firing-ids';

describe('firing ids (DESIGN §14, §16)', () => {
  const ids = new FiringIds(randomBytes(32));

  it('are version-4 UUIDs recognized for their own visitor only', () => {
    const id = ids.issue('visitor-one');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.isOf(id, 'visitor-one')).toBe(true);
    expect(ids.isOf(id.toUpperCase(), 'visitor-one')).toBe(true);
    expect(ids.isOf(id, 'visitor-two')).toBe(false);
  });

  it('another key (another deployment) recognizes none of them', () => {
    expect(new FiringIds(randomBytes(32)).isOf(ids.issue('visitor-one'), 'visitor-one')).toBe(false);
  });

  it('any change to an id, and anything that is not one, is refused', () => {
    const id = ids.issue('visitor-one');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 35 }), fc.constantFrom(...'0123456789abcdef'), (position, digit) => {
        if (id[position] === '-' || id[position] === digit) return;
        const changed = `${id.slice(0, position)}${digit}${id.slice(position + 1)}`;
        expect(ids.isOf(changed, 'visitor-one')).toBe(false);
      }),
    );
    for (const junk of ['', 'not-a-uuid', `${id}0`, id.replaceAll('-', '')]) expect(ids.isOf(junk, 'visitor-one')).toBe(false);
  });

  it('are unique', () => {
    const issued = new Set(Array.from({ length: 10_000 }, () => ids.issue('visitor-one')));
    expect(issued.size).toBe(10_000);
  });
});
