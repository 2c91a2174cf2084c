import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { fillPath, OPERATIONS, type Operation, valueFor, authHeaders, isErrorEnvelope } from '../support/openapi-routes';
import { MANAGER_KEY, VIEWER_KEY } from '../support/test-app';
import { type AbuseWorld, startAbuseWorld } from './abuse.fixtures';

/**
 * A fuzzer driven by the committed openapi.json: generated requests over every route (valid
 * and invalid parameters and bodies, with and without keys) never answer 5xx, answer only
 * statuses the document lists for the operation (or a generic 401/403/404/413/415/429),
 * and every error is a problem+json body.
 */
const TOTAL = Number(process.env.RELIABILITY_FUZZ_REQUESTS ?? 2000);
const GENERIC = new Set([401, 403, 404, 413, 415, 429]);
/** Fixed so that CI is repeatable; RELIABILITY_FUZZ_SEED explores other inputs. */
const SEED = Number(process.env.RELIABILITY_FUZZ_SEED ?? 20261125);

interface Finding {
  request: string;
  status: number;
  why: string;
  body: string;
}

describe(`openapi.json fuzzer (${TOTAL} requests)`, () => {
  let world: AbuseWorld;
  beforeAll(async () => {
    world = await startAbuseWorld();
  });
  afterAll(() => world?.close());

  function requestFor(op: Operation): fc.Arbitrary<InjectOptions & { url: string }> {
    const { ids } = world;
    const id = op.path.startsWith('/v1/schedules') ? ids.scheduleId : op.path.startsWith('/v1/departments') ? ids.departmentId : ids.id;
    const real: Record<string, string> = { id, username: ids.username, token: ids.token };
    const pathValue = (name: string) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(real[name] ?? 'x') },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 200 }) },
        { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', 'a'.repeat(300), '-1', 'null', '%', '\u00e9') },
      );
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const pathArb = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p.name)])));
    const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, valueFor(p.schema)])), { requiredKeys: [] });
    const bodyArb = op.body
      ? fc.oneof(
          { weight: 4, arbitrary: valueFor(op.body) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        )
      : fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined, freq: 4 });
    const keyArb = fc.constantFrom(MANAGER_KEY, MANAGER_KEY, VIEWER_KEY, undefined, 'not-a-key');
    const ifMatchArb = fc.option(fc.oneof(fc.nat({ max: 5 }).map(String), fc.string({ maxLength: 10 })), { nil: undefined });
    const typeArb = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/json; charset=latin1');
    return fc
      .record({ path: pathArb, query: queryArb, body: bodyArb, key: keyArb, ifMatch: ifMatchArb, type: typeArb })
      .map(({ path, query, body, key, ifMatch, type }) => {
        const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : String(JSON.stringify(v))]));
        const headers: Record<string, string> = {};
        if (key) Object.assign(headers, authHeaders(op.path, key));
        if (ifMatch !== undefined) headers['if-match'] = ifMatch;
        const options: InjectOptions & { url: string } = {
          method: op.method,
          url: `${fillPath(op.path, path)}${search.size ? `?${search.toString()}` : ''}`,
          headers,
        };
        if (body !== undefined && op.method !== 'GET') {
          headers['content-type'] = type;
          options.payload = JSON.stringify(body);
        }
        return options;
      });
  }

  it('answers every generated request with a documented status and never 5xx', async () => {
    const perOperation = Math.ceil(TOTAL / OPERATIONS.length);
    const findings: Finding[] = [];
    const seen = new Map<number, number>();
    let sent = 0;
    for (const [index, op] of OPERATIONS.entries()) {
      for (const options of fc.sample(requestFor(op), { numRuns: perOperation, seed: SEED + index })) {
        const res = await world.t.inject(options);
        sent += 1;
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        const report = (why: string) =>
          findings.push({
            request: `${op.method} ${op.path} → ${options.method} ${options.url.slice(0, 120)}`,
            status: res.statusCode,
            why,
            body: res.body.slice(0, 200),
          });
        if (res.statusCode >= 500 && !(res.statusCode === 503 && op.statuses.has(503))) report('5xx');
        else if (!op.statuses.has(res.statusCode) && !GENERIC.has(res.statusCode)) report('status not in the document');
        if (res.statusCode >= 400) {
          const type = String(res.headers['content-type'] ?? '');
          const body = /json/.test(type) ? res.json() : undefined;
          if (!isErrorEnvelope(op.path, res.statusCode, type, body)) report('not an error envelope of its surface');
        }
      }
    }
    process.stderr.write(`[fuzz] seed ${SEED}: ${sent} requests; statuses ${JSON.stringify(Object.fromEntries(seen))}\n`);
    const distinct = [...new Map(findings.map((f) => [`${f.request.split(' → ')[0]} ${f.status} ${f.why}`, f])).values()];
    expect(distinct).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect((await world.t.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });
});
