import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_BREAKER_OPTIONS, InMemoryCircuitBreakers } from '../../src/external-service/circuit-breakers';
import { ExternalCall } from '../../src/external-service/external-call';
import { ExternalMessages } from '../../src/external-service/external-messages.service';
import { SecretCipher } from '../../src/external-service/secret-cipher';
import { SECRET_TOKEN_SETTING, SecretTokenStore } from '../../src/external-service/secret-token.store';
import { Metrics } from '../../src/metrics/metrics.service';
import { SettingsRepository } from '../../src/settings/settings.repository';
import { useExternalService } from '../support/builders';
import { triggerBody } from '../support/factories';
import { answerContents, type FakeUpstream, sendJson, startFakeUpstream, verifySignature } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';

const SECRET = `s3cret-${randomBytes(12).toString('hex')}`;
/** Fakes only `Date` (what cockatiel's half-open delay reads): timers, sockets and the database keep real time. */
const fakeDateOnly = () =>
  jest.useFakeTimers({
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });

describe(`external service (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let upstream: FakeUpstream;
  let t: TestApp;
  const responses: string[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    t = await startTestApp({ env: { EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort } });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });
  beforeEach(() => {
    upstream.reset();
    upstream.handle(answerContents([{ msg: 'hello', order: 0 }]));
  });

  const record = <T extends { body: string }>(res: T): T => {
    responses.push(res.body);
    return res;
  };
  const putSecret = (secretToken: unknown) => t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken } }).then(record);
  const getSettings = () => t.asViewer({ url: '/v1/settings/external-service' }).then(record);
  const sendTest = (payload: Record<string, unknown>) => t.asManager({ method: 'POST', url: '/v1/external-service/test', payload }).then(record);
  const storedRow = async (): Promise<string | undefined> => {
    const rows: { value: string }[] = await t.app.get(DataSource).query('SELECT value::text AS value FROM settings WHERE key = $1', [SECRET_TOKEN_SETTING]);
    return rows[0]?.value;
  };
  const messages = () => t.app.get(ExternalMessages);
  const action = (serviceUrl = upstream.url(), serviceFallbackMessage = 'Sorry, try later') => ({ serviceUrl, serviceTimeout: 2000, serviceFallbackMessage });
  const visitor = { visitorToken: 'visitor-abc-123', metadata: [{ key: 'name', value: 'Morgan' }] };

  describe('access', () => {
    it('answers 401 without a key on every route', async () => {
      for (const [method, url] of [
        ['GET', '/v1/settings/external-service'],
        ['PUT', '/v1/settings/external-service'],
        ['POST', '/v1/external-service/test'],
      ] as const) {
        const res = await t.inject({ method, url, payload: method === 'GET' ? undefined : {} });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('lets a viewer read the setting but not change it or run Send Test (403)', async () => {
      expect((await getSettings()).statusCode).toBe(200);
      const put = await t.asViewer({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken: SECRET } });
      expect(put.statusCode).toBe(403);
      expect(put.json().code).toBe('forbidden');
      const test = await t.asViewer({ method: 'POST', url: '/v1/external-service/test', payload: { serviceUrl: upstream.url(), serviceTimeout: 1000 } });
      expect(test.statusCode).toBe(403);
      expect(upstream.requests).toHaveLength(0);
      expect((await getSettings()).json()).toEqual({ secretTokenConfigured: false });
    });
  });

  describe('without a secret token', () => {
    it('reports it not configured, and Send Test answers secret-token-not-configured without calling', async () => {
      expect((await getSettings()).json()).toEqual({ secretTokenConfigured: false });
      const res = await sendTest({ serviceUrl: upstream.url(), serviceTimeout: 1000 });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: false, error: 'secret-token-not-configured', durationMs: expect.any(Number) });
      expect(upstream.connections).toBe(0);
    });

    it('resolves an evaluation call to the fallback with secret-token-not-configured', async () => {
      expect(await messages().fetch(action(), visitor)).toEqual({
        source: 'fallback',
        messages: [{ msg: 'Sorry, try later', order: 0 }],
        error: 'secret-token-not-configured',
      });
      expect(upstream.connections).toBe(0);
    });
  });

  describe('the secret token setting', () => {
    it.each([
      ['missing', {}],
      ['empty', { secretToken: '' }],
      ['over 512 characters', { secretToken: 'x'.repeat(513) }],
      ['a number', { secretToken: 12345 }],
      ['with a NUL', { secretToken: 'abc\u0000def' }],
      ['with a line break', { secretToken: 'abc\r\nX-Injected: 1' }],
      ['with an unknown field', { secretToken: 'valid-token', other: 1 }],
    ])('refuses a token that is %s (400 problem+json)', async (_, payload) => {
      const res = await t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload }).then(record);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('validation-failed');
    });

    it('stores the token encrypted (AES-256-GCM), never returns it, and keeps 512 characters', async () => {
      const put = await putSecret(SECRET);
      expect(put.statusCode).toBe(200);
      expect(put.json()).toEqual({ secretTokenConfigured: true });
      expect((await getSettings()).json()).toEqual({ secretTokenConfigured: true });
      const row = await storedRow();
      expect(row).toContain('aes-256-gcm');
      expect(row).not.toContain(SECRET);
      expect(row).not.toContain(Buffer.from(SECRET).toString('base64'));
      const firstIv = JSON.parse(row!).iv;
      await putSecret(SECRET);
      expect(JSON.parse((await storedRow())!).iv).not.toBe(firstIv);
      const longest = 'L'.repeat(512);
      expect((await putSecret(longest)).json()).toEqual({ secretTokenConfigured: true });
      expect(await t.app.get(SecretTokenStore).read()).toBe(longest);
      await putSecret(SECRET);
    });
  });

  describe('Send Test', () => {
    it('calls the service with the visitor token test-visitor, sample metadata in order, every header, and a valid signature', async () => {
      upstream.handle(
        answerContents([
          { msg: 'second', order: 2 },
          { msg: 'first', order: 1 },
        ]),
      );
      const res = await sendTest({
        serviceUrl: upstream.url('/crm/greeting?channel=web'),
        serviceTimeout: 3000,
        serviceFallbackMessage: 'fallback',
        metadata: { name: 'Morgan', plan: 'pro', email: 'm@example.com' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        ok: true,
        statusCode: 200,
        contents: [
          { msg: 'first', order: 1 },
          { msg: 'second', order: 2 },
        ],
        durationMs: expect.any(Number),
      });
      expect(upstream.requests).toHaveLength(1);
      const [received] = upstream.requests;
      expect(received.url).toBe('/crm/greeting?channel=web');
      expect(received.body).toEqual({
        visitorToken: 'test-visitor',
        metadata: [
          { key: 'name', value: 'Morgan' },
          { key: 'plan', value: 'pro' },
          { key: 'email', value: 'm@example.com' },
        ],
      });
      expect(received.headers['x-rocketchat-livechat-token']).toBe(SECRET);
      expect(received.headers['content-type']).toBe('application/json');
      expect(received.headers.accept).toBe('application/json');
      expect(verifySignature(SECRET, received.headers, received.rawBody)).toBe(true);
    });

    it('reports a failing service with our codes only, never its body', async () => {
      upstream.handle((_, response) => sendJson(response, 500, { error: 'UPSTREAM-SECRET-DETAIL: ORA-00942 table missing' }));
      const res = await sendTest({ serviceUrl: upstream.url(), serviceTimeout: 1000 });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        ok: false,
        statusCode: 500,
        error: 'error-invalid-external-service-response',
        reason: 'http-status',
        durationMs: expect.any(Number),
      });
      expect(res.body).not.toContain('UPSTREAM-SECRET-DETAIL');
    });

    it('reports a timeout as error-timeout', async () => {
      upstream.handle(() => undefined);
      const started = Date.now();
      const res = await sendTest({ serviceUrl: upstream.url(), serviceTimeout: 300 });
      expect(res.json()).toMatchObject({ ok: false, error: 'error-timeout', reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(300 + 2000);
    });

    it.each([
      ['no serviceUrl', { serviceTimeout: 1000 }, 'serviceUrl'],
      ['a relative URL', { serviceUrl: '/hook', serviceTimeout: 1000 }, 'serviceUrl'],
      ['an ftp URL', { serviceUrl: 'ftp://example.com/x', serviceTimeout: 1000 }, 'serviceUrl'],
      ['user info', { serviceUrl: 'https://user:pw@example.com/x', serviceTimeout: 1000 }, 'serviceUrl'],
      ['a URL over 2048 characters', { serviceUrl: `https://example.com/${'a'.repeat(2040)}`, serviceTimeout: 1000 }, 'serviceUrl'],
      ['no serviceTimeout', { serviceUrl: 'https://example.com/x' }, 'serviceTimeout'],
      ['serviceTimeout 99', { serviceUrl: 'https://example.com/x', serviceTimeout: 99 }, 'serviceTimeout'],
      ['serviceTimeout 30001', { serviceUrl: 'https://example.com/x', serviceTimeout: 30001 }, 'serviceTimeout'],
      ['serviceTimeout 1.5', { serviceUrl: 'https://example.com/x', serviceTimeout: 1.5 }, 'serviceTimeout'],
      [
        'a fallback over 5000 characters',
        { serviceUrl: 'https://example.com/x', serviceTimeout: 1000, serviceFallbackMessage: 'f'.repeat(5001) },
        'serviceFallbackMessage',
      ],
      ['metadata that is an array', { serviceUrl: 'https://example.com/x', serviceTimeout: 1000, metadata: [{ key: 'a', value: 'b' }] }, 'metadata'],
      [
        'metadata with 21 keys',
        { serviceUrl: 'https://example.com/x', serviceTimeout: 1000, metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) },
        'metadata',
      ],
      ['a metadata key over 64 characters', { serviceUrl: 'https://example.com/x', serviceTimeout: 1000, metadata: { ['k'.repeat(65)]: 'v' } }, 'metadata'],
      ['a metadata value over 1024 characters', { serviceUrl: 'https://example.com/x', serviceTimeout: 1000, metadata: { k: 'v'.repeat(1025) } }, 'metadata'],
      ['a metadata value that is not a string', { serviceUrl: 'https://example.com/x', serviceTimeout: 1000, metadata: { k: 1 } }, 'metadata'],
      ['an unknown field', { serviceUrl: 'https://example.com/x', serviceTimeout: 1000, webhookUrl: 'x' }, 'webhookUrl'],
    ])('refuses %s (400 naming the field)', async (_, payload, path) => {
      const res = await sendTest(payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('validation-failed');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it('refuses a serviceUrl with a leading space, exactly as saving a trigger does, and calls nothing', async () => {
      const spaced = ` ${upstream.url()}`;
      const message = 'serviceUrl must not contain spaces or control characters';
      const res = await sendTest({ serviceUrl: spaced, serviceTimeout: 1000 });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation-failed', errors: [{ path: 'serviceUrl', message }] });
      expect(upstream.connections).toBe(0);
      const saved = await t.asManager({
        method: 'POST',
        url: '/v1/triggers',
        payload: triggerBody({ actions: [useExternalService(spaced, { timeout: 1000 })] }),
      });
      expect(saved.statusCode).toBe(400);
      expect(saved.json()).toMatchObject({ code: 'validation-failed', errors: [{ path: 'actions[0].params.serviceUrl', message }] });
    });

    it('accepts the limits exactly', async () => {
      const metadata = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${'k'.repeat(62)}${String(i).padStart(2, '0')}`, 'v'.repeat(1024)]));
      const res = await sendTest({ serviceUrl: upstream.url(), serviceTimeout: 30000, serviceFallbackMessage: 'f'.repeat(5000), metadata });
      expect(res.statusCode).toBe(200);
      expect(res.json().ok).toBe(true);
      expect((upstream.requests[0].body as { metadata: unknown[] }).metadata).toHaveLength(20);
    });
  });

  describe('ExternalMessages (what evaluation calls)', () => {
    it('returns the external messages sorted by order', async () => {
      upstream.handle(
        answerContents([
          { msg: 'b', order: 5 },
          { msg: 'a', order: -1 },
        ]),
      );
      expect(await messages().fetch(action(upstream.url('/ok')), visitor)).toEqual({
        source: 'external',
        messages: [
          { msg: 'a', order: -1 },
          { msg: 'b', order: 5 },
        ],
      });
      expect(upstream.requests[0].body).toEqual({ visitorToken: 'visitor-abc-123', metadata: [{ key: 'name', value: 'Morgan' }] });
    });

    it('falls back on failure, with no message when the fallback is empty', async () => {
      upstream.handle((_, response) => sendJson(response, 200, 'not json'));
      expect(await messages().fetch(action(upstream.url('/garbage')), visitor)).toEqual({
        source: 'fallback',
        messages: [{ msg: 'Sorry, try later', order: 0 }],
        error: 'error-invalid-external-service-response',
        reason: 'invalid-json',
      });
      expect(await messages().fetch(action(upstream.url('/garbage'), ''), visitor)).toEqual({
        source: 'fallback',
        messages: [],
        error: 'error-invalid-external-service-response',
        reason: 'invalid-json',
      });
    });

    it('opens the breaker after 5 consecutive failures of one URL: calls return circuit-open without reaching the service; Send Test still calls', async () => {
      upstream.handle((_, response) => sendJson(response, 500, { error: 'down' }));
      const failingUrl = upstream.url('/breaker-a');
      for (let i = 0; i < 5; i += 1) {
        expect(await messages().fetch(action(failingUrl), visitor)).toMatchObject({ source: 'fallback', reason: 'http-status' });
      }
      expect(upstream.requests).toHaveLength(5);
      const shortCircuited = await messages().fetch(action(failingUrl), visitor);
      expect(shortCircuited).toEqual({
        source: 'fallback',
        messages: [{ msg: 'Sorry, try later', order: 0 }],
        error: 'error-invalid-external-service-response',
        reason: 'circuit-open',
      });
      expect(upstream.requests).toHaveLength(5);
      // another URL (same host) has its own breaker
      upstream.handle(answerContents([{ msg: 'fine', order: 0 }]));
      expect(await messages().fetch(action(upstream.url('/breaker-b')), visitor)).toMatchObject({ source: 'external' });
      // Send Test neither is short-circuited nor counts
      const test = await sendTest({ serviceUrl: failingUrl, serviceTimeout: 1000 });
      expect(test.json()).toMatchObject({ ok: true, statusCode: 200 });
      expect(upstream.requests).toHaveLength(7);
      expect(await messages().fetch(action(failingUrl), visitor)).toMatchObject({ reason: 'circuit-open' });
      expect(upstream.requests).toHaveLength(7);
    });

    it('does not count Send Test failures toward the breaker', async () => {
      upstream.handle((_, response) => sendJson(response, 500, {}));
      const url = upstream.url('/send-test-only');
      for (let i = 0; i < 6; i += 1) {
        expect((await sendTest({ serviceUrl: url, serviceTimeout: 1000 })).json()).toMatchObject({ reason: 'http-status' });
      }
      expect(await messages().fetch(action(url), visitor)).toMatchObject({ source: 'fallback', reason: 'http-status' });
      expect(upstream.requests).toHaveLength(7);
    });

    it('lets one probe through once the 30 s half-open delay has passed, and closes on its success', async () => {
      const { halfOpenAfterMs } = DEFAULT_BREAKER_OPTIONS;
      expect(halfOpenAfterMs).toBe(30_000);
      const service = new ExternalMessages(t.app.get(ExternalCall), t.app.get(SecretTokenStore), new InMemoryCircuitBreakers(), t.app.get(Metrics));
      const url = upstream.url('/probe');
      upstream.handle((_, response) => sendJson(response, 503, {}));
      fakeDateOnly();
      try {
        for (let i = 0; i < 5; i += 1) await service.fetch(action(url), visitor);
        expect(await service.fetch(action(url), visitor)).toMatchObject({ reason: 'circuit-open' });
        expect(upstream.requests).toHaveLength(5);
        upstream.handle(answerContents([{ msg: 'back', order: 0 }]));
        jest.advanceTimersByTime(halfOpenAfterMs - 1);
        expect(await service.fetch(action(url), visitor)).toMatchObject({ reason: 'circuit-open' });
        expect(upstream.requests).toHaveLength(5);
        jest.advanceTimersByTime(1);
        expect(await service.fetch(action(url), visitor)).toEqual({ source: 'external', messages: [{ msg: 'back', order: 0 }] });
        expect(upstream.requests).toHaveLength(6);
        expect(await service.fetch(action(url), visitor)).toMatchObject({ source: 'external' });
      } finally {
        jest.useRealTimers();
      }
    });
  });

  describe('clearing and unreadable secrets', () => {
    it('clears the token with null', async () => {
      await putSecret(SECRET);
      const cleared = await putSecret(null);
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).toEqual({ secretTokenConfigured: false });
      expect((await getSettings()).json()).toEqual({ secretTokenConfigured: false });
      expect((await sendTest({ serviceUrl: upstream.url(), serviceTimeout: 1000 })).json()).toMatchObject({ error: 'secret-token-not-configured' });
      expect(upstream.connections).toBe(0);
    });

    it('treats a token sealed with another key as not configured, without failing', async () => {
      const otherKey = new SecretCipher(randomBytes(32));
      await t.app.get(SettingsRepository).write(SECRET_TOKEN_SETTING, otherKey.seal(SECRET, SECRET_TOKEN_SETTING));
      const res = await getSettings();
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ secretTokenConfigured: false });
      expect(await messages().fetch(action(), visitor)).toMatchObject({ source: 'fallback', error: 'secret-token-not-configured' });
      expect((await sendTest({ serviceUrl: upstream.url(), serviceTimeout: 1000 })).json()).toMatchObject({ error: 'secret-token-not-configured' });
      expect(upstream.connections).toBe(0);
      // setting it again repairs it
      expect((await putSecret(SECRET)).json()).toEqual({ secretTokenConfigured: true });
      expect((await getSettings()).json()).toEqual({ secretTokenConfigured: true });
    });
  });

  it('never returned the secret in any admin response of this suite', () => {
    expect(responses.length).toBeGreaterThan(40);
    for (const body of responses) expect(body).not.toContain(SECRET);
  });
});
