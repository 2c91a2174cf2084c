import Redis from 'ioredis';
import { InMemoryCircuitBreakers } from '../../src/external-service/circuit-breakers';
import { RedisCircuitBreakers } from '../../src/external-service/redis-circuit-breakers';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeWithRedis, deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis';

describeWithRedis('rate limits shared through Redis (REDIS_URL)', () => {
  const prefix = uniqueRedisPrefix();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL!, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '5' };
    a = await startTestApp({ env });
    b = await startTestApp({ env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await deleteRedisKeys(prefix);
  });

  it('counts one client address across two instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await (i % 2 === 0 ? a : b).inject({ url: '/v1/widget/config' })).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('keeps its keys under REDIS_KEY_PREFIX', async () => {
    const redis = new Redis(TEST_REDIS_URL!);
    try {
      expect((await redis.keys(`${prefix}rate-limit:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('rate limits with an unreachable Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    // port 1 refuses at once: the limit is skipped, never a 500 or a hang
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => t?.close());

  it('lets widget requests through', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.inject({ url: '/v1/widget/config' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});

describeWithRedis('circuit breakers shared through Redis', () => {
  const prefix = uniqueRedisPrefix();
  const clients: Redis[] = [];
  const registry = (halfOpenAfterMs = 60_000) => {
    const redis = new Redis(TEST_REDIS_URL!, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    clients.push(redis);
    const options = { consecutiveFailures: 3, halfOpenAfterMs, maxEntries: 10 };
    return new RedisCircuitBreakers(redis, new InMemoryCircuitBreakers(options), {
      ...options,
      keyPrefix: prefix,
      probeLeaseMs: 5000,
      failureMemoryMs: 60_000,
    });
  };
  afterAll(async () => {
    await deleteRedisKeys(prefix);
    clients.forEach((c) => c.disconnect());
  });
  const failing = () => Promise.resolve({ ok: false });
  const succeeding = () => Promise.resolve({ ok: true });
  const isFailure = (v: { ok: boolean }) => !v.ok;
  const allConnected = () => Promise.all(clients.map((c) => (c.status === 'ready' ? Promise.resolve() : new Promise((resolve) => c.once('ready', resolve)))));

  it('opens for every instance once failures on several instances add up', async () => {
    const [one, two] = [registry(), registry()];
    await allConnected();
    const url = 'https://crm.example/shared-open';
    await one.run(url, failing, isFailure);
    await two.run(url, failing, isFailure);
    expect(await one.run(url, failing, isFailure)).toEqual({ shortCircuited: false, value: { ok: false } });
    const calls = jest.fn(succeeding);
    expect(await two.run(url, calls, isFailure)).toEqual({ shortCircuited: true });
    expect(calls).not.toHaveBeenCalled();
  });

  it('a success resets the consecutive count', async () => {
    const one = registry();
    await allConnected();
    const url = 'https://crm.example/reset';
    await one.run(url, failing, isFailure);
    await one.run(url, failing, isFailure);
    await one.run(url, succeeding, isFailure);
    await one.run(url, failing, isFailure);
    expect((await one.run(url, failing, isFailure)).shortCircuited).toBe(false);
  });

  it('half-open: exactly one instance probes; its success closes the breaker for all', async () => {
    const instances = [registry(300), registry(300), registry(300)];
    await allConnected();
    const url = 'https://crm.example/half-open';
    for (let i = 0; i < 3; i++) await instances[0].run(url, failing, isFailure);
    await new Promise((resolve) => setTimeout(resolve, 400));
    let probes = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowProbe = async () => {
      probes += 1;
      await gate;
      return { ok: true };
    };
    const pending = instances.map((r) => r.run(url, slowProbe, isFailure));
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const results = await Promise.all(pending);
    expect(probes).toBe(1);
    expect(results.filter((r) => r.shortCircuited)).toHaveLength(2);
    expect(await instances[1].run(url, succeeding, isFailure)).toEqual({ shortCircuited: false, value: { ok: true } });
  });
});
