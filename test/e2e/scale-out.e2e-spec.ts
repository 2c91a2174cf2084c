import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageUrl, sendMessage } from '../support/builders';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis';
import { type ServiceProcess, spawnService } from '../support/service-process';
import { MANAGER_KEY, TEST_SECRETS_KEY } from '../support/test-app';
import { createThrowawayDatabase, type ThrowawayDatabase, usesServer } from '../support/test-database';

const INSTANCES = 3;
const RATE_LIMIT = 20;
const CONTACT = 'https://shop.example/contact';

const suite = usesServer() ? describe : describe.skip;
const withRedis = TEST_REDIS_URL ? it : it.skip;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed when JSON, else the text. */
  readonly body: unknown;
}

/** An event's answer, as far as these tests read it. */
interface EventAnswer {
  readonly fired: readonly { triggerId: string; actions: { messages: { msg: string }[] }[] }[];
}

/**
 * Three processes of the built service on one PostgreSQL (and one Redis when
 * TEST_REDIS_URL is set), as they run behind a load balancer.
 */
suite(`scale-out: ${INSTANCES} service processes on one database${usesServer() ? '' : ' (skipped: set TEST_DATABASE_URL to run it)'}`, () => {
  let database: ThrowawayDatabase;
  let dataDir: string;
  const redisPrefix = uniqueRedisPrefix();
  const services: ServiceProcess[] = [];
  let counter = 0;
  /** A documentation address per request (TRUST_PROXY), so only the rate-limit test shares one. */
  const freshAddress = () => `198.51.100.${(counter++ % 250) + 1}, 10.0.0.${counter % 250}`;

  const call = async (
    service: ServiceProcess,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const res = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${MANAGER_KEY}`,
        'x-forwarded-for': freshAddress(),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  const event = (service: ServiceProcess, token: string, url = CONTACT) =>
    call(service, 'POST', `/v1/widget/visitors/${token}/events`, { body: { type: 'page-view', url } });
  const createTrigger = async (body: Record<string, unknown>) => {
    const res = await call(services[0], 'POST', '/v1/triggers', {
      body: {
        name: `scale-out ${randomBytes(4).toString('hex')}`,
        conditions: [pageUrl('.*/contact$')],
        actions: [sendMessage('v1')],
        ...body,
      },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'lt-scale-'));
    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      API_KEYS: `admin:manager:${MANAGER_KEY}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      TRUST_PROXY: 'true',
      DB_POOL_MAX: '4',
      ...(TEST_REDIS_URL
        ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: redisPrefix, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }
        : { RATE_LIMIT_PER_MINUTE: '0' }),
    };
    // the first applies the migrations; the others then start together
    services.push(await spawnService(env));
    services.push(...(await Promise.all(Array.from({ length: INSTANCES - 1 }, () => spawnService(env)))));
    for (const service of services) {
      const deadline = Date.now() + 10_000;
      while ((await fetch(`${service.baseUrl}/health/ready`)).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGTERM')));
    await database?.drop();
    await deleteRedisKeys(redisPrefix);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves an edit made on one instance from the other two within one second (config ETag and events)', async () => {
    const trigger = await createTrigger({});
    const [writer, ...readers] = services;
    const before = await Promise.all(readers.map((s) => call(s, 'GET', '/v1/widget/config')));
    const oldTags = before.map((r) => r.headers.get('etag'));
    const patched = await call(writer, 'PATCH', `/v1/triggers/${trigger.id}`, {
      body: { actions: [sendMessage('v2')] },
    });
    expect(patched.status).toBe(200);
    const edited = Date.now();
    const seen = await Promise.all(
      readers.map(async (reader, i) => {
        for (;;) {
          const config = await call(reader, 'GET', '/v1/widget/config', { headers: { 'if-none-match': oldTags[i]! } });
          if (config.status === 200) return Date.now() - edited;
          if (Date.now() - edited > 1000) return Infinity;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }),
    );
    for (const ms of seen) expect(ms).toBeLessThanOrEqual(1000);
    for (const reader of readers) {
      const fired = await event(reader, `scale-edit-${randomBytes(6).toString('hex')}`);
      expect((fired.body as EventAnswer).fired.find((f) => f.triggerId === trigger.id)?.actions[0].messages[0].msg).toBe('v2');
    }
  });

  it('fires a run-once trigger exactly once per visitor under identical concurrent events spread over the instances', async () => {
    const once = await createTrigger({ runOnce: true, conditions: [pageUrl('.*/once$')] });
    // let the other instances hear of the new trigger
    await new Promise((resolve) => setTimeout(resolve, 500));
    const visitors = Array.from({ length: 8 }, (_, i) => `scale-once-${i}-${randomBytes(6).toString('hex')}`);
    const answers = await Promise.all(
      visitors.flatMap((token) =>
        Array.from({ length: 6 }, (_, i) => event(services[i % INSTANCES], token, 'https://shop.example/once').then((a) => ({ token, a }))),
      ),
    );
    for (const { a } of answers) expect(a.status).toBe(200);
    for (const token of visitors) {
      const firings = answers.filter((x) => x.token === token && (x.a.body as EventAnswer).fired.some((f) => f.triggerId === once.id));
      expect(firings).toHaveLength(1);
    }
  });

  it('answers a mixed load spread over the instances without a server error, and each instance counts what it served', async () => {
    const trigger = await createTrigger({ conditions: [pageUrl('.*/mixed$')] });
    const countBefore = await Promise.all(services.map(servedRequests));
    const kinds = [
      (s: ServiceProcess, i: number) => event(s, `scale-mix-${i % 40}-visitor`, i % 3 === 0 ? 'https://shop.example/mixed' : 'https://shop.example/blog'),
      (s: ServiceProcess) => call(s, 'GET', '/v1/widget/config'),
      (s: ServiceProcess) => call(s, 'GET', '/v1/triggers?limit=20&sort=name'),
      (s: ServiceProcess, i: number) => call(s, 'PATCH', `/v1/triggers/${trigger.id}`, { body: { priority: i % 50 } }),
    ];
    const total = 240;
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (next < total) {
          const i = next++;
          const kind = i % 10 === 9 ? kinds[3] : kinds[i % 3];
          statuses.push((await kind(services[i % INSTANCES], i)).status);
        }
      }),
    );
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    const countAfter = await Promise.all(services.map(servedRequests));
    // the /metrics scrape before is counted by the one after
    const served = countAfter.map((after, i) => after - countBefore[i] - 1);
    expect(served.reduce((a, b) => a + b, 0)).toBe(total);
    for (const n of served) expect(n).toBe(total / INSTANCES);
  });

  withRedis(`holds the rate limit globally through Redis: ${RATE_LIMIT} a minute from one address over ${INSTANCES} instances`, async () => {
    const address = `203.0.113.${1 + (process.pid % 250)}`;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(services[i % INSTANCES], 'GET', '/v1/widget/config', { headers: { 'x-forwarded-for': address } })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - RATE_LIMIT);
  });

  /** Requests this instance has timed, from its own /metrics. */
  async function servedRequests(service: ServiceProcess): Promise<number> {
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_count{'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }
});
