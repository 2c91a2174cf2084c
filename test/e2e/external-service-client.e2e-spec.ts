import { Logger } from '@nestjs/common';
import { ExternalCall, type ExternalRequest } from '../../src/external-service/external-call';
import { answerContents, delayed, type FakeUpstream, sendJson, startFakeUpstream, trickle, verifySignature } from '../support/fake-upstream';

/**
 * The outbound client against real HTTP servers on 127.0.0.1 (allowlisted, as
 * EXTERNAL_SERVICE_ALLOWLIST would), without the application around it.
 */
describe('external-service client (real local servers)', () => {
  const SECRET = 'client-suite-secret-0123456789';
  let upstream: FakeUpstream;
  let elsewhere: FakeUpstream;
  let client: ExternalCall;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    upstream = await startFakeUpstream();
    elsewhere = await startFakeUpstream();
    client = new ExternalCall({ allowlist: [upstream.hostPort, elsewhere.hostPort] });
  });
  afterAll(async () => {
    await upstream.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    upstream.reset();
    elsewhere.reset();
  });

  const call = (overrides: Partial<ExternalRequest> = {}) =>
    client.post({
      serviceUrl: upstream.url('/hook?tenant=7'),
      serviceTimeout: 2000,
      visitorToken: 'visitor-token-1',
      metadata: [
        { key: 'name', value: 'Morgan' },
        { key: 'plan', value: 'pro' },
        { key: 'city', value: 'Zürich' },
      ],
      secretToken: SECRET,
      ...overrides,
    });

  it('posts the JSON payload with every header, signed, and returns the contents sorted by order (stable)', async () => {
    upstream.handle(
      answerContents([
        { msg: 'third', order: 3 },
        { msg: 'first-a', order: 1 },
        { msg: 'second', order: 2 },
        { msg: 'first-b', order: 1 },
      ]),
    );
    const outcome = await call();
    expect(outcome).toMatchObject({
      ok: true,
      statusCode: 200,
      messages: [
        { msg: 'first-a', order: 1 },
        { msg: 'first-b', order: 1 },
        { msg: 'second', order: 2 },
        { msg: 'third', order: 3 },
      ],
    });
    expect(upstream.requests).toHaveLength(1);
    const [received] = upstream.requests;
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/hook?tenant=7');
    expect(received.rawBody.toString('utf8')).toBe(
      '{"visitorToken":"visitor-token-1","metadata":[{"key":"name","value":"Morgan"},{"key":"plan","value":"pro"},{"key":"city","value":"Zürich"}]}',
    );
    const headers = received.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers.accept).toBe('application/json');
    expect(headers.host).toBe(upstream.hostPort);
    expect(headers['content-length']).toBe(String(received.rawBody.length));
    expect(headers['x-rocketchat-livechat-token']).toBe(SECRET);
    expect(headers['x-livechat-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const timestamp = Number(headers['x-livechat-timestamp']);
    expect(Number.isInteger(timestamp)).toBe(true);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(headers['x-livechat-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, headers, received.rawBody)).toBe(true);
  });

  it('signs so that a tampered body, id, timestamp or secret fails verification', async () => {
    await call();
    const { headers, rawBody } = upstream.requests[0];
    expect(verifySignature(SECRET, headers, rawBody)).toBe(true);
    expect(verifySignature(SECRET, headers, Buffer.from(rawBody.toString().replace('Morgan', 'Morgen')))).toBe(false);
    expect(verifySignature(SECRET, { ...headers, 'x-livechat-timestamp': String(Number(headers['x-livechat-timestamp']) + 1) }, rawBody)).toBe(false);
    expect(verifySignature(SECRET, { ...headers, 'x-livechat-request-id': 'another-id' }, rawBody)).toBe(false);
    expect(verifySignature('another-secret', headers, rawBody)).toBe(false);
  });

  it('uses a fresh request id per call', async () => {
    await call();
    await call();
    expect(upstream.requests[0].headers['x-livechat-request-id']).not.toBe(upstream.requests[1].headers['x-livechat-request-id']);
  });

  it('reports a non-200 status as http-status, without the upstream body', async () => {
    upstream.handle((_, response) => sendJson(response, 500, { error: 'UPSTREAM-STACKTRACE at db.internal:5432' }));
    const outcome = await call();
    expect(outcome).toMatchObject({ ok: false, error: 'error-invalid-external-service-response', reason: 'http-status', statusCode: 500 });
    expect(JSON.stringify(outcome)).not.toContain('UPSTREAM-STACKTRACE');
    upstream.handle((_, response) => sendJson(response, 201, { contents: [{ msg: 'created', order: 0 }] }));
    expect(await call()).toMatchObject({ ok: false, reason: 'http-status', statusCode: 201 });
  });

  it('gives up on a slow service at the deadline (error-timeout)', async () => {
    upstream.handle(delayed(10_000));
    const started = Date.now();
    const outcome = await call({ serviceTimeout: 300 });
    expect(outcome).toMatchObject({ ok: false, error: 'error-timeout', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(300 + 2000);
  });

  it('keeps the one deadline against a body trickling a byte every 200 ms, and drops the connection', async () => {
    const dripping = trickle(200);
    let closedByClient!: Promise<void>;
    upstream.handle((request, response, raw) => {
      closedByClient = new Promise((resolve) => response.on('close', resolve));
      dripping(request, response, raw);
    });
    const started = Date.now();
    const outcome = await call({ serviceTimeout: 700 });
    expect(outcome).toMatchObject({ ok: false, error: 'error-timeout', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(700 + 2000);
    // the socket was destroyed: the server sees the connection go while it still trickles (it never ends the response itself)
    expect(upstream.requests).toHaveLength(1);
    await closedByClient;
  }, 10_000);

  it('refuses a body that is not JSON as invalid-json', async () => {
    upstream.handle((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>UPSTREAM-ERROR-PAGE</html>');
    });
    const outcome = await call();
    expect(outcome).toMatchObject({ ok: false, error: 'error-invalid-external-service-response', reason: 'invalid-json', statusCode: 200 });
    expect(JSON.stringify(outcome)).not.toContain('UPSTREAM-ERROR-PAGE');
  });

  it.each([
    ['no contents', { messages: [] }],
    ['contents not an array', { contents: 'hi' }],
    ['empty contents', { contents: [] }],
    ['more than 10 items', { contents: Array.from({ length: 11 }, (_, i) => ({ msg: `m${i}`, order: i })) }],
    ['an empty msg', { contents: [{ msg: '', order: 0 }] }],
    ['a msg over 5000 characters', { contents: [{ msg: 'x'.repeat(5001), order: 0 }] }],
    ['a msg that is not a string', { contents: [{ msg: 42, order: 0 }] }],
    ['a missing order', { contents: [{ msg: 'hi' }] }],
    ['an order that is not a number', { contents: [{ msg: 'hi', order: '1' }] }],
    ['an order that is not finite', '{"contents":[{"msg":"hi","order":1e999}]}'],
  ])('refuses %s as invalid-contents', async (_, body) => {
    upstream.handle((__, response) => sendJson(response, 200, body));
    expect(await call()).toMatchObject({ ok: false, error: 'error-invalid-external-service-response', reason: 'invalid-contents' });
  });

  it('stops reading a 5 MB body (too-large), with or without a Content-Length', async () => {
    const huge = JSON.stringify({ contents: [{ msg: 'x'.repeat(4000), order: 0 }], padding: 'y'.repeat(5 * 1024 * 1024) });
    upstream.handle((_, response) => sendJson(response, 200, huge));
    expect(await call()).toMatchObject({ ok: false, reason: 'too-large', statusCode: 200 });
    upstream.handle((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      response.end(huge);
    });
    expect(await call()).toMatchObject({ ok: false, reason: 'too-large', statusCode: 200 });
  });

  it('applies the 64 KiB byte cap before the item rules', async () => {
    const justOver = JSON.stringify({ contents: [{ msg: 'ok', order: 0 }], pad: 'p'.repeat(64 * 1024) });
    upstream.handle((_, response) => sendJson(response, 200, justOver));
    expect(await call()).toMatchObject({ ok: false, reason: 'too-large' });
    const justUnder = JSON.stringify({ contents: [{ msg: 'ok', order: 0 }], pad: 'p'.repeat(60 * 1024) });
    upstream.handle((_, response) => sendJson(response, 200, justUnder));
    expect(await call()).toMatchObject({ ok: true });
  });

  it('does not follow a redirect: exactly one request reaches the service and none the target', async () => {
    upstream.handle((_, response) => {
      response.writeHead(302, { location: elsewhere.url('/stolen') });
      response.end();
    });
    const outcome = await call();
    expect(outcome).toMatchObject({ ok: false, error: 'error-invalid-external-service-response', reason: 'redirect', statusCode: 302 });
    expect(upstream.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
    expect(elsewhere.connections).toBe(0);
  });

  it('reports a connection reset, before or during the response, as connection-failed', async () => {
    upstream.handle((_, __, raw) => raw.socket.destroy());
    expect(await call()).toMatchObject({ ok: false, error: 'error-invalid-external-service-response', reason: 'connection-failed' });
    upstream.handle((_, response, raw) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"contents":[', () => raw.socket.destroy());
    });
    expect(await call()).toMatchObject({ ok: false, reason: 'connection-failed', statusCode: 200 });
  });

  it('reports a closed port as connection-failed', async () => {
    const gone = await startFakeUpstream();
    const url = gone.url();
    await gone.close();
    const closedPortClient = new ExternalCall({ allowlist: [gone.hostPort] });
    expect(await closedPortClient.post({ serviceUrl: url, serviceTimeout: 2000, visitorToken: 'v', metadata: [], secretToken: SECRET })).toMatchObject({
      ok: false,
      reason: 'connection-failed',
    });
  });

  it('refuses the metadata address even when it is allowlisted, and a host that does not resolve', async () => {
    const metadataClient = new ExternalCall({ allowlist: ['169.254.169.254:80', '[::ffff:a9fe:a9fe]:80'] });
    const base = { serviceTimeout: 1000, visitorToken: 'v', metadata: [], secretToken: SECRET };
    for (const serviceUrl of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/latest/meta-data/']) {
      expect(await metadataClient.post({ ...base, serviceUrl })).toMatchObject({ ok: false, reason: 'blocked-address' });
    }
    // DNS failure fails closed: nothing is connected, reported as connection-failed
    expect(await client.post({ ...base, serviceUrl: 'http://no-such-host.invalid/hook' })).toMatchObject({
      ok: false,
      error: 'error-invalid-external-service-response',
      reason: 'connection-failed',
    });
  });
});
