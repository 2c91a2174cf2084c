import { randomBytes } from 'node:crypto';
import { noSender, sendMessage, useExternalService } from '../support/builders';
import { createTrigger, visitorToken } from '../support/factories';
import { delayed, type FakeUpstream, sendJson, startFakeUpstream } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { asRcAdmin, asRcViewer, expectInvalidParams, expectRcFailure, expectRcJson } from './rocketchat-fixtures';

const SECRET = `rc-secret-${randomBytes(8).toString('hex')}`;
const TEST = '/api/v1/livechat/triggers/external-service/test';
const call = (id: string) => `/api/v1/livechat/triggers/${id}/external-service/call`;
const UPSTREAM_DETAIL = 'stack trace of the CRM, never to be shown';

describe(`Rocket.Chat surface: external service (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let upstream: FakeUpstream;
  let t: TestApp;

  /** Stands in for httpbin: /status/500, /delay/2, /anything (an echo without contents), and contents elsewhere. */
  const httpbin = () =>
    upstream.handle((request, response) => {
      if (request.url === '/status/500') return sendJson(response, 500, { detail: UPSTREAM_DETAIL });
      if (request.url === '/delay/2') return delayed(2000)(request, response, undefined as never);
      if (request.url === '/anything') return sendJson(response, 200, { json: request.body, headers: request.headers });
      return sendJson(response, 200, {
        contents: [
          { msg: 'second', order: 2 },
          { msg: 'first', order: 1 },
        ],
      });
    });
  const putSecret = (secretToken: string | null) => t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken } });
  const sendTest = (payload: unknown) => asRcAdmin(t, { method: 'POST', url: TEST, payload: payload as object });
  const testBody = (path: string, timeout = 5000) => ({ webhookUrl: upstream.url(path), timeout, fallbackMessage: 'test', extraData: [] });
  const registerVisitor = async (token = visitorToken('rc')) => {
    const res = await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: { metadata: { plan: 'pro' } } });
    if (res.statusCode !== 200) throw new Error(`visitor: ${res.statusCode} ${res.body}`);
    return token;
  };
  const externalTrigger = (path = '/hook', fallback = 'Sorry, later', enabled = true) =>
    createTrigger(t, {
      enabled,
      actions: [useExternalService(upstream.url(path), { timeout: 1000, fallback, sender: noSender() })],
    });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    // rate limits on (the per-visitor limit is under test), high enough for the rest of the file
    t = await startTestApp({ env: { EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort, RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });
  beforeEach(() => {
    upstream.reset();
    httpbin();
  });

  describe('POST livechat/triggers/external-service/test (Rocket.Chat 08-triggers C)', () => {
    it('C1: without credentials answers 401', async () => {
      expectRcFailure(await t.inject({ method: 'POST', url: TEST, payload: {} }), 401, 'You must be logged in to do this.');
    });

    it.each<[string, unknown]>([
      ['C2: empty body', {}],
      ['C3: partial body', { webhookUrl: 'test' }],
      ['C4: webhookUrl not a string', { webhookUrl: 1, timeout: 1000, fallbackMessage: 'test', extraData: [] }],
      ['C5: timeout not a number', { webhookUrl: 'test', timeout: '1000', fallbackMessage: 'test', extraData: [] }],
      ['C6: fallbackMessage not a string', { webhookUrl: 'test', timeout: 1000, fallbackMessage: 1, extraData: [] }],
      ['C7: extraData not an array', { webhookUrl: 'test', timeout: 1000, fallbackMessage: 'test', extraData: 1 }],
      ['an extraData item without value', { webhookUrl: 'https://crm.example/x', timeout: 1000, fallbackMessage: '', extraData: [{ key: 'k' }] }],
      ['an unknown property', { webhookUrl: 'https://crm.example/x', timeout: 1000, fallbackMessage: '', extra: 1 }],
    ])('%s → 400 invalid-params', async (_name, payload) => {
      expectInvalidParams(await sendTest(payload));
      expect(upstream.connections).toBe(0);
    });

    it('C8: a user without the permission gets 403 and nothing is called', async () => {
      expectRcFailure(await asRcViewer(t, { method: 'POST', url: TEST, payload: testBody('/hook') }), 403);
      expect(upstream.connections).toBe(0);
    });

    it('C9: without a secret token answers 400 "Livechat secret token is not configured" and calls nothing', async () => {
      await putSecret(null);
      expectRcFailure(await sendTest({ webhookUrl: 'test', timeout: 1000, fallbackMessage: 'test', extraData: [] }), 400);
      const res = await sendTest(testBody('/hook'));
      expect(expectRcFailure(res, 400)).toEqual({ success: false, error: 'Livechat secret token is not configured' });
      expect(upstream.connections).toBe(0);
    });

    describe('with a secret token', () => {
      beforeAll(() => putSecret(SECRET));
      afterAll(() => putSecret(null));

      it("answers the contents in Rocket.Chat's shape, sending visitorToken 1234567890 and extraData as metadata", async () => {
        const res = await sendTest({ ...testBody('/hook'), extraData: [{ key: 'name', value: 'Morgan' }] });
        expect(res.statusCode).toBe(200);
        expect(expectRcJson(res)).toEqual({
          triggerId: 'test-trigger',
          response: {
            statusCode: 200,
            contents: [
              { msg: 'first', order: 1 },
              { msg: 'second', order: 2 },
            ],
          },
          success: true,
        });
        expect(upstream.requests).toHaveLength(1);
        expect(upstream.requests[0].body).toEqual({ visitorToken: '1234567890', metadata: [{ key: 'name', value: 'Morgan' }] });
        expect(upstream.requests[0].headers['x-rocketchat-livechat-token']).toBe(SECRET);
      });

      it('C10: an HTTP error answers 400 error-invalid-external-service-response with a short text of ours', async () => {
        const res = await sendTest(testBody('/status/500'));
        const body = expectRcFailure(res, 400);
        expect(body).toEqual({
          triggerId: 'test-trigger',
          error: 'error-invalid-external-service-response',
          response: 'HTTP 500',
          fallbackMessage: 'test',
          success: false,
        });
        expect(res.body).not.toContain(UPSTREAM_DETAIL);
      });

      it('C11: a timeout answers 400 error-timeout', async () => {
        const body = expectRcFailure(await sendTest(testBody('/delay/2', 1000)), 400);
        expect(body).toEqual({ triggerId: 'test-trigger', error: 'error-timeout', response: 'timeout after 1000 ms', fallbackMessage: 'test', success: false });
      });

      it('C12: a response without contents answers 400 error-invalid-external-service-response', async () => {
        const body = expectRcFailure(await sendTest(testBody('/anything')), 400);
        expect(body).toMatchObject({
          triggerId: 'test-trigger',
          error: 'error-invalid-external-service-response',
          response: expect.any(String),
          success: false,
        });
        expect(body.response).not.toContain('1234567890');
      });

      it('a timeout of 0 means 1000 ms, as in Rocket.Chat; the native bounds apply otherwise', async () => {
        expect(expectRcFailure(await sendTest(testBody('/delay/2', 0)), 400).response).toBe('timeout after 1000 ms');
        expect(expectInvalidParams(await sendTest(testBody('/hook', 50))).error).toMatch(/^timeout: /);
        expect(expectInvalidParams(await sendTest(testBody('/hook', 60_000))).error).toMatch(/^timeout: /);
      });
    });
  });

  describe('POST livechat/triggers/:_id/external-service/call (public, as the widget calls it)', () => {
    it('without a secret token answers 400 "Livechat secret token is not configured"', async () => {
      await putSecret(null);
      const trigger = await externalTrigger();
      const token = await registerVisitor();
      const res = await t.inject({ method: 'POST', url: call(trigger.id), payload: { token } });
      expect(expectRcFailure(res, 400)).toEqual({ success: false, error: 'Livechat secret token is not configured' });
      expect(upstream.connections).toBe(0);
    });

    describe('with a secret token', () => {
      beforeAll(() => putSecret(SECRET));
      afterAll(() => putSecret(null));

      it('needs no credentials: answers the messages with the trigger id, sending the visitor token and extraData', async () => {
        const trigger = await externalTrigger();
        const token = await registerVisitor();
        const res = await t.inject({
          method: 'POST',
          url: call(trigger.id),
          payload: { token, extraData: [{ key: 'page', value: 'pricing' }] },
          headers: { origin: 'https://shop.example' },
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['access-control-allow-origin']).toBe('*');
        expect(expectRcJson(res)).toEqual({
          triggerId: trigger.id,
          response: {
            statusCode: 200,
            contents: [
              { msg: 'first', order: 1 },
              { msg: 'second', order: 2 },
            ],
          },
          success: true,
        });
        // the native call's rule: extraData is merged into the visitor's metadata
        expect(upstream.requests[0].body).toEqual({
          visitorToken: token,
          metadata: [
            { key: 'plan', value: 'pro' },
            { key: 'page', value: 'pricing' },
          ],
        });
      });

      it("a failed call answers 400 with the error, a text of ours and the trigger's fallback message", async () => {
        const trigger = await externalTrigger('/status/500', 'We will call you back');
        const res = await t.inject({ method: 'POST', url: call(trigger.id), payload: { token: await registerVisitor() } });
        const body = expectRcFailure(res, 400);
        expect(body).toEqual({
          triggerId: trigger.id,
          error: 'error-invalid-external-service-response',
          response: expect.any(String),
          fallbackMessage: 'We will call you back',
          success: false,
        });
        expect(res.body).not.toContain(UPSTREAM_DETAIL);
      });

      it("an unknown visitor token is a 400 in Rocket.Chat's envelope, and nothing is called", async () => {
        const trigger = await externalTrigger();
        const res = await t.inject({ method: 'POST', url: call(trigger.id), payload: { token: visitorToken('never-seen') } });
        expect(expectRcFailure(res, 400).errorType).toBe('visitor-not-found');
        expect(upstream.connections).toBe(0);
      });

      it('an unknown or disabled trigger is "Invalid trigger"', async () => {
        const token = await registerVisitor();
        const disabled = await externalTrigger('/hook', '', false);
        for (const id of ['invalid-id', '00000000-0000-4000-8000-000000000000', disabled.id]) {
          expect(expectRcFailure(await t.inject({ method: 'POST', url: call(id), payload: { token } }), 400)).toEqual({
            success: false,
            error: 'Invalid trigger',
          });
        }
        expect(upstream.connections).toBe(0);
      });

      it('a trigger without an external-service action is "Trigger is not configured to use an external service"', async () => {
        const trigger = await createTrigger(t, { actions: [sendMessage('hello')] });
        const res = await t.inject({ method: 'POST', url: call(trigger.id), payload: { token: await registerVisitor() } });
        expect(expectRcFailure(res, 400)).toEqual({ success: false, error: 'Trigger is not configured to use an external service' });
      });

      it('allows 10 calls a minute per visitor (the token in the body), like the native call, then 429 with Retry-After', async () => {
        const trigger = await externalTrigger();
        const [a, b] = [await registerVisitor(), await registerVisitor()];
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++) statuses.push((await t.inject({ method: 'POST', url: call(trigger.id), payload: { token: a } })).statusCode);
        expect(statuses).toEqual([...Array(10).fill(200), 429]);
        const limited = await t.inject({ method: 'POST', url: call(trigger.id), payload: { token: a } });
        expect(expectRcFailure(limited, 429)).toMatchObject({ success: false });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(upstream.requests).toHaveLength(10); // the refused calls never left
        expect((await t.inject({ method: 'POST', url: call(trigger.id), payload: { token: b } })).statusCode).toBe(200);
      });

      it('validates the body as Rocket.Chat does (token required, extraData items), and the native metadata limits', async () => {
        const trigger = await externalTrigger();
        const token = await registerVisitor();
        for (const payload of [
          {},
          { token: 5 },
          { token, extraData: 'x' },
          { token, extraData: [{ key: 'k', value: 1 }] },
          { token, other: 1 },
          { token, extraData: [{ key: 'k', value: 'v'.repeat(2000) }] },
        ]) {
          expectInvalidParams(await t.inject({ method: 'POST', url: call(trigger.id), payload }));
        }
        expect(upstream.connections).toBe(0);
      });
    });
  });
});
