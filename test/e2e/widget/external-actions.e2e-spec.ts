import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { type ExternalServiceOptions, queueSender, sendMessage, useExternalService } from '../../support/builders';
import { answerContents, type FakeUpstream, sendJson, startFakeUpstream } from '../../support/fake-upstream';
import { createTrigger, deleteAllTriggers, sendEvent, upsertAgent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

const SECRET = 'shared-secret-for-the-crm';
const CONTACT = 'https://shop.example/contact';

describe('external-service actions in the widget API', () => {
  let upstream: FakeUpstream;
  let t: TestApp;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    t = await startTestApp({ env: { EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort } });
    await t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken: SECRET } });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });
  afterEach(async () => {
    await deleteAllTriggers(t);
    upstream.reset();
    upstream.handle(answerContents([{ msg: 'hello', order: 0 }]));
  });

  /** The CRM at `path` of the fake upstream: 1 s to answer, "Sorry, later" when it does not, unless `options` say otherwise. */
  const externalAction = (path: string, options: ExternalServiceOptions = {}) =>
    useExternalService(upstream.url(path), { timeout: 1000, fallback: 'Sorry, later', ...options });

  it("resolves external messages inline with the visitor's metadata, sorted by order", async () => {
    upstream.handle(
      answerContents([
        { msg: 'second', order: 2 },
        { msg: 'first', order: 1 },
      ]),
    );
    const trigger = await createTrigger(t, { actions: [externalAction('/crm')] });
    const token = visitorToken();
    const res = await sendEvent(t, token, { type: 'page-view', url: CONTACT, metadata: { plan: 'pro', name: 'Morgan' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().fired).toEqual([
      {
        triggerId: trigger.id,
        triggerName: trigger.name,
        firingId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        actions: [
          {
            name: 'use-external-service',
            source: 'external',
            sender: { type: 'custom', username: null, name: 'CRM' },
            messages: [
              { msg: 'first', order: 1 },
              { msg: 'second', order: 2 },
            ],
          },
        ],
      },
    ]);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0].body).toEqual({
      visitorToken: token,
      metadata: [
        { key: 'plan', value: 'pro' },
        { key: 'name', value: 'Morgan' },
      ],
    });
  });

  it('falls back on a failing service without showing its text, and counts the fallback in stats', async () => {
    upstream.handle((_, response) => sendJson(response, 500, { error: 'database password leaked here' }));
    const trigger = await createTrigger(t, { actions: [externalAction('/broken')] });
    const res = await sendEvent(t, visitorToken(), { type: 'page-view', url: CONTACT });
    expect(res.json().fired[0].actions[0]).toMatchObject({
      source: 'fallback',
      error: 'error-invalid-external-service-response',
      reason: 'http-status',
      messages: [{ msg: 'Sorry, later', order: 0 }],
    });
    expect(res.body).not.toContain('leaked');
    const stats = (await t.asViewer({ url: `/v1/triggers/${trigger.id}/stats` })).json();
    expect(stats.outcomes).toEqual({ static: 0, external: 0, fallback: 1 });
  });

  it('calls the services of several actions concurrently, each within its own timeout', async () => {
    // the upstream answers only once both requests are in: one after the other, the first would time out
    const waiting: ServerResponse[] = [];
    upstream.handle((_, response) => {
      waiting.push(response);
      if (waiting.length === 2) for (const r of waiting.splice(0)) sendJson(r, 200, { contents: [{ msg: 'together', order: 0 }] });
    });
    await createTrigger(t, { actions: [externalAction('/a', { timeout: 1500 }), externalAction('/b', { timeout: 1500 })] });
    const res = await sendEvent(t, visitorToken(), { type: 'page-view', url: CONTACT });
    expect(res.json().fired[0].actions.map((a: { source: string }) => a.source)).toEqual(['external', 'external']);
    expect(upstream.requests).toHaveLength(2);
  });

  it('a failed call with an empty fallback delivers nothing and moves no agent queue', async () => {
    await upsertAgent(t, 'queue.keeper', { name: 'Queue Keeper' });
    const agentBefore = await t.app.get(DataSource).query(`SELECT to_jsonb(a) AS row FROM agents a WHERE username = 'queue.keeper'`);
    upstream.handle((_, response) => sendJson(response, 200, 'not json at all'));
    await createTrigger(t, { runOnce: true, actions: [externalAction('/garbage', { sender: queueSender(), fallback: '' })] });
    const token = visitorToken();
    const res = await sendEvent(t, token, { type: 'page-view', url: CONTACT });
    expect(res.json().fired).toEqual([]);
    const agentAfter = await t.app.get(DataSource).query(`SELECT to_jsonb(a) AS row FROM agents a WHERE username = 'queue.keeper'`);
    expect(agentAfter).toEqual(agentBefore);
    const claims = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM run_once_claims WHERE visitor_token = $1', [token]);
    expect(claims[0].n).toBe(0);
    await t.asManager({ method: 'DELETE', url: '/v1/agents/queue.keeper' });
  });

  describe('POST /v1/widget/visitors/{token}/triggers/{id}/external-service', () => {
    const call = (token: string, id: string, payload: unknown = {}) =>
      t.inject({ method: 'POST', url: `/v1/widget/visitors/${token}/triggers/${id}/external-service`, payload: payload as object });

    it("re-fetches the messages of the trigger's first external action for a known visitor", async () => {
      upstream.handle(answerContents([{ msg: 'fresh', order: 0 }]));
      const trigger = await createTrigger(t, { actions: [sendMessage('static first'), externalAction('/crm')] });
      const token = visitorToken();
      await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/elsewhere' });
      upstream.reset();
      const res = await call(token, trigger.id, { metadata: { tier: 'gold' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ triggerId: trigger.id, source: 'external', messages: [{ msg: 'fresh', order: 0 }] });
      expect(upstream.requests[0].body).toEqual({ visitorToken: token, metadata: [{ key: 'tier', value: 'gold' }] });
    });

    it('answers 404 for an unknown visitor or an unknown or disabled trigger, 400 for a trigger without an external action', async () => {
      const external = await createTrigger(t, { actions: [externalAction('/crm')] });
      const disabled = await createTrigger(t, { enabled: false, actions: [externalAction('/crm')] });
      const plain = await createTrigger(t);
      const token = visitorToken();
      await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/' });
      expect((await call(visitorToken(), external.id)).json().code).toBe('visitor-not-found');
      expect((await call(token, disabled.id)).json()).toMatchObject({ status: 404, code: 'trigger-not-found' });
      expect((await call(token, '00000000-0000-4000-8000-000000000000')).json().code).toBe('trigger-not-found');
      expect((await call(token, 'not-a-uuid')).json().code).toBe('trigger-not-found');
      expect((await call(token, plain.id)).json()).toMatchObject({ status: 400, code: 'not-an-external-service-trigger' });
      expect((await call(token, external.id, { metadata: { k: 5 } })).statusCode).toBe(400);
      expect(upstream.requests).toHaveLength(0);
    });
  });
});

describe('the widget external-service call is rate-limited per visitor and per address', () => {
  let upstream: FakeUpstream;
  let t: TestApp;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    t = await startTestApp({ env: { EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort, RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  it('allows 10 calls a minute per visitor, then 429 with Retry-After; another visitor is not affected', async () => {
    const trigger = await createTrigger(t, {
      actions: [useExternalService(upstream.url('/x'), { fallback: 'fb' })],
    });
    const [a, b] = [visitorToken(), visitorToken()];
    for (const token of [a, b]) await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/' });
    const call = (token: string) => t.inject({ method: 'POST', url: `/v1/widget/visitors/${token}/triggers/${trigger.id}/external-service`, payload: {} });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(a)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const limited = await call(a);
    expect(limited.json().code).toBe('rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(b)).statusCode).toBe(200);
  });
});
