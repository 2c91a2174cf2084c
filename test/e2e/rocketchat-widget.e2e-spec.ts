import { afterRegistration, customSender, pageUrl, queueSender, sendMessage, timeOnSite, useExternalService } from '../support/builders';
import { createTrigger, sendEvent, visitorToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, expectInvalidParams, expectRcFailure, expectRcJson } from './rocketchat-fixtures';

const CONFIG = '/api/v1/livechat/config';
const agentNext = (token: string, department?: string) => `/api/v1/livechat/agent.next/${token}${department !== undefined ? `?department=${department}` : ''}`;

describe(`Rocket.Chat surface: widget routes (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  let sales: string;
  let empty: string;

  const putAgent = async (username: string, body: Record<string, unknown>) => {
    const res = await t.asManager({
      method: 'PUT',
      url: `/v1/agents/${username}`,
      payload: { name: username.toUpperCase(), status: 'online', available: true, ...body },
    });
    if (res.statusCode >= 300) throw new Error(`agent: ${res.statusCode} ${res.body}`);
  };
  const assigned = async (username: string): Promise<number> => (await t.asViewer({ url: `/v1/agents/${username}` })).json().assignedCount;
  const registerVisitor = async (department?: string) => {
    const token = visitorToken('rc-widget');
    const res = await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: department ? { department } : {} });
    if (res.statusCode !== 200) throw new Error(`visitor: ${res.statusCode} ${res.body}`);
    return token;
  };

  beforeAll(async () => {
    t = await startTestApp();
    sales = await createDepartment(t, 'RC Sales');
    empty = await createDepartment(t, 'RC Nobody');
    await putAgent('rc.ann', { departmentIds: [sales] });
    await putAgent('rc.bob', { departmentIds: [sales] });
  });
  afterAll(() => t?.close());

  describe('GET livechat/config', () => {
    it('is public and carries the enabled triggers as {_id, actions, conditions, runOnce}, never a service URL, timeout or fallback', async () => {
      const shown = await createTrigger(t, {
        runOnce: true,
        conditions: [timeOnSite(5), afterRegistration()],
        actions: [
          sendMessage('Hello', queueSender()),
          useExternalService('https://crm.example/secret-path', { timeout: 2000, fallback: 'Sorry', sender: customSender('Bot') }),
        ],
      });
      const hidden = await createTrigger(t, { enabled: false });
      const res = await t.inject({ url: CONFIG, headers: { origin: 'https://shop.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const body = expectRcJson(res);
      expect(body).toMatchObject({ config: { enabled: true, triggers: expect.any(Array) }, success: true });
      expect(body.config.triggers.find((x: { _id: string }) => x._id === shown.id)).toEqual({
        _id: shown.id,
        actions: [
          { name: 'send-message', params: { sender: 'queue', msg: 'Hello' } },
          { name: 'use-external-service', params: { sender: 'custom', name: 'Bot' } },
        ],
        conditions: [
          { name: 'time-on-site', value: '5' },
          { name: 'after-guest-registration', value: '' },
        ],
        runOnce: true,
      });
      expect(body.config.triggers.some((x: { _id: string }) => x._id === hidden.id)).toBe(false);
      expect(res.body).not.toMatch(/serviceUrl|serviceTimeout|serviceFallbackMessage|secret-path|Sorry/);
    });

    it('lists the same triggers in the same order as the native widget config, and follows writes at once', async () => {
      const ids = async () => ({
        rc: (await t.inject({ url: CONFIG })).json().config.triggers.map((x: { _id: string }) => x._id),
        native: (await t.inject({ url: '/v1/widget/config' })).json().triggers.map((x: { id: string }) => x.id),
      });
      const created = await createTrigger(t, { priority: 1 });
      const after = await ids();
      expect(after.rc).toEqual(after.native);
      expect(after.rc[0]).toBe(created.id);
      await t.asManager({ method: 'DELETE', url: `/v1/triggers/${created.id}` });
      const deleted = await ids();
      expect(deleted.rc).toEqual(deleted.native);
      expect(deleted.rc).not.toContain(created.id);
    });

    it('accepts token, department and businessUnit; any other parameter is invalid-params', async () => {
      expect((await t.inject({ url: `${CONFIG}?token=abc&department=d&businessUnit=b` })).statusCode).toBe(200);
      expectInvalidParams(await t.inject({ url: `${CONFIG}?other=1` }));
    });
  });

  describe('GET livechat/agent.next/:token (Rocket.Chat 01-agents, adapted)', () => {
    it('E1 (DESIGN §7.2): a token of no known visitor gets an agent, and the visitor is stored so the pick stays with it', async () => {
      const token = visitorToken('rc-never-seen');
      const before = (await assigned('rc.ann')) + (await assigned('rc.bob'));
      const first = expectRcJson(await t.inject({ url: agentNext(token) }));
      expect(first).toEqual({ agent: expect.objectContaining({ username: expect.stringMatching(/^rc\.(ann|bob)$/) }), success: true });
      expect((await assigned('rc.ann')) + (await assigned('rc.bob'))).toBe(before + 1);
      expect((await t.inject({ url: agentNext(token) })).json().agent.username).toBe(first.agent.username);
      expect((await assigned('rc.ann')) + (await assigned('rc.bob'))).toBe(before + 1);
    });

    it('a malformed token is invalid-params, and nothing is picked or stored', async () => {
      const before = (await assigned('rc.ann')) + (await assigned('rc.bob'));
      for (const token of ['short', 'has%20space1', 'x'.repeat(129)]) expectInvalidParams(await t.inject({ url: agentNext(token) }));
      expect((await assigned('rc.ann')) + (await assigned('rc.bob'))).toBe(before);
    });

    it('E2: a known visitor with an available agent gets {agent: {_id, username, name, status}}, _id being the username', async () => {
      const token = await registerVisitor(sales);
      const res = await t.inject({ url: agentNext(token), headers: { origin: 'https://shop.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const body = expectRcJson(res);
      expect(body).toEqual({
        agent: { _id: expect.stringMatching(/^rc\.(ann|bob)$/), username: body.agent._id, name: body.agent._id.toUpperCase(), status: 'online' },
        success: true,
      });
    });

    it('E3 (no Manual_Selection here): nobody available in the department asked for answers 400 {success: false, error: "agent-not-found"}', async () => {
      const token = await registerVisitor();
      expect(expectRcFailure(await t.inject({ url: agentNext(token, empty) }), 400)).toEqual({ success: false, error: 'agent-not-found' });
    });

    it('a department id we do not know counts as absent (DESIGN §7.2)', async () => {
      const token = await registerVisitor();
      for (const department of ['00000000-0000-4000-8000-000000000000', 'not-a-department-id', '']) {
        expect(expectRcJson(await t.inject({ url: agentNext(token, department) })).agent.username).toMatch(/^rc\.(ann|bob)$/);
      }
    });

    it('records a pick, then keeps the agent for that visitor (sticky, no new pick); the next visitor gets the next agent', async () => {
      const first = await registerVisitor(sales);
      const before = { ann: await assigned('rc.ann'), bob: await assigned('rc.bob') };
      const agent = (await t.inject({ url: agentNext(first) })).json().agent.username;
      const other = agent === 'rc.ann' ? 'rc.bob' : 'rc.ann';
      const picked = { ann: await assigned('rc.ann'), bob: await assigned('rc.bob') };
      expect(picked.ann + picked.bob).toBe(before.ann + before.bob + 1);
      for (let i = 0; i < 3; i++) expect((await t.inject({ url: agentNext(first) })).json().agent.username).toBe(agent);
      expect((await assigned('rc.ann')) + (await assigned('rc.bob'))).toBe(picked.ann + picked.bob);
      expect((await t.inject({ url: agentNext(await registerVisitor(sales)) })).json().agent.username).toBe(other);
    });

    it("routes in the department asked for, else the visitor's own", async () => {
      await putAgent('rc.cid', { departmentIds: [] });
      const support = await createDepartment(t, 'RC Support');
      await putAgent('rc.dee', { departmentIds: [support] });
      expect((await t.inject({ url: agentNext(await registerVisitor(sales), support) })).json().agent.username).toBe('rc.dee');
      expect((await t.inject({ url: agentNext(await registerVisitor(support)) })).json().agent.username).toBe('rc.dee');
      expect((await t.inject({ url: agentNext(await registerVisitor(support), sales) })).json().agent.username).toMatch(/^rc\.(ann|bob)$/);
    });

    it('is the same sender a queue trigger impersonates for that visitor', async () => {
      // an unregistered visitor (registered ones see only after-guest-registration triggers), made by its first event
      const token = visitorToken('rc-unregistered');
      expect((await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/' })).json().fired).toEqual([]);
      const agent = (await t.inject({ url: agentNext(token) })).json().agent;
      await createTrigger(t, { conditions: [pageUrl('/rc-sticky-check')], actions: [sendMessage('Hi', queueSender())] });
      const fired = (await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/rc-sticky-check' })).json().fired;
      expect(fired[0].actions[0].sender).toEqual({ type: 'queue', username: agent.username, name: agent.name });
    });

    it('refuses unknown query parameters', async () => {
      expectInvalidParams(await t.inject({ url: `${agentNext(await registerVisitor())}&x=1`.replace('&', '?') }));
    });
  });

  describe('POST livechat/page.visited', () => {
    const PAGE_VISITED = '/api/v1/livechat/page.visited';
    const body = { token: 'page-visitor-1', rid: null, pageInfo: { change: 'url', title: 'Pricing', location: { href: 'https://shop.example/pricing' } } };

    it('is public and answered as Rocket.Chat answers a visitor without a room, with CORS; its preflight too', async () => {
      const res = await t.inject({ method: 'POST', url: PAGE_VISITED, payload: body, headers: { origin: 'https://shop.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(expectRcJson(res)).toEqual({ success: true });
      const preflight = await t.inject({
        method: 'OPTIONS',
        url: PAGE_VISITED,
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
    });

    it('refuses what Rocket.Chat refuses: no token, no pageInfo, wrong types, unknown fields', async () => {
      for (const payload of [
        { pageInfo: body.pageInfo },
        { token: 'page-visitor-1' },
        { ...body, token: 42 },
        { ...body, pageInfo: { change: 'url', title: 'x' } },
        { ...body, extra: true },
      ]) {
        expectInvalidParams(await t.inject({ method: 'POST', url: PAGE_VISITED, payload }));
      }
    });
  });
});
