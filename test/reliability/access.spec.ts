import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { visitorToken } from '../support/factories';
import { authHeaders, fillPath, isRocketChat, isWrite, OPERATIONS } from '../support/openapi-routes';
import { VIEWER_KEY } from '../support/test-app';
import { type AbuseWorld, startAbuseWorld, validBodies } from './abuse.fixtures';

/**
 * Who may call what, generated from openapi.json so that a new route is covered the day it
 * is added: admin routes refuse no key (401) and viewer writes (403); widget routes leak
 * nothing across visitors and no admin field; CORS only where and for whom configured;
 * rate limits answer 429 with Retry-After.
 */
const ORIGIN = 'https://shop.example';
const RATE_LIMIT = 30;
const admin = OPERATIONS.filter((op) => op.secured);
const widget = OPERATIONS.filter((op) => op.path.startsWith('/v1/widget/'));
/** The operations DESIGN §7 and ROCKETCHAT.md call widget routes: CORS and rate limits apply to these only. */
const RC_WIDGET_PATHS = [
  '/api/v1/livechat/config',
  '/api/v1/livechat/agent.next/{token}',
  '/api/v1/livechat/triggers/{_id}/external-service/call',
  '/api/v1/livechat/page.visited',
];
const isWidgetPath = (path: string): boolean => path.startsWith('/v1/widget/') || RC_WIDGET_PATHS.includes(path);
/** DESIGN §7: explain is a dry run, open to viewers although it is a POST. */
const VIEWER_MAY_POST = new Set(['POST /v1/triggers/explain']);
const changesState = (op: (typeof OPERATIONS)[number]) => isWrite(op) && !VIEWER_MAY_POST.has(`${op.method} ${op.path}`);

