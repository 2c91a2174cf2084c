import { pageUrl, sendMessage } from '../support/builders';
import { createTrigger, upsertAgent, visitorToken } from '../support/factories';
import { delayed, type FakeUpstream, sendJson, startFakeUpstream, trickle, type UpstreamHandler } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, expectRcJson } from './rocketchat-fixtures';

const CONFIG = '/api/v1/livechat/config';
const SETTINGS = '/v1/settings/livechat';

/** The keys of Rocket.Chat's widget config that its widget reads (ROCKETCHAT.md §2.9). */
const ROCKET_CHAT_KEYS = ['enabled', 'settings', 'theme', 'messages', 'survey', 'triggers', 'departments', 'resources', 'online'];

describe(`Rocket.Chat surface: the whole widget config and its settings (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  describe('answered locally', () => {
    let t: TestApp;
    let sales: string;
    let quiet: string;

    const config = async (query = '') => expectRcJson(await t.inject({ url: `${CONFIG}${query}` })).config;
    const register = async (body: Record<string, unknown>) => {
      const token = visitorToken('rc-config');
      const res = await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: body });
      if (res.statusCode !== 200) throw new Error(`visitor: ${res.statusCode} ${res.body}`);
      return token;
    };

    beforeAll(async () => {
      t = await startTestApp();
      sales = await createDepartment(t, 'Config Sales');
      quiet = await createDepartment(t, 'config quiet');
      await createDepartment(t, 'Config Empty'); // no members: not offered
      await upsertAgent(t, 'cfg.ann', { name: 'Ann', status: 'online', available: true, departmentIds: [sales] });
      await upsertAgent(t, 'cfg.zed', { name: 'Zed', status: 'offline', available: true, departmentIds: [quiet] });
    });
    afterAll(() => t?.close());

    it("has every key Rocket.Chat's widget reads, with Rocket.Chat's defaults", async () => {
      const body = expectRcJson(await t.inject({ url: CONFIG }));
      expect(body.success).toBe(true);
      expect(Object.keys(body.config)).toEqual(expect.arrayContaining(ROCKET_CHAT_KEYS));
      expect(body.config).toMatchObject({
        enabled: true,
        settings: { registrationForm: true, displayOfflineForm: true, nameFieldRegistrationForm: true, emailFieldRegistrationForm: true, language: '' },
        theme: { title: 'Rocket.Chat', color: '#C1272D', offlineTitle: 'Leave a message', offlineColor: '#666666', position: 'right' },
        messages: expect.objectContaining({ offlineMessage: '', registrationFormMessage: '' }),
        survey: { items: expect.any(Array), values: ['1', '2', '3', '4', '5'] },
        resources: { sound: expect.any(String), emojis: [] },
        online: true,
      });
      expect(body.config.guest).toBeUndefined();
    });

    it("lists enabled departments with members in Rocket.Chat's projection, by name case-insensitively", async () => {
      const { departments } = await config();
      expect(departments).toEqual([
        { _id: quiet, name: 'config quiet', showOnRegistration: true, showOnOfflineForm: true, departmentsAllowedToForward: [] },
        { _id: sales, name: 'Config Sales', showOnRegistration: true, showOnOfflineForm: true, departmentsAllowedToForward: [] },
      ]);
    });

    it('is online when an agent is available, in ?department= when given; an unknown department has nobody', async () => {
      expect((await config()).online).toBe(true);
      expect((await config(`?department=${sales}`)).online).toBe(true);
      expect((await config(`?department=${quiet}`)).online).toBe(false);
      expect((await config('?department=00000000-0000-4000-8000-000000000000')).online).toBe(false);
      expect((await config('?department=not-an-id')).online).toBe(false);
      expect((await config('?department=')).online).toBe(true);
    });

    it('follows availability at once: an agent going away takes the department offline, includeAwayAgents brings it back', async () => {
      await upsertAgent(t, 'cfg.ann', { name: 'Ann', status: 'away', available: true, departmentIds: [sales] });
      expect((await config(`?department=${sales}`)).online).toBe(false);
      await t.asManager({ method: 'PUT', url: '/v1/settings/routing', payload: { includeAwayAgents: true } });
      expect((await config(`?department=${sales}`)).online).toBe(true);
      await t.asManager({ method: 'PUT', url: '/v1/settings/routing', payload: {} });
      await upsertAgent(t, 'cfg.ann', { name: 'Ann', status: 'online', available: true, departmentIds: [sales] });
      expect((await config(`?department=${sales}`)).online).toBe(true);
    });

    it('carries guest for a registered visitor only, never for a visitor known by its events alone', async () => {
      const registered = await register({ name: 'Grace', email: 'grace@example.com', department: sales });
      expect((await config(`?token=${registered}`)).guest).toEqual({
        _id: registered,
        token: registered,
        name: 'Grace',
        visitorEmails: [{ address: 'grace@example.com' }],
        department: sales,
      });
      const seen = visitorToken('rc-config-seen');
      await t.inject({ method: 'POST', url: `/v1/widget/visitors/${seen}/events`, payload: { type: 'page-view', url: 'https://shop.example/' } });
      expect((await config(`?token=${seen}`)).guest).toBeUndefined();
      for (const token of [visitorToken('rc-config-unknown'), 'bad token', '']) {
        expect((await config(`?token=${encodeURIComponent(token)}`)).guest).toBeUndefined();
      }
    });

    it('lists the triggers Rocket.Chat can express and nothing of their secrets', async () => {
      const trigger = await createTrigger(t, { conditions: [pageUrl('/rc-config-page')], actions: [sendMessage('Welcome!')] });
      const listed = (await config()).triggers.find((x: { _id: string }) => x._id === trigger.id);
      expect(listed).toEqual({
        _id: trigger.id,
        actions: [{ name: 'send-message', params: expect.objectContaining({ msg: 'Welcome!' }) }],
        conditions: [{ name: 'page-url', value: '/rc-config-page' }],
        runOnce: false,
      });
    });

    describe('GET/PUT /v1/settings/livechat', () => {
      afterEach(() => t.asManager({ method: 'PUT', url: SETTINGS, payload: {} }));

      it('reads the defaults, replaces (omitted fields take their defaults), and the config follows at once', async () => {
        expect((await t.asViewer({ url: SETTINGS })).json()).toEqual({
          enabled: true,
          title: 'Rocket.Chat',
          color: '#C1272D',
          registrationForm: true,
          offlineForm: true,
          language: null,
        });
        const put = await t.asManager({
          method: 'PUT',
          url: SETTINGS,
          payload: { title: 'Shop help', color: '#0A7C4B', registrationForm: false, offlineForm: false, language: 'pt-br' },
        });
        expect(put.statusCode).toBe(200);
        expect(put.json()).toEqual({ enabled: true, title: 'Shop help', color: '#0A7C4B', registrationForm: false, offlineForm: false, language: 'pt-BR' });
        const body = await config();
        expect(body.theme).toMatchObject({ title: 'Shop help', color: '#0A7C4B' });
        expect(body.settings).toMatchObject({ registrationForm: false, displayOfflineForm: false, language: 'pt-BR' });
        expect((await t.asManager({ method: 'PUT', url: SETTINGS, payload: { title: 'Only the title' } })).json()).toMatchObject({
          title: 'Only the title',
          color: '#C1272D',
          language: null,
        });
      });

      it('enabled: false answers {config: {enabled: false}, success: true}', async () => {
        await t.asManager({ method: 'PUT', url: SETTINGS, payload: { enabled: false } });
        expect(expectRcJson(await t.inject({ url: CONFIG }))).toEqual({ config: { enabled: false }, success: true });
      });

      it('refuses bad input with every problem at its path, and changes nothing', async () => {
        const res = await t.asManager({
          method: 'PUT',
          url: SETTINGS,
          payload: { enabled: 'yes', title: '   ', color: 'red', registrationForm: null, language: 'not a tag!', extra: 1 },
        });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const paths = res.json().errors.map((e: { path: string }) => e.path);
        expect(paths).toEqual(expect.arrayContaining(['enabled', 'title', 'color', 'registrationForm', 'language']));
        for (const payload of [{ title: 'x'.repeat(101) }, { color: '#12345' }, { language: 42 }, { offlineForm: 'true' }]) {
          expect((await t.asManager({ method: 'PUT', url: SETTINGS, payload })).statusCode).toBe(400);
        }
        expect((await t.asViewer({ url: SETTINGS })).json().title).toBe('Rocket.Chat');
      });

      it('viewers read, managers write, nobody else', async () => {
        expect((await t.inject({ url: SETTINGS })).statusCode).toBe(401);
        expect((await t.asViewer({ method: 'PUT', url: SETTINGS, payload: {} })).statusCode).toBe(403);
      });
    });
  });

  describe('with ROCKETCHAT_URL', () => {
    let t: TestApp;
    let upstream: FakeUpstream;
    let sales: string;
    const rocketChatConfig = (extra: Record<string, unknown> = {}) => ({
      config: {
        enabled: true,
        settings: { registrationForm: false, fromRocketChat: true },
        theme: { title: 'Upstream title', color: '#123456' },
        messages: { offlineMessage: 'We are away' },
        survey: { items: [], values: [] },
        triggers: [{ _id: 'rocketchat-own', actions: [], conditions: [], runOnce: false }],
        departments: [{ _id: 'rc-dept', name: 'RC Dept', showOnRegistration: true, showOnOfflineForm: true, departmentsAllowedToForward: [] }],
        resources: { sound: 'https://chat.example/sounds/chime.mp3', emojis: [] },
        online: false,
        guest: { _id: 'someone-else', token: 'someone-else' },
        room: { _id: 'room' },
        agent: { _id: 'agent' },
        ...extra,
      },
      success: true,
    });

    beforeAll(async () => {
      upstream = await startFakeUpstream((_, response) => sendJson(response, 200, rocketChatConfig()));
      t = await startTestApp({ env: { ROCKETCHAT_URL: upstream.url(''), ROCKETCHAT_TIMEOUT_MS: '300' } });
      sales = await createDepartment(t, 'Upstream Sales');
      await upsertAgent(t, 'up.ann', { name: 'Ann', status: 'online', available: true, departmentIds: [sales] });
    });
    afterAll(async () => {
      await t?.close();
      await upstream?.close();
    });
    beforeEach(() => {
      upstream.reset();
      upstream.handle((_, response) => sendJson(response, 200, rocketChatConfig()));
    });
    // the answer is held a second per (department, businessUnit): each test asks with its own businessUnit

    it("answers Rocket.Chat's own config with our triggers, online and guest in it, and its guest, room and agent dropped", async () => {
      const trigger = await createTrigger(t, { conditions: [pageUrl('/upstream-page')] });
      const token = visitorToken('rc-upstream');
      await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: { name: 'Uma' } });
      const { config } = expectRcJson(await t.inject({ url: `${CONFIG}?token=${token}&businessUnit=merge` }));
      expect(config).toMatchObject({ settings: { fromRocketChat: true }, theme: { title: 'Upstream title' }, messages: { offlineMessage: 'We are away' } });
      expect(config.departments).toEqual(rocketChatConfig().config.departments);
      expect(config.triggers.map((x: { _id: string }) => x._id)).toContain(trigger.id);
      expect(config.triggers.map((x: { _id: string }) => x._id)).not.toContain('rocketchat-own');
      expect(config.online).toBe(true);
      expect(config.guest).toEqual({ _id: token, token, name: 'Uma' });
      expect(config.room).toBeUndefined();
      expect(config.agent).toBeUndefined();
    });

    it('never sends the visitor token upstream; asks with department and businessUnit; holds each answer a second', async () => {
      const token = visitorToken('rc-upstream-private');
      for (let i = 0; i < 3; i++) await t.inject({ url: `${CONFIG}?token=${token}&department=${sales}&businessUnit=bu-1` });
      await t.inject({ url: `${CONFIG}?token=${token}&businessUnit=bu-2` });
      expect(upstream.requests.map((r) => r.url)).toEqual([
        `/api/v1/livechat/config?department=${sales}&businessUnit=bu-1`,
        '/api/v1/livechat/config?businessUnit=bu-2',
      ]);
      for (const request of upstream.requests) {
        expect(request.url).not.toContain(token);
        expect(JSON.stringify(request.headers)).not.toMatch(/token|signature|secret/i);
      }
    });

    it('answers locally when Rocket.Chat fails, is slow, answers too much or something that is not its config', async () => {
      const answering =
        (status: number, body: unknown): UpstreamHandler =>
        (_, response) =>
          sendJson(response, status, body);
      const failures = [
        answering(500, { success: false }),
        answering(200, { success: true, config: { enabled: true } }),
        answering(200, '<html>not json</html>'),
        answering(200, rocketChatConfig({ padding: 'x'.repeat(1024 * 1024) })),
        delayed(2_000),
        trickle(50),
      ];
      for (const [i, failure] of failures.entries()) {
        upstream.handle(failure);
        const { config } = expectRcJson(await t.inject({ url: `${CONFIG}?businessUnit=failure-${i}` }));
        expect(config.theme.title).toBe('Rocket.Chat');
        expect(config.settings.fromRocketChat).toBeUndefined();
        expect(config.online).toBe(true);
      }
    });

    it('a Rocket.Chat widget disabled upstream stays disabled, and so does ours', async () => {
      upstream.handle((_, response) => sendJson(response, 200, { config: { enabled: false }, success: true }));
      expect(expectRcJson(await t.inject({ url: `${CONFIG}?businessUnit=off` }))).toEqual({ config: { enabled: false }, success: true });
      upstream.handle((_, response) => sendJson(response, 200, rocketChatConfig()));
      await t.asManager({ method: 'PUT', url: SETTINGS, payload: { enabled: false } });
      expect(expectRcJson(await t.inject({ url: `${CONFIG}?businessUnit=on` }))).toEqual({ config: { enabled: false }, success: true });
      await t.asManager({ method: 'PUT', url: SETTINGS, payload: {} });
    });
  });
});
