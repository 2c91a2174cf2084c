import fc from 'fast-check';
import { joinPath } from '../../src/common/errors/validation-errors';
import { findUnsafeInput, MAX_INPUT_DEPTH } from '../../src/http/reject-unsafe-input';

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

/** The reference: every unsafe thing in a JSON value, by a plain walk building every path (as the errors name them). */
function unsafeByReference(input: unknown, path = '', depth = 0): string[] {
  if (typeof input === 'string') return input.includes('\u0000') ? [path || '(body)'] : [];
  if (input === null || typeof input !== 'object') return [];
  if (depth >= MAX_INPUT_DEPTH) return [path || '(body)'];
  const entries = Array.isArray(input) ? input.map((item, i) => [String(i), item] as const) : Object.entries(input);
  return entries.flatMap(([k, item]) => {
    const at = joinPath(path, k);
    const own = !Array.isArray(input) && (k.includes('\u0000') || ['__proto__', 'constructor', 'toString', 'prototype'].includes(k)) ? [at] : [];
    return [...own, ...unsafeByReference(item, at, depth + 1)];
  });
}

describe('findUnsafeInput', () => {
  it('finds exactly what the reference finds, at the same paths, on any JSON value (up to 20)', () => {
    fc.assert(
      fc.property(value, (input) => expect(findUnsafeInput(input).map((f) => f.path)).toEqual(unsafeByReference(input).slice(0, 20))),
      { numRuns: 2000 },
    );
  });

  it('refuses prototype keys as JSON.parse creates them, NUL characters, and nesting past the limit', () => {
    expect(findUnsafeInput(JSON.parse('{"__proto__":{"x":1}}'))).toEqual([{ path: '__proto__', message: 'property __proto__ should not exist' }]);
    expect(findUnsafeInput(JSON.parse('{"a":{"constructor":1}}'))).toEqual([{ path: 'a.constructor', message: 'property constructor should not exist' }]);
    expect(findUnsafeInput({ list: ['ok', 'n\u0000'] })).toEqual([{ path: 'list[1]', message: 'must not contain NUL characters' }]);
    expect(findUnsafeInput({ ok: ['fine', { also: 'fine' }] })).toEqual([]);
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH))).toEqual([]);
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1))).toHaveLength(1);
  });
});