let address = 0;
/** A client address of its own, so that one test's requests do not spend another's rate limit. */
const freshAddress = () => `10.9.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

describe('access rules from openapi.json', () => {
  let world: AbuseWorld;
  beforeAll(async () => {
    world = await startAbuseWorld({ CORS_ORIGINS: ORIGIN, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
  });
  afterAll(() => world?.close());

  const target = (op: (typeof OPERATIONS)[number]): InjectOptions => {
    const entry = validBodies(world)[`${op.method} ${op.path}`];
    const id = op.path.startsWith('/v1/departments') ? world.ids.departmentId : op.path.startsWith('/v1/schedules') ? world.ids.scheduleId : world.ids.id;
    const values = { ...world.ids, id, ...entry?.path };
    return { method: op.method, url: fillPath(op.path, values), ...(entry ? { payload: entry.body() } : {}) };
  };

  it('lists admin and widget routes', () => {
    expect(admin.length).toBeGreaterThan(20);
    expect(widget.length).toBeGreaterThanOrEqual(4);
    expect(widget.filter((op) => op.secured)).toEqual([]);
  });

  it.each(admin.map((op) => [`${op.method} ${op.path}`, op] as const))('%s: 401 without a key, 403 for a viewer on writes', async (_, op) => {
    const anonymous = await world.t.inject(target(op));
    expect(anonymous.statusCode).toBe(401);
    const viewer = await world.t.inject({ ...target(op), headers: authHeaders(op.path, VIEWER_KEY) });
    if (isRocketChat(op.path)) {
      // Rocket.Chat needs view-livechat-manager for every trigger route: a viewer key is refused even on reads
      expect(anonymous.json()).toMatchObject({ success: false, error: 'You must be logged in to do this.' });
      expect(viewer.statusCode).toBe(403);
      expect(viewer.json()).toMatchObject({ success: false, error: expect.stringContaining('[error-unauthorized]') });
    } else if (changesState(op)) {
      expect(anonymous.json().code).toBe('unauthorized');
      expect(viewer.statusCode).toBe(403);
      expect(viewer.json().code).toBe('forbidden');
    } else {
      expect(anonymous.json().code).toBe('unauthorized');
      expect(viewer.statusCode).toBeLessThan(300);
    }
  });

  it.each(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s: CORS only on widget routes and only for the configured origin',
    async (_, op) => {
      const isWidget = isWidgetPath(op.path);
      for (const origin of [ORIGIN, 'https://evil.example']) {
        const preflight = await world.t.inject({
          method: 'OPTIONS',
          url: target(op).url,
          remoteAddress: freshAddress(),
          headers: { origin, 'access-control-request-method': op.method, 'access-control-request-headers': 'content-type' },
        });
        const actual = await world.t.inject({ ...target(op), remoteAddress: freshAddress(), headers: { origin } });
        for (const res of [preflight, actual]) {
          const allowed = res.headers['access-control-allow-origin'];
          if (isWidget && origin === ORIGIN) expect(allowed).toBe(ORIGIN);
          else expect(allowed).toBeUndefined();
          expect(res.headers['access-control-allow-credentials']).toBeUndefined();
        }
      }
    },
  );

  it("widget responses show no other visitor's data and no admin field", async () => {
    const alice = visitorToken('alice');
    const secretName = `Alice ${randomBytes(4).toString('hex')}`;
    const secretValue = `crm-${randomBytes(6).toString('hex')}`;
    const as = (remoteAddress: string) => (o: InjectOptions) => world.t.inject({ ...o, remoteAddress });
    const aliceCall = as(freshAddress());
    expect(
      (
        await aliceCall({
          method: 'PUT',
          url: `/v1/widget/visitors/${alice}`,
          payload: { name: secretName, email: 'alice@secret.example', metadata: { crmId: secretValue } },
        })
      ).statusCode,
    ).toBe(200);
    await aliceCall({ method: 'POST', url: `/v1/widget/visitors/${alice}/events`, payload: { type: 'page-view', url: 'https://shop.example/contact' } });

    const bob = visitorToken('bob');
    const bobCall = as(freshAddress());
    const bobs = [
      await bobCall({ url: '/v1/widget/config' }),
      await bobCall({ method: 'PUT', url: `/v1/widget/visitors/${bob}`, payload: { name: 'Bob' } }),
      await bobCall({ method: 'POST', url: `/v1/widget/visitors/${bob}/events`, payload: { type: 'page-view', url: 'https://shop.example/contact' } }),
      await bobCall({ method: 'POST', url: `/v1/widget/visitors/${bob}/events`, payload: { type: 'guest-registered', url: 'https://shop.example/contact' } }),
      await bobCall({ method: 'POST', url: `/v1/widget/visitors/${bob}/triggers/${world.ids.externalTriggerId}/external-service`, payload: {} }),
      // someone else's token answers with that visitor's own view only through their token: never admin fields
      await bobCall({ method: 'POST', url: `/v1/widget/visitors/${alice}/triggers/${world.ids.externalTriggerId}/external-service`, payload: {} }),
    ];
    for (const res of bobs) {
      expect(res.statusCode).toBeLessThan(500);
      for (const leaked of [secretName, 'alice@secret.example', world.upstream.hostPort, 'serviceUrl', 'secret', 'shh']) {
        expect({ url: res.raw.req.url, leaked: res.body.includes(leaked) }).toEqual({ url: res.raw.req.url, leaked: false });
      }
      if (!res.raw.req.url?.includes(alice)) expect(res.body).not.toContain(secretValue);
    }
  });

  it.each(widget.map((op) => [`${op.method} ${op.path}`, op] as const))('%s: 429 with Retry-After past the rate limit', async (_, op) => {
    const remoteAddress = freshAddress();
    // RATE_LIMIT requests pass, the one after them is the one looked at
    let last = await world.t.inject({ ...target(op), remoteAddress });
    for (let i = 1; i <= RATE_LIMIT; i++) last = await world.t.inject({ ...target(op), remoteAddress });
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json()).toMatchObject({ status: 429, code: 'rate-limited' });
  });
});
