import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { startProbeApp } from '../support/probe-app';
import { MANAGER_KEY, VIEWER_KEY } from '../support/test-app';

describe('HTTP layer: auth, validation and errors (probe routes)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startProbeApp();
  });
  afterAll(() => app.close());

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const valid = { name: 'n', items: [{ label: 'a', size: 1 }] };

  function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ type: `/problems/${code}`, status, code });
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    return body;
  }

  it('lets anyone call a public route', async () => {
    expect((await app.inject({ url: '/probe/public' })).statusCode).toBe(200);
  });

  it('answers 401 without a key, with a malformed header and with an unknown key', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer not-a-configured-key-123' }]) {
      const res = await app.inject({ url: '/probe/read', headers });
      expectProblem(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('lets viewers read and refuses them writes with 403', async () => {
    expect((await app.inject({ url: '/probe/read', headers: bearer(VIEWER_KEY) })).statusCode).toBe(200);
    const res = await app.inject({ method: 'POST', url: '/probe/write', headers: bearer(VIEWER_KEY), payload: valid });
    expectProblem(res, 403, 'forbidden');
  });

  it('lets managers read and write', async () => {
    expect((await app.inject({ url: '/probe/read', headers: bearer(MANAGER_KEY) })).statusCode).toBe(200);
    const res = await app.inject({ method: 'POST', url: '/probe/write', headers: bearer(MANAGER_KEY), payload: valid });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ received: valid });
  });

  it('treats a route that declares no access as manager-only', async () => {
    expectProblem(await app.inject({ url: '/probe/undeclared', headers: bearer(VIEWER_KEY) }), 403, 'forbidden');
    expect((await app.inject({ url: '/probe/undeclared', headers: bearer(MANAGER_KEY) })).statusCode).toBe(200);
  });

  it('lists every field error with bracketed paths, unknown fields included', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe/write',
      headers: bearer(MANAGER_KEY),
      payload: { name: 5, items: [{ label: 'toolong', size: 11, extra: true }], other: 1 },
    });
    const body = expectProblem(res, 400, 'validation-failed');
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['items[0].extra', 'items[0].label', 'items[0].size', 'name', 'other']);
  });

  it('answers problem+json for what Fastify rejects itself', async () => {
    const post = (payload: string, contentType = 'application/json') =>
      app.inject({ method: 'POST', url: '/probe/write', headers: { ...bearer(MANAGER_KEY), 'content-type': contentType }, payload });
    expectProblem(await post('{"name": '), 400, 'validation-failed');
    expectProblem(await post('name=x', 'application/x-www-form-urlencoded'), 415, 'unsupported-media-type');
    expectProblem(await post('hello', 'text/plain'), 415, 'unsupported-media-type');
    expectProblem(await post(JSON.stringify({ name: 'x'.repeat(70 * 1024), items: [] })), 413, 'payload-too-large');
    expectProblem(await post('{"__proto__": {"polluted": true}, "name": "n", "items": []}'), 400, 'validation-failed');
    expectProblem(await post('{"constructor": {"prototype": {"x": 1}}, "name": "n", "items": []}'), 400, 'validation-failed');
    expectProblem(await post('[1,2,3]'), 400, 'validation-failed');
    expectProblem(await post('null'), 400, 'validation-failed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses NUL characters anywhere in the body, naming each path', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe/write',
      headers: bearer(MANAGER_KEY),
      payload: { name: 'a\u0000b', items: [{ label: 'x\u0000', size: 1 }] },
    });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(['name', 'items[0].label']);
    expectProblem(await app.inject({ url: '/probe/public?q=%00' }), 400, 'validation-failed');
  });

  it('answers 404 problem+json for unknown routes and methods', async () => {
    expectProblem(await app.inject({ url: '/nothing/here' }), 404, 'not-found');
    expectProblem(await app.inject({ method: 'DELETE', url: '/probe/public' }), 404, 'not-found');
  });

  it('hides unexpected errors behind an errorId', async () => {
    const res = await app.inject({ url: '/probe/boom' });
    const body = expectProblem(res, 500, 'internal-error');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toMatch(/hunter2|secret\.ts|\/srv/);
  });

  it('echoes a valid X-Request-Id and generates one otherwise, on errors too', async () => {
    const given = await app.inject({ url: '/nothing', headers: { 'x-request-id': 'req-123.abc' } });
    expect(given.headers['x-request-id']).toBe('req-123.abc');
    const bad = await app.inject({ url: '/probe/public', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends strict security headers on API routes', async () => {
    const res = await app.inject({ url: '/probe/public' });
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    // exactly the headers that matter for a JSON response, none of the HTML-only ones
    const security = [
      'content-security-policy',
      'cross-origin-resource-policy',
      'referrer-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-frame-options',
    ];
    expect(
      Object.keys(res.headers)
        .filter((name) => !['x-request-id', 'content-type', 'content-length', 'date', 'connection', 'keep-alive', 'vary'].includes(name))
        .sort(),
    ).toEqual(security);
  });
});
