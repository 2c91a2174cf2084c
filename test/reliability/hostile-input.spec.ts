import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { pageUrl } from '../support/builders';
import { triggerBody } from '../support/factories';
import { type AbuseWorld, databaseSnapshot, startAbuseWorld } from './abuse.fixtures';

/** Bodies built to hurt: too big, too deep, too long, not UTF-8, not JSON. */
describe('hostile input', () => {
  let world: AbuseWorld;
  beforeAll(async () => {
    world = await startAbuseWorld();
  });
  afterAll(() => world?.close());

  const json = (payload: string, url = '/v1/triggers', method: InjectOptions['method'] = 'POST', contentType = 'application/json') =>
    world.t.asManager({ method, url, payload, headers: { 'content-type': contentType } });
  const widgetEvent = (payload: string | Buffer, contentType = 'application/json') =>
    world.t.inject({ method: 'POST', url: `/v1/widget/visitors/${world.ids.token}/events`, payload, headers: { 'content-type': contentType } });

  function expectProblem(res: LightMyRequestResponse, status: number): void {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, type: expect.any(String), title: expect.any(String), code: expect.any(String) });
  }

  it('refuses bodies over 64 KiB with 413 on admin and widget routes', async () => {
    const big = JSON.stringify(triggerBody({ description: 'x'.repeat(70 * 1024) }));
    expectProblem(await json(big), 413);
    expectProblem(await widgetEvent(JSON.stringify({ type: 'page-view', url: `https://x/${'a'.repeat(70 * 1024)}` })), 413);
  });

  it.each([
    ['10,000 nested arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['20,000 nested objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['deep nesting inside a valid field', JSON.stringify(triggerBody()).replace('"conditions":[', `"conditions":[${'['.repeat(8000)}${']'.repeat(8000)},`)],
  ])('answers %s with 400 quickly, and keeps serving', async (_, payload) => {
    const started = performance.now();
    expectProblem(await json(payload), 400);
    expectProblem(await widgetEvent(payload), 400);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await world.t.inject({ url: '/health/live' })).statusCode).toBe(200);
  });

  it('refuses huge arrays and long strings with 400, naming the field', async () => {
    const conditions = Array.from({ length: 1500 }, () => pageUrl('a'));
    const res = await json(JSON.stringify(triggerBody({ conditions })));
    expectProblem(res, 400);
    expectProblem(await json(JSON.stringify(triggerBody({ name: 'n'.repeat(20_000) }))), 400);
    expectProblem(await widgetEvent(JSON.stringify({ type: 'page-view', url: `https://x/${'a'.repeat(30_000)}` })), 400);
    expectProblem(
      await widgetEvent(
        JSON.stringify({ type: 'page-view', url: 'https://x/', metadata: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, 'v'])) }),
      ),
      400,
    );
  });

  it('refuses bodies that are not UTF-8, not JSON or not sent as JSON', async () => {
    const before = await databaseSnapshot(world.t);
    const badUtf8 = Buffer.concat([Buffer.from('{"type":"page-view","url":"https://x/'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]);
    const res = await widgetEvent(badUtf8);
    expect(res.statusCode).toBeLessThan(500);
    expect([200, 400]).toContain(res.statusCode); // decoded with replacement characters, or refused
    expectProblem(await json('{"name": "unterminated'), 400);
    expectProblem(await json(JSON.stringify(triggerBody()), '/v1/triggers', 'POST', 'text/plain'), 415);
    expectProblem(await json(JSON.stringify(triggerBody()), '/v1/triggers', 'POST', 'application/x-www-form-urlencoded'), 415);
    expectProblem(await widgetEvent('type=page-view', 'multipart/form-data; boundary=x'), 415);
    expectProblem(await json('"just a string"'), 400);
    expectProblem(await json('null'), 400);
    expectProblem(await json('[]'), 400);
    if (res.statusCode === 400) expect(await databaseSnapshot(world.t)).toEqual(before);
  });

  it('caps pagination: limit 101 and negative offsets answer 400 on every list', async () => {
    for (const url of ['/v1/triggers', '/v1/agents', '/v1/departments']) {
      expectProblem(await world.t.asManager({ url: `${url}?limit=101` }), 400);
      expectProblem(await world.t.asManager({ url: `${url}?offset=-1` }), 400);
      expectProblem(await world.t.asManager({ url: `${url}?limit=1e3` }), 400);
      expect((await world.t.asManager({ url: `${url}?limit=100` })).statusCode).toBe(200);
    }
  });
});
