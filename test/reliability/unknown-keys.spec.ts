import fc from 'fast-check';
import { authHeaders, fillPath, isValidationRefusal, isWrite, OPERATIONS } from '../support/openapi-routes';
import { MANAGER_KEY } from '../support/test-app';
import { type AbuseWorld, databaseSnapshot, startAbuseWorld, validBodies } from './abuse.fixtures';

/**
 * Property: an unknown key anywhere in a valid body (`__proto__`, `constructor`, `id`,
 * `version` or a random name, at a random depth) is refused with 400 and changes nothing.
 */
const SUSPICIOUS = ['__proto__', 'constructor', 'prototype', 'id', 'version', 'createdAt', 'updatedAt', 'isAdmin', 'role'];
const RUNS = Number(process.env.RELIABILITY_PROPERTY_RUNS ?? 25);

type Json = Record<string, unknown>;

/** Paths of every object in `body` a key could be added to; free-form maps (`metadata`) excluded. */
function objectPaths(value: unknown, path: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectPaths(item, [...path, String(i)]));
  if (!value || typeof value !== 'object') return [];
  return [path, ...Object.entries(value).flatMap(([k, v]) => (k === 'metadata' ? [] : objectPaths(v, [...path, k])))];
}

function withKeyAt(body: Json, path: string[], key: string, value: unknown): Json {
  const copy = structuredClone(body);
  let node = copy as Record<string, unknown>;
  for (const step of path) node = node[step] as Record<string, unknown>;
  // defineProperty: `__proto__` becomes an own key that JSON.stringify sends as is
  Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

describe('unknown keys at any depth of every write body', () => {
  let world: AbuseWorld;
  beforeAll(async () => {
    world = await startAbuseWorld();
  });
  afterAll(() => world?.close());

  it('has a valid body for every write route of openapi.json', () => {
    const routes = OPERATIONS.filter((op) => isWrite(op) && op.body).map((op) => `${op.method} ${op.path}`);
    expect(Object.keys(validBodies(world)).sort()).toEqual(routes.sort());
  });

  const routes = OPERATIONS.filter((op) => isWrite(op) && op.body);
  it.each(routes.map((op) => [`${op.method} ${op.path}`, op] as const))('%s: 400 and nothing changed', async (route, op) => {
    const { path, body } = validBodies(world)[route];
    const url = fillPath(op.path, path);
    const send = (payload: Json) =>
      world.t.inject({
        method: op.method,
        url,
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json', ...authHeaders(op.path, MANAGER_KEY) },
      });
    const valid = await send(body());
    expect({ route, status: valid.statusCode < 300 ? 'accepted' : valid.body }).toEqual({ route, status: 'accepted' });

    const before = await databaseSnapshot(world.t);
    const sample = body();
    const known = new Set(
      JSON.stringify(sample)
        .match(/"[^"]+":/g)
        ?.map((k) => k.slice(1, -2)),
    );
    const key = fc.oneof(
      fc.constantFrom(...SUSPICIOUS),
      fc.string({ minLength: 1, maxLength: 16 }).filter((k) => !known.has(k) && !SUSPICIOUS.includes(k)),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), key, fc.jsonValue({ maxDepth: 2 }), async (at, name, value) => {
        const paths = objectPaths(sample);
        const res = await send(withKeyAt(sample, paths[at % paths.length], name, value));
        return isValidationRefusal(op.path, res.statusCode, res.json());
      }),
      { numRuns: RUNS },
    );
    expect(await databaseSnapshot(world.t)).toEqual(before);
  });
});
