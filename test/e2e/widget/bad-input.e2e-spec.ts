import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { createTrigger, sendEvent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

describe('widget bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const expect400 = (res: LightMyRequestResponse, path: string) => {
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation-failed');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  };
  const ok = { type: 'page-view', url: 'https://shop.example/' };

  it.each([
    ['short', 'token'],
    ['has space!', 'token'],
    ['x'.repeat(129), 'token'],
  ])('refuses the token %j', async (token, path) => {
    expect400(await sendEvent(t, encodeURIComponent(token), ok), path);
    expect400(await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${encodeURIComponent(token)}`, payload: {} }), path);
  });

  it.each([
    [{ ...ok, type: 'page-leave' }, 'type'],
    [{ type: 'page-view' }, 'url'],
    [{ ...ok, url: `https://x.example/${'a'.repeat(2048)}` }, 'url'],
    [{ ...ok, url: 42 }, 'url'],
    [{ ...ok, timeOnSiteSeconds: -1 }, 'timeOnSiteSeconds'],
    [{ ...ok, timeOnSiteSeconds: 86401 }, 'timeOnSiteSeconds'],
    [{ ...ok, timeOnSiteSeconds: 1.5 }, 'timeOnSiteSeconds'],
    [{ ...ok, metadata: 'plan=pro' }, 'metadata'],
    [{ ...ok, metadata: { plan: 5 } }, 'metadata'],
    [{ ...ok, metadata: { ['k'.repeat(65)]: 'v' } }, 'metadata'],
    [{ ...ok, metadata: { plan: 'v'.repeat(1025) } }, 'metadata'],
    [{ ...ok, metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata'],
    [{ ...ok, extra: true }, 'extra'],
  ])('refuses the event %j', async (event, path) => {
    expect400(await sendEvent(t, visitorToken(), event), path);
  });

  it('refuses metadata that would take the visitor over 20 keys, and keeps what it had', async () => {
    const token = visitorToken();
    const ten = (from: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${from + i}`, 'v']));
    expect((await sendEvent(t, token, { ...ok, metadata: ten(0) })).statusCode).toBe(200);
    expect((await sendEvent(t, token, { ...ok, metadata: ten(10) })).statusCode).toBe(200);
    expect400(await sendEvent(t, token, { ...ok, metadata: { k99: 'one too many' } }), 'metadata');
    const reg = await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: { metadata: { k0: 'replaced' } } });
    expect(reg.statusCode).toBe(200);
    const metadata = reg.json().metadata;
    expect(Object.keys(metadata)).toHaveLength(20);
    expect(Object.keys(metadata)[0]).toBe('k0');
    expect(metadata.k0).toBe('replaced');
    expect(metadata.k99).toBeUndefined();
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ name: '' }, 'name'],
    [{ department: 'not-a-uuid' }, 'department'],
    [{ department: '00000000-0000-4000-8000-000000000000' }, 'department'],
    [{ nickname: 'x' }, 'nickname'],
  ])('refuses the registration %j and creates nothing', async (body, path) => {
    const token = visitorToken();
    expect400(await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: body }), path);
    const rows = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM visitors WHERE token = $1', [token]);
    expect(rows[0].n).toBe(0);
  });

  it("keeps one visitor's data from another visitor", async () => {
    await createTrigger(t);
    const alice = visitorToken('alice');
    const reg = await t.inject({
      method: 'PUT',
      url: `/v1/widget/visitors/${alice}`,
      payload: { name: 'Alice Secret', email: 'alice@example.com', metadata: { crmId: 'A-123' } },
    });
    expect(reg.json()).toMatchObject({ token: alice, name: 'Alice Secret', metadata: { crmId: 'A-123' } });
    const bob = await sendEvent(t, visitorToken('bob'), { type: 'page-view', url: 'https://shop.example/contact' });
    expect(bob.statusCode).toBe(200);
    expect(bob.body).not.toMatch(/Alice|alice@|A-123/);
  });
});
