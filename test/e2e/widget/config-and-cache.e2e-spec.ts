import { DataSource } from 'typeorm';
import { pageUrl, queueSender, sendMessage, useExternalService } from '../../support/builders';
import { createTrigger, deleteAllTriggers, sendEvent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { usesServer } from '../../support/test-database';

describe('widget config and the trigger cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());
  afterEach(() => deleteAllTriggers(t));

  it('lists enabled triggers in firing order without service URLs, timeouts or fallback texts', async () => {
    const shown = await createTrigger(t, {
      priority: 5,
      actions: [sendMessage('Hi'), useExternalService('https://crm.internal/secret-path', { timeout: 1234, fallback: 'fallback text', sender: queueSender() })],
    });
    await createTrigger(t, { enabled: false });
    const res = await t.inject({ url: '/v1/widget/config' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      triggers: [
        {
          id: shown.id,
          priority: 5,
          match: 'all',
          runOnce: false,
          conditions: [{ name: 'page-url', value: '.*/contact' }],
          actions: [
            { name: 'send-message', params: { sender: 'custom', name: 'Bot', msg: 'Hi' } },
            { name: 'use-external-service', params: { sender: 'queue' } },
          ],
        },
      ],
    });
    expect(res.body).not.toMatch(/crm\.internal|1234|fallback text/);
  });

  it('has an ETag: If-None-Match answers 304 until a trigger changes', async () => {
    const trigger = await createTrigger(t);
    const first = await t.inject({ url: '/v1/widget/config' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const same = await t.inject({ url: '/v1/widget/config', headers: { 'if-none-match': etag } });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    for (const [ifNoneMatch, status] of [
      [`"other", ${etag}`, 304],
      ['*', 304],
      ['"other"', 200],
    ] as const) {
      expect((await t.inject({ url: '/v1/widget/config', headers: { 'if-none-match': ifNoneMatch } })).statusCode).toBe(status);
    }
    await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { priority: 7 } });
    const changed = await t.inject({ url: '/v1/widget/config', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().triggers[0].priority).toBe(7);
  });

  it('sees every write at once: create, disable, enable, edit, delete', async () => {
    const token = visitorToken();
    const url = 'https://shop.example/contact';
    const firedIds = async () => (await sendEvent(t, token, { type: 'page-view', url })).json().fired.map((f: { triggerId: string }) => f.triggerId);
    const trigger = await createTrigger(t);
    expect(await firedIds()).toEqual([trigger.id]);
    await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { enabled: false } });
    expect(await firedIds()).toEqual([]);
    await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { enabled: true } });
    expect(await firedIds()).toEqual([trigger.id]);
    await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { conditions: [pageUrl('/pricing')] } });
    expect(await firedIds()).toEqual([]);
    await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { conditions: [pageUrl('/contact')] } });
    expect(await firedIds()).toEqual([trigger.id]);
    await t.asManager({ method: 'DELETE', url: `/v1/triggers/${trigger.id}` });
    expect(await firedIds()).toEqual([]);
  });
});

(usesServer() ? describe : describe.skip)('two instances on one PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** What `count` answers once it answers `expected`, or when `ms` have passed. */
  const within = async (ms: number, expected: number, count: () => Promise<number>) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const n = await count();
      if (n === expected || Date.now() > deadline) return n;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('a trigger edited on instance A changes what instance B fires within one second', async () => {
    const trigger = await createTrigger(a);
    const token = visitorToken();
    const url = 'https://shop.example/contact';
    const firedOnB = async () => (await sendEvent(b, token, { type: 'page-view', url })).json().fired.length;
    expect(await within(1000, 1, firedOnB)).toBe(1);
    await a.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { enabled: false } });
    expect(await within(1000, 0, firedOnB)).toBe(0);
    await a.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { enabled: true } });
    expect(await within(1000, 1, firedOnB)).toBe(1);
  });

  it('reconnects a dropped listener and reloads, so B still follows A', async () => {
    const trigger = await createTrigger(a, { conditions: [pageUrl('/reconnect')] });
    const token = visitorToken();
    const firedOnB = async () => (await sendEvent(b, token, { type: 'page-view', url: 'https://shop.example/reconnect' })).json().fired.length;
    // B hears of the new trigger through its listener, which may take a moment
    expect(await within(1000, 1, firedOnB)).toBe(1);
    const killed = await a.app.get(DataSource).query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
       WHERE application_name = 'livechat-triggers-listener' AND datname = current_database()`,
    );
    expect(killed.length).toBe(2);
    await a.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { enabled: false } });
    const deadline = Date.now() + 5000;
    let n = await firedOnB();
    while (n !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      n = await firedOnB();
    }
    expect(n).toBe(0);
  });
});
