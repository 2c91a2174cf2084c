import { sendEvent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

describe('widget access: CORS and rate limits', () => {
  describe('CORS_ORIGINS unset', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t?.close());

    it('answers any origin on widget routes, without credentials', async () => {
      const res = await t.inject({ url: '/v1/widget/config', headers: { origin: 'https://customer.example' } });
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      const preflight = await t.inject({
        method: 'OPTIONS',
        url: `/v1/widget/visitors/${visitorToken()}/events`,
        headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
      expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST');
    });

    it('gives every widget route the CORS headers the plugin itself gives (precomputed for any origin)', async () => {
      const corsOf = (headers: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-') || name === 'vary'));
      const origin = { origin: 'https://customer.example' };
      // an unknown widget path is answered by @fastify/cors on every request
      const fromPlugin = corsOf((await t.inject({ url: '/v1/widget/no-such-thing', headers: origin })).headers);
      expect(fromPlugin).toEqual({ 'access-control-allow-origin': '*', 'access-control-expose-headers': 'etag, x-request-id, retry-after' });
      const config = await t.inject({ url: '/v1/widget/config', headers: origin });
      const notModified = await t.inject({ url: '/v1/widget/config', headers: { ...origin, 'if-none-match': String(config.headers.etag) } });
      expect(notModified.statusCode).toBe(304);
      const event = await t.inject({
        method: 'POST',
        url: `/v1/widget/visitors/${visitorToken()}/events`,
        headers: origin,
        payload: { type: 'page-view', url: 'https://x.example/' },
      });
      expect(event.statusCode).toBe(200);
      for (const res of [config, notModified, event]) expect(corsOf(res.headers)).toEqual(fromPlugin);
    });

    it('sends no CORS headers on admin routes', async () => {
      const res = await t.asViewer({ url: '/v1/triggers', headers: { origin: 'https://customer.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.inject({
        method: 'OPTIONS',
        url: '/v1/triggers',
        headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers CORS on an unknown widget path, not on any other unknown path', async () => {
      const widget = await t.inject({ url: '/v1/widget/no-such-thing', headers: { origin: 'https://customer.example' } });
      expect(widget.statusCode).toBe(404);
      expect(widget.headers['access-control-allow-origin']).toBe('*');
      const other = await t.inject({ url: '/v1/no-such-thing', headers: { origin: 'https://customer.example' } });
      expect(other.statusCode).toBe(404);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      expect(other.headers['access-control-expose-headers']).toBeUndefined();
    });
  });

  describe('CORS_ORIGINS set and a rate limit of 3 per minute', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { CORS_ORIGINS: 'https://allowed.example', RATE_LIMIT_PER_MINUTE: '3' } });
    });
    afterAll(() => t?.close());

    it('answers only the configured origins', async () => {
      const allowed = await t.inject({ url: '/v1/widget/config', headers: { origin: 'https://allowed.example' }, remoteAddress: '10.0.0.1' });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://allowed.example');
      const other = await t.inject({ url: '/v1/widget/config', headers: { origin: 'https://evil.example' }, remoteAddress: '10.0.0.2' });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers 429 problem+json with Retry-After past the limit, per client IP, on widget routes only', async () => {
      const token = visitorToken();
      const from = (ip: string) =>
        sendEvent({ inject: (o) => t.inject({ ...o, remoteAddress: ip }) } as TestApp, token, { type: 'page-view', url: 'https://x.example/' });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await from('10.1.1.1')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await from('10.1.1.1');
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json().code).toBe('rate-limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await from('10.1.1.2')).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) expect((await t.asViewer({ url: '/v1/triggers', remoteAddress: '10.1.1.1' })).statusCode).toBe(200);
    });
  });
});
