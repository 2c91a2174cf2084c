import fc from 'fast-check';
import { findUnsafeInput, hasUnsafeInput, MAX_INPUT_DEPTH } from '../../src/http/reject-unsafe-input';

/** JSON values with the things the check refuses mixed in: NUL characters, prototype keys, deep nesting. */
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'prototype', 'a\u0000b', 'type', 'url'));
const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('x\u0000', ''), fc.integer(), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => JSON.parse(JSON.stringify(Object.fromEntries(entries))) as unknown),
}));

function nested(depth: number): unknown {
  let current: unknown = 'leaf';
  for (let i = 0; i < depth; i++) current = i % 2 === 0 ? { a: current } : [current];
  return current;
}

describe('hasUnsafeInput', () => {
  it('answers true exactly when findUnsafeInput finds something, on any JSON value', () => {
    fc.assert(
      fc.property(value, (input) => expect(hasUnsafeInput(input)).toBe(findUnsafeInput(input).length > 0)),
      { numRuns: 2000 },
    );
  });

  it('agrees on prototype keys as JSON.parse creates them, and at the depth limit', () => {
    for (const input of [JSON.parse('{"__proto__":{"x":1}}'), JSON.parse('{"a":{"constructor":1}}'), { ok: ['fine', { also: 'fine' }] }]) {
      expect(hasUnsafeInput(input)).toBe(findUnsafeInput(input).length > 0);
    }
    expect(hasUnsafeInput(JSON.parse('{"__proto__":1}'))).toBe(true);
    expect(hasUnsafeInput(nested(MAX_INPUT_DEPTH))).toBe(false);
    expect(hasUnsafeInput(nested(MAX_INPUT_DEPTH + 1))).toBe(true);
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1)).length).toBe(1);
  });
});
