import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customSender, rule, sendMessage } from '../../support/builders';
import { type EventStream, openStream } from '../../support/event-stream';
import { createTrigger, deleteAllTriggers, putRoutingSettings, upsertAgent, visitorToken } from '../../support/factories';
import { spawnService } from '../../support/service-process';
import { MANAGER_KEY, startTestApp, type TestApp } from '../../support/test-app';
import { usesServer } from '../../support/test-database';
import { createDepartment } from '../agent-queue-fixtures';

interface Availability {
  online: boolean;
  hideWhenOffline: boolean;
  departments: { id: string; name: string; online: boolean }[];
}

/** The app listening on 127.0.0.1 (streams need a real connection: inject() never ends on one). */
async function listening(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const firedIds = async (t: TestApp, token: string): Promise<string[]> => {
  const res = await t.inject({ method: 'POST', url: `/v1/widget/visitors/${token}/events`, payload: { type: 'page-view', url: 'https://shop.example/' } });
  expect(res.statusCode).toBe(200);
  return res.json<{ fired: { triggerId: string }[] }>().fired.map((f) => f.triggerId);
};
const availabilityOf = async (t: TestApp) => (await t.inject({ url: '/v1/widget/availability' })).json<Availability>();
const configEtag = async (t: TestApp) => (await t.inject({ url: '/v1/widget/config' })).headers.etag as string;
const greeting = (...conditions: unknown[]) => ({ conditions, actions: [sendMessage('Someone is here', customSender('Ada'))] });

describe(`availability and live updates (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  let base: string;
  const streams: EventStream[] = [];
  const stream = async (headers: Record<string, string> = {}) => {
    const opened = await openStream(`${base}/v1/widget/stream`, headers);
    streams.push(opened);
    return opened;
  };
  beforeAll(async () => {
    t = await startTestApp({ env: { SSE_MAX_CONNECTIONS: '4', SSE_MAX_PER_IP: '2', TRUST_PROXY: 'true', SSE_HEARTBEAT_SECONDS: '1' } });
    base = await listening(t);
  });
  afterEach(async () => {
    for (const open of streams.splice(0)) open.close();
    await deleteAllTriggers(t);
    await putRoutingSettings(t, {});
    for (const { username } of (await t.asManager({ url: '/v1/agents?limit=100' })).json<{ items: { username: string }[] }>().items) {
      await t.asManager({ method: 'DELETE', url: `/v1/agents/${username}` });
    }
  });
  afterAll(() => t?.close());

  it('GET /v1/widget/availability: online overall and per enabled department, by name; ETag and 304; CORS', async () => {
    const sales = await createDepartment(t, 'sales team');
    const billing = await createDepartment(t, 'Billing');
    await createDepartment(t, 'Archive', { enabled: false });
    await upsertAgent(t, 'ada', { departmentIds: [sales] });
    await upsertAgent(t, 'bob', { status: 'away', departmentIds: [billing] });
    const res = await t.inject({ url: '/v1/widget/availability', headers: { origin: 'https://shop.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeDefined();
    const body = res.json<Availability>();
    expect(body).toEqual({
      online: true,
      hideWhenOffline: false,
      departments: expect.arrayContaining([
        { id: billing, name: 'Billing', online: false },
        { id: sales, name: 'sales team', online: true },
      ]),
    });
    const names = body.departments.map((d) => d.name);
    expect(names).not.toContain('Archive');
    expect(names.indexOf('Billing')).toBeLessThan(names.indexOf('sales team'));
    const etag = res.headers.etag as string;
    expect((await t.inject({ url: '/v1/widget/availability', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    // away agents count once the routing settings say so; the bubble setting travels with it
    await putRoutingSettings(t, { includeAwayAgents: true, hideWhenOffline: true });
    const after = await t.inject({ url: '/v1/widget/availability', headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json<Availability>()).toMatchObject({ hideWhenOffline: true });
    expect(after.json<Availability>().departments.find((d) => d.id === billing)?.online).toBe(true);
  });

  it('the agents-available rule counts available agents in memory, in a department or in all; explain shows the count', async () => {
    const support = await createDepartment(t, 'Support desk');
    const anyone = await createTrigger(t, greeting(rule('agents-available', 'gte', 1)));
    const desk = await createTrigger(t, greeting({ ...rule('agents-available', 'gte', 1), key: support.toUpperCase() }));
    const token = visitorToken();
    expect(await firedIds(t, token)).toEqual([]);
    await upsertAgent(t, 'cleo');
    // this instance reads its own write: the next event sees the new count
    expect(await firedIds(t, token)).toEqual([anyone.id]);
    await upsertAgent(t, 'cleo', { departmentIds: [support] });
    expect((await firedIds(t, token)).sort()).toEqual([anyone.id, desk.id].sort());
    const explained = await t.asManager({ method: 'POST', url: '/v1/triggers/explain', payload: { type: 'page-view', url: 'https://shop.example/' } });
    const results = explained.json<{ results: { triggerId: string; reasons: { condition: string; actual: unknown; met: boolean }[] }[] }>().results;
    expect(results.find((r) => r.triggerId === desk.id)?.reasons).toEqual([expect.objectContaining({ condition: 'agents-available', actual: 1, met: true })]);
    await upsertAgent(t, 'cleo', { available: false, departmentIds: [support] });
    expect(await firedIds(t, token)).toEqual([]);
  });

  it('an unknown department in the rule → 400 at its path, nothing saved; the widget config shows the rule by name only', async () => {
    const res = await t.asManager({
      method: 'POST',
      url: '/v1/triggers',
      payload: { name: 'nobody', ...greeting({ ...rule('agents-available', 'gte', 1), key: '00000000-0000-4000-8000-000000000999' }) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['conditions[0].key']);
    expect((await t.asManager({ url: '/v1/triggers?limit=1' })).json<{ total: number }>().total).toBe(0);
    await createTrigger(t, greeting(rule('agents-available', 'gte', 2)));
    const config = (await t.inject({ url: '/v1/widget/config' })).json<{ triggers: { conditions: unknown[] }[] }>();
    expect(config.triggers[0].conditions).toEqual([{ name: 'agents-available' }]);
  });

  it('the stream: headers, retry, the current config ETag and availability on open, then each change once', async () => {
    const sse = await stream({ origin: 'https://shop.example' });
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sse.headers['cache-control']).toBe('no-cache');
    expect(sse.headers['x-accel-buffering']).toBe('no');
    expect(sse.headers['access-control-allow-origin']).toBeDefined();
    const firstConfig = await sse.next('config');
    expect(sse.retry).toBe(5000);
    expect(JSON.parse(firstConfig.data)).toEqual({ etag: await configEtag(t) });
    expect(JSON.parse((await sse.next('availability')).data)).toEqual(await availabilityOf(t));

    const created = await createTrigger(t, greeting(rule('agents-available', 'gte', 1)));
    const pushed = await sse.next('config', (data) => data !== firstConfig.data, 2000);
    expect(JSON.parse(pushed.data)).toEqual({ etag: await configEtag(t) });
    await upsertAgent(t, 'dora');
    expect(JSON.parse((await sse.next('availability', (data) => (JSON.parse(data) as Availability).online, 2000)).data)).toMatchObject({ online: true });

    // a redacted rule's value change does not change the config the widget sees: no push
    const configEvents = () => sse.events.filter((e) => e.type === 'config').length;
    const before = configEvents();
    const edited = await t.asManager({
      method: 'PATCH',
      url: `/v1/triggers/${created.id}`,
      headers: { 'if-match': `"${created.version}"` },
      payload: { conditions: [rule('agents-available', 'gte', 2)] },
    });
    expect(edited.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(configEvents()).toBe(before);
    // the heartbeat (SSE_HEARTBEAT_SECONDS=1 here; 25 by default) is a comment line
    for (let waited = 0; sse.comments.length === 0 && waited < 3000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sse.comments.length).toBeGreaterThan(0);
  });

  it('past SSE_MAX_PER_IP or SSE_MAX_CONNECTIONS: 503 problem+json with Retry-After; the open streams are untouched', async () => {
    const fromA = { 'x-forwarded-for': '203.0.113.1' };
    const fromB = { 'x-forwarded-for': '203.0.113.2' };
    const open = [await stream(fromA), await stream(fromA)];
    const third = await stream(fromA);
    expect(third.status).toBe(503);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.headers['retry-after']).toBe('5');
    expect(third.refusal).toMatchObject({ status: 503, code: 'service-unavailable' });
    open.push(await stream(fromB), await stream(fromB));
    const fifth = await stream({ 'x-forwarded-for': '203.0.113.3' });
    expect(fifth.status).toBe(503);
    expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    await upsertAgent(t, 'eve');
    for (const s of open) await s.next('availability', (data) => (JSON.parse(data) as Availability).online, 2000);
    // a closed stream frees its place
    open[0].close();
    await open[0].ended;
    let again: EventStream | undefined;
    for (let attempt = 0; attempt < 20 && again?.status !== 200; attempt += 1) {
      again = await stream(fromA);
      if (again.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(again?.status).toBe(200);
  });

  it('counts open streams in a gauge and keeps them out of the request-duration histogram', async () => {
    const sse = await stream();
    await sse.next('availability');
    const metrics = (await t.asManager({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^livechat_widget_streams_open 1$/m);
    // a refusal (503) is an ordinary response and is timed; an open stream is not
    const streamSeries = metrics.split('\n').filter((line) => line.includes('route="/v1/widget/stream"'));
    expect(streamSeries.filter((line) => /="200"/.test(line))).toEqual([]);
  });
});

const twoInstances = usesServer() ? describe : describe.skip;

twoInstances('availability and live updates across two instances (PostgreSQL server)', () => {
  let a: TestApp;
  let b: TestApp;
  let baseB: string;
  let streamOnB: EventStream | undefined;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ databaseUrl: a.databaseUrl });
    baseB = await listening(b);
  });
  afterEach(() => streamOnB?.close());
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('an agent change on one instance: the other evaluates with the new count within 1 s and pushes availability within 2 s', async () => {
    const trigger = await createTrigger(a, greeting(rule('agents-available', 'gte', 1)));
    const token = visitorToken();
    expect(await firedIds(b, token)).toEqual([]);
    streamOnB = await openStream(`${baseB}/v1/widget/stream`);
    const opened = await streamOnB.next('availability');
    expect(JSON.parse(opened.data)).toMatchObject({ online: false });

    const committed = performance.now();
    await upsertAgent(a, 'finn');
    let firedAfter: number | undefined;
    while (firedAfter === undefined && performance.now() - committed < 3000) {
      if ((await firedIds(b, token)).includes(trigger.id)) firedAfter = performance.now() - committed;
    }
    expect(firedAfter).toBeDefined();
    expect(firedAfter!).toBeLessThan(1000);
    const pushed = await streamOnB.next('availability', (data) => (JSON.parse(data) as Availability).online, 2000);
    expect(pushed.at - committed).toBeLessThan(2000);
  });

  it('a trigger created on one instance: the other pushes its new config ETag within 2 s', async () => {
    streamOnB = await openStream(`${baseB}/v1/widget/stream`);
    const first = await streamOnB.next('config');
    const committed = performance.now();
    await createTrigger(a, greeting(rule('page-title', 'exists')));
    const pushed = await streamOnB.next('config', (data) => data !== first.data, 2000);
    expect(pushed.at - committed).toBeLessThan(2000);
    expect(JSON.parse(pushed.data)).toEqual({ etag: await configEtag(b) });
  });
});

describe('live streams on SIGTERM', () => {
  it('are ended at once (clients reconnect elsewhere) and the process still exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lt-sse-'));
    const service = await spawnService({
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      API_KEYS: `admin:manager:${MANAGER_KEY}`,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    try {
      const open = await Promise.all([1, 2, 3].map(() => openStream(`${service.baseUrl}/v1/widget/stream`)));
      await Promise.all(open.map((s) => s.next('availability')));
      let exited = false;
      void service.exited.then(() => (exited = true));
      service.child.kill('SIGTERM');
      await Promise.all(open.map((s) => s.ended));
      // ended by the server before it went away, not cut by its exit
      expect(exited).toBe(false);
      expect(await service.exited).toBe(0);
    } finally {
      await service.stop('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
