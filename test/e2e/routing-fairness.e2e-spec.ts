import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceProcess, spawnService } from '../support/service-process';
import { MANAGER_KEY, TEST_SECRETS_KEY, VIEWER_KEY } from '../support/test-app';
import { createThrowawayDatabase, type ThrowawayDatabase, usesServer } from '../support/test-database';

const PICKS = 1200;
const IN_FLIGHT = 32;
const STABLE = ['fair.a', 'fair.b', 'fair.c', 'fair.d', 'fair.e', 'fair.f', 'fair.g'];
const LEAVER = 'fair.leaver';
const OUTSIDER = 'fair.outsider';

const suite = usesServer() ? describe : describe.skip;

suite(`routing fairness: two service processes on one PostgreSQL${usesServer() ? '' : ' (skipped: set TEST_DATABASE_URL to run it)'}`, () => {
  let database: ThrowawayDatabase;
  let dataDir: string;
  const services: ServiceProcess[] = [];

  const call = async (service: ServiceProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${MANAGER_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { id?: string; code?: string; agent?: { username: string } } };
  };

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'lt-fairness-'));
    const env = {
      DATABASE_URL: database.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      API_KEYS: `admin:manager:${MANAGER_KEY},reader:viewer:${VIEWER_KEY}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
    };
    services.push(...(await Promise.all([spawnService(env), spawnService(env)])));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGTERM')));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps round-robin picks within one of each other over ${PICKS} concurrent picks, with no false "no agent" and no pick of an agent set offline`, async () => {
    const [one, two] = services;
    const dept = await call(one, 'POST', '/v1/departments', { name: 'Fairness' });
    expect(dept.status).toBe(201);
    for (const username of [...STABLE, LEAVER]) {
      expect((await call(one, 'PUT', `/v1/agents/${username}`, { name: username, status: 'online', departmentIds: [dept.body.id] })).status).toBe(201);
    }
    expect((await call(two, 'PUT', `/v1/agents/${OUTSIDER}`, { name: 'Outsider', status: 'online' })).status).toBe(201);

    interface Pick {
      startedAt: number;
      status: number;
      username?: string;
      code?: string;
    }
    const picks: Pick[] = [];
    let issued = 0;
    let leaverOfflineAt = Number.POSITIVE_INFINITY;
    let leaverChange: Promise<void> | undefined;
    const requester = async (worker: number) => {
      while (issued < PICKS) {
        const n = issued++;
        if (n === Math.floor(PICKS / 3)) {
          // mid-run, on one instance, while picks keep flowing through both
          leaverChange = call(one, 'PATCH', `/v1/agents/${LEAVER}`, { status: 'offline' }).then((res) => {
            expect(res.status).toBe(200);
            leaverOfflineAt = performance.now();
          });
        }
        const startedAt = performance.now();
        const res = await call(worker % 2 === 0 ? one : two, 'POST', '/v1/routing/next-agent', { departmentId: dept.body.id });
        picks.push({ startedAt, status: res.status, username: res.body.agent?.username, code: res.body.code });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, worker) => requester(worker)));
    await leaverChange;

    expect(picks).toHaveLength(PICKS);
    expect(picks.filter((p) => p.status !== 200)).toEqual([]);
    const counts = new Map(STABLE.map((u) => [u, 0]));
    for (const pick of picks) if (counts.has(pick.username!)) counts.set(pick.username!, counts.get(pick.username!)! + 1);
    const values = [...counts.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThan(100);
    expect(picks.some((p) => p.username === OUTSIDER)).toBe(false);
    expect(picks.some((p) => p.username === LEAVER)).toBe(true);
    expect(Number.isFinite(leaverOfflineAt)).toBe(true);
    expect(picks.filter((p) => p.startedAt > leaverOfflineAt && p.username === LEAVER)).toEqual([]);

    // every answered pick was recorded once
    const listed = await fetch(`${two.baseUrl}/v1/agents?limit=100`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } });
    const recorded = ((await listed.json()) as { items: { assignedCount: number }[] }).items.reduce(
      (sum: number, a: { assignedCount: number }) => sum + a.assignedCount,
      0,
    );
    expect(recorded).toBe(PICKS);
  }, 120_000);
});
