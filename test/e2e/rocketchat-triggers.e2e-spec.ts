import { createTrigger, uniqueName } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { asRcAdmin, asRcViewer, createRcTrigger, expectInvalidParams, expectRcFailure, expectRcJson, rcHeaders } from './rocketchat-fixtures';

const TRIGGERS = '/api/v1/livechat/triggers';

/** The fully valid body of Rocket.Chat's B17/B18 cases. */
const validBody = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName('rc'),
  description: 'test',
  enabled: true,
  runOnce: true,
  conditions: [{ name: 'page-url', value: 'http://localhost:3000' }],
  actions: [{ name: 'send-message', params: { sender: 'custom', msg: 'test', name: 'test' } }],
  ...overrides,
});

describe(`Rocket.Chat surface: livechat/triggers (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  const post = (payload: unknown) => asRcAdmin(t, { method: 'POST', url: TRIGGERS, payload: payload as object });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  describe('GET livechat/triggers (Rocket.Chat 08-triggers A)', () => {
    it('A1: a user without view-livechat-manager (a viewer key) gets 403 JSON', async () => {
      const res = await asRcViewer(t, { url: TRIGGERS });
      expectRcFailure(res, 403, 'User does not have the permissions required for this action [error-unauthorized]');
    });

    it("A2: lists triggers in Rocket.Chat's shape with count, offset and total", async () => {
      await createRcTrigger(t, validBody({ runOnce: false }));
      const res = await asRcAdmin(t, { url: TRIGGERS });
      expect(res.statusCode).toBe(200);
      const body = expectRcJson(res);
      expect(body.success).toBe(true);
      expect(Array.isArray(body.triggers)).toBe(true);
      expect(body.count).toBeGreaterThan(0);
      expect(body).toHaveProperty('offset', 0);
      expect(body).toHaveProperty('total');
      const [first] = body.triggers;
      expect(first).toEqual({
        _id: expect.any(String),
        name: expect.any(String),
        description: expect.any(String),
        enabled: true,
        runOnce: expect.any(Boolean),
        conditions: expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]),
        actions: expect.arrayContaining([expect.objectContaining({ name: expect.any(String), params: expect.any(Object) })]),
        _updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    });

    it('paginates with count and offset, sorts by name unless sort says otherwise', async () => {
      for (const name of ['rc-sort-b', 'rc-sort-a', 'rc-sort-c']) await createRcTrigger(t, validBody({ name }));
      const names = async (query: string) => (await asRcAdmin(t, { url: `${TRIGGERS}?${query}` })).json().triggers.map((x: { name: string }) => x.name);
      const all: string[] = await names('count=100');
      expect([...all]).toEqual([...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(await names(`count=100&sort=${encodeURIComponent('{"name":-1}')}`)).toEqual([...all].reverse());
      const page = (await asRcAdmin(t, { url: `${TRIGGERS}?count=1&offset=1` })).json();
      expect(page).toMatchObject({ count: 1, offset: 1, total: all.length, success: true });
      expect(page.triggers.map((x: { name: string }) => x.name)).toEqual([all[1]]);
    });

    it('answers invalid-params for an unknown query parameter, a bad count or a bad sort', async () => {
      for (const query of [
        'query=%7B%7D',
        'fields=%7B%7D',
        'count=abc',
        'offset=-1',
        'sort=name',
        `sort=${encodeURIComponent('{"nope":1}')}`,
        `sort=${encodeURIComponent('{"name":2}')}`,
      ]) {
        expectInvalidParams(await asRcAdmin(t, { url: `${TRIGGERS}?${query}` }));
      }
    });

    it('caps count at 100, and count=0 means as many as allowed', async () => {
      expect((await asRcAdmin(t, { url: `${TRIGGERS}?count=500` })).statusCode).toBe(200);
      expect((await asRcAdmin(t, { url: `${TRIGGERS}?count=0` })).statusCode).toBe(200);
    });
  });

  describe('POST livechat/triggers (Rocket.Chat 08-triggers B)', () => {
    const base = { name: 'test', description: 'test', enabled: true, runOnce: true };
    const cases: [string, unknown][] = [
      ['B2: empty body', {}],
      ['B3: partial body', { name: 'test' }],
      ['B4: name not a string', { ...base, name: 1, conditions: [], actions: [] }],
      ['B5: description not a string', { ...base, description: 1, conditions: [], actions: [] }],
      ['B6: enabled not a boolean', { ...base, enabled: 1, conditions: [], actions: [] }],
      ['B7: runOnce not a boolean', { ...base, runOnce: 1, conditions: [], actions: [] }],
      ['B8: conditions not an array', { ...base, conditions: 1, actions: [] }],
      ['B9: actions not an array', { ...base, conditions: [], actions: 1 }],
      ['B10: a condition that is not an object', { ...base, conditions: [1], actions: [] }],
      ['B11: a condition with an unknown name', { ...base, conditions: [{ name: 'invalid' }], actions: [] }],
      ['B12: an action that is not an object', { ...base, conditions: [{ name: 'page-url' }], actions: [1] }],
      ['B13: an action with an unknown name', { ...base, conditions: [{ name: 'page-url', value: 'http://localhost:3000' }], actions: [{ name: 'invalid' }] }],
      ['B14: an unknown sender', { ...base, conditions: [{ name: 'page-url' }], actions: [{ name: 'send-message', params: { sender: 'invalid' } }] }],
      [
        'B15: no msg',
        { ...base, conditions: [{ name: 'page-url', value: 'http://localhost:3000' }], actions: [{ name: 'send-message', params: { sender: 'custom' } }] },
      ],
      [
        'B16: params.name not a string',
        {
          ...base,
          conditions: [{ name: 'page-url', value: 'http://localhost:3000' }],
          actions: [{ name: 'send-message', params: { sender: 'custom', msg: 'test', name: {} } }],
        },
      ],
      ...(['serviceUrl', 'serviceTimeout', 'serviceFallbackMessage'] as const).map((missing, i): [string, unknown] => {
        const params: Record<string, unknown> = {
          serviceUrl: 'http://localhost:3000/api/vX',
          serviceTimeout: 5000,
          serviceFallbackMessage: 'Were sorry, we cannot complete your request',
        };
        delete params[missing];
        return [
          `B${19 + i}: use-external-service without ${missing}`,
          { ...validBody({ name: 'test2' }), actions: [{ name: 'use-external-service', params }] },
        ];
      }),
      ['an unknown top-level property', { ...validBody(), priority: 5 }],
      ['an unknown condition property', { ...validBody(), conditions: [{ name: 'page-url', value: 'x', extra: 1 }] }],
      [
        'an unknown params property',
        { ...validBody(), actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'hi', serviceUrl: 'http://x.example' } }] },
      ],
      ['a condition without value', { ...validBody(), conditions: [{ name: 'chat-opened-by-visitor' }] }],
      ['no conditions (minItems 1)', validBody({ conditions: [] })],
      ['no actions (minItems 1)', validBody({ actions: [] })],
    ];

    it("B1: without credentials answers 401 in Rocket.Chat's envelope", async () => {
      const res = await t.inject({ method: 'POST', url: TRIGGERS, payload: {} });
      const body = expectRcFailure(res, 401, 'You must be logged in to do this.');
      expect(body).toEqual({ success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' });
    });

    it('401 with a token but no X-User-Id, with an unknown token, or with a Bearer key only', async () => {
      for (const headers of [
        { 'x-auth-token': rcHeaders()['x-auth-token'] },
        { 'x-user-id': 'u', 'x-auth-token': 'not-a-key-0123456789' },
        { authorization: `Bearer ${rcHeaders()['x-auth-token']}` },
      ]) {
        expectRcFailure(await t.inject({ method: 'POST', url: TRIGGERS, payload: validBody(), headers }), 401);
      }
    });

    it.each(cases)('%s → 400 invalid-params', async (_name, payload) => {
      expectInvalidParams(await post(payload));
    });

    it('B17: a user without the permission gets 403 for a fully valid body, and nothing is saved', async () => {
      const body = validBody();
      expectRcFailure(await asRcViewer(t, { method: 'POST', url: TRIGGERS, payload: body }), 403);
      expect((await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent(body.name)}` })).json().total).toBe(0);
    });

    it('B18: saves a send-message trigger: 200 {success: true}', async () => {
      const body = validBody();
      const res = await post(body);
      expect(res.statusCode).toBe(200);
      expect(expectRcJson(res)).toEqual({ success: true });
      const native = (await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent(body.name)}` })).json().items[0];
      expect(native).toMatchObject({ name: body.name, description: 'test', enabled: true, runOnce: true, priority: 100, match: 'all' });
      expect(native.actions).toEqual([{ name: 'send-message', params: { sender: 'custom', name: 'test', msg: 'test' } }]);
    });

    it('B22: saves an external-service trigger', async () => {
      const params = {
        serviceUrl: 'http://localhost:3000/api/vX',
        serviceTimeout: 5000,
        serviceFallbackMessage: 'Were sorry, we cannot complete your request',
      };
      const body = validBody({ name: uniqueName('test3'), actions: [{ name: 'use-external-service', params }] });
      expect(expectRcJson(await post(body))).toEqual({ success: true });
      const native = (await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent(body.name)}` })).json().items[0];
      expect(native.actions).toEqual([{ name: 'use-external-service', params: { sender: 'queue', ...params } }]);
    });

    it('accepts and drops a value on edge conditions, and takes time on site as a numeric string', async () => {
      const body = validBody({
        conditions: [
          { name: 'time-on-site', value: '5' },
          { name: 'chat-opened-by-visitor', value: 'anything' },
          { name: 'after-guest-registration', value: '' },
        ],
        actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'hi', name: '' } }],
      });
      expect((await post(body)).statusCode).toBe(200);
      const native = (await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent(body.name)}` })).json().items[0];
      expect(native.conditions).toEqual([
        { name: 'time-on-site', value: 5 },
        { name: 'chat-opened-by-visitor', value: null },
        { name: 'after-guest-registration', value: null },
      ]);
      expect(native.actions).toEqual([{ name: 'send-message', params: { sender: 'queue', msg: 'hi' } }]);
    });

    it("applies the native model's own rules as invalid-params: regex, name length, service URL and timeout", async () => {
      const external = (params: object) => [
        { name: 'use-external-service', params: { serviceUrl: 'https://crm.example/x', serviceTimeout: 5000, serviceFallbackMessage: '', ...params } },
      ];
      const refused: [object, string][] = [
        [validBody({ conditions: [{ name: 'page-url', value: '(unclosed' }] }), 'conditions[0].value'],
        [validBody({ name: 'x'.repeat(201) }), 'name'],
        [validBody({ name: '   ' }), 'name'],
        [validBody({ actions: external({ serviceUrl: 'not a url' }) }), 'actions[0].params.serviceUrl'],
        [validBody({ actions: external({ serviceTimeout: 10 }) }), 'actions[0].params.serviceTimeout'],
        [validBody({ conditions: [{ name: 'time-on-site', value: 'soon' }] }), 'conditions[0].value'],
        [validBody({ actions: [{ name: 'send-message', params: { sender: 'custom', msg: 'hi' } }] }), 'actions[0].params.name'],
      ];
      for (const [payload, path] of refused) {
        const body = expectInvalidParams(await post(payload));
        expect(body.error).toContain(path);
      }
    });

    it('a duplicate name is a 400 with errorType trigger-name-taken', async () => {
      const body = validBody();
      expect((await post(body)).statusCode).toBe(200);
      const res = await post({ ...body, name: body.name.toUpperCase() });
      const failure = expectRcFailure(res, 400, / \[trigger-name-taken\]$/);
      expect(failure.errorType).toBe('trigger-name-taken');
    });

    it('updates the trigger `_id` names, keeping the native priority and match', async () => {
      const created = await createTrigger(t, { priority: 7, match: 'any' });
      const body = validBody({ _id: created.id, enabled: false, description: 'edited from Rocket.Chat' });
      expect(expectRcJson(await post(body))).toEqual({ success: true });
      const native = (await t.asViewer({ url: `/v1/triggers/${created.id}` })).json();
      expect(native).toMatchObject({
        name: body.name,
        description: 'edited from Rocket.Chat',
        enabled: false,
        priority: 7,
        match: 'any',
        version: created.version + 1,
      });
    });

    it('an unknown `_id` (a uuid or not) answers 200 and changes nothing', async () => {
      const before = (await t.asViewer({ url: '/v1/triggers' })).json().total;
      for (const _id of ['00000000-0000-4000-8000-000000000000', 'invalid-id']) {
        expect(expectRcJson(await post(validBody({ _id })))).toEqual({ success: true });
      }
      expect((await t.asViewer({ url: '/v1/triggers' })).json().total).toBe(before);
    });

    it('an empty or null `_id` creates', async () => {
      for (const _id of [null, '']) {
        const body = validBody({ _id });
        expect((await post(body)).statusCode).toBe(200);
        expect((await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent(body.name)}` })).json().total).toBe(1);
      }
    });

    it('accepts null params and a null sender name as "not given" (then the native rules decide)', async () => {
      // Rocket.Chat's schema lets params be null; the native model then wants a message
      expect(expectInvalidParams(await post(validBody({ actions: [{ name: 'send-message', params: null }] }))).error).toMatch(/^actions\[0\]\.params\.msg: /);
      expect((await post(validBody({ actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'hi', name: null } }] }))).statusCode).toBe(200);
    });
  });

  describe('GET livechat/triggers/:_id (Rocket.Chat 08-triggers D)', () => {
    it('D1: a user without the permission gets 403 JSON', async () => {
      expectRcFailure(await asRcViewer(t, { url: `${TRIGGERS}/invalid-id` }), 403);
    });

    it('D2: an unknown id answers 200 with trigger null', async () => {
      for (const id of ['invalid-id', '00000000-0000-4000-8000-000000000000']) {
        const res = await asRcAdmin(t, { url: `${TRIGGERS}/${id}` });
        expect(res.statusCode).toBe(200);
        expect(expectRcJson(res)).toEqual({ success: true, trigger: null });
      }
    });

    it('D3: reads a trigger found in the list by its _id', async () => {
      const name = `test${Date.now()}`;
      await createRcTrigger(t, validBody({ name }));
      const listed = (await asRcAdmin(t, { url: `${TRIGGERS}?count=100` })).json().triggers.find((x: { name: string }) => x.name === name);
      const res = await asRcAdmin(t, { url: `${TRIGGERS}/${listed._id}` });
      expect(res.statusCode).toBe(200);
      const body = expectRcJson(res);
      expect(body.success).toBe(true);
      expect(body.trigger).toEqual(listed);
    });
  });

  describe('DELETE livechat/triggers/:_id', () => {
    it('deletes: the native API then answers 404; deleting again (or an unknown id) still succeeds', async () => {
      const id = await createRcTrigger(t, validBody());
      expect(expectRcJson(await asRcAdmin(t, { method: 'DELETE', url: `${TRIGGERS}/${id}` }))).toEqual({ success: true });
      expect((await t.asViewer({ url: `/v1/triggers/${id}` })).statusCode).toBe(404);
      for (const unknown of [id, 'invalid-id']) {
        expect(expectRcJson(await asRcAdmin(t, { method: 'DELETE', url: `${TRIGGERS}/${unknown}` }))).toEqual({ success: true });
      }
    });

    it('a viewer key gets 403 and nothing is deleted', async () => {
      const id = await createRcTrigger(t, validBody());
      expectRcFailure(await asRcViewer(t, { method: 'DELETE', url: `${TRIGGERS}/${id}` }), 403);
      expect((await t.asViewer({ url: `/v1/triggers/${id}` })).statusCode).toBe(200);
    });
  });

  describe('round trips between the two surfaces', () => {
    it("a native trigger reads in Rocket.Chat's shape, condition values as strings", async () => {
      const created = await createTrigger(t, {
        description: 'native',
        conditions: [{ name: 'time-on-site', value: 30 }, { name: 'page-url', value: '.*/pricing' }, { name: 'chat-opened-by-visitor' }],
        actions: [
          { name: 'send-message', params: { sender: 'queue', msg: 'Hello' } },
          {
            name: 'use-external-service',
            params: { sender: 'custom', name: 'Bot', serviceUrl: 'https://crm.example/hook', serviceTimeout: 2000, serviceFallbackMessage: 'Sorry' },
          },
        ],
      });
      const trigger = (await asRcAdmin(t, { url: `${TRIGGERS}/${created.id}` })).json().trigger;
      expect(trigger).toEqual({
        _id: created.id,
        name: created.name,
        description: 'native',
        enabled: true,
        runOnce: false,
        conditions: [
          { name: 'time-on-site', value: '30' },
          { name: 'page-url', value: '.*/pricing' },
          { name: 'chat-opened-by-visitor', value: '' },
        ],
        actions: [
          { name: 'send-message', params: { sender: 'queue', name: '', msg: 'Hello' } },
          {
            name: 'use-external-service',
            params: { sender: 'custom', name: 'Bot', serviceUrl: 'https://crm.example/hook', serviceTimeout: 2000, serviceFallbackMessage: 'Sorry' },
          },
        ],
        _updatedAt: created.updatedAt,
      });
    });

    it('what Rocket.Chat reads it can post back unchanged (same trigger, native fields kept)', async () => {
      const created = await createTrigger(t, { priority: 3, conditions: [{ name: 'time-on-site', value: 12 }, { name: 'after-guest-registration' }] });
      const { _updatedAt, ...trigger } = (await asRcAdmin(t, { url: `${TRIGGERS}/${created.id}` })).json().trigger;
      expect(_updatedAt).toBe(created.updatedAt);
      expect(expectRcJson(await post(trigger))).toEqual({ success: true });
      const native = (await t.asViewer({ url: `/v1/triggers/${created.id}` })).json();
      expect(native).toMatchObject({ priority: 3, conditions: created.conditions, actions: created.actions, version: created.version + 1 });
    });

    it('a trigger saved through Rocket.Chat reads natively, and its native edits read back', async () => {
      const id = await createRcTrigger(t, validBody({ description: 'from rc' }));
      const patched = await t.asManager({ method: 'PATCH', url: `/v1/triggers/${id}`, payload: { description: 'edited natively' } });
      expect(patched.statusCode).toBe(200);
      const trigger = (await asRcAdmin(t, { url: `${TRIGGERS}/${id}` })).json().trigger;
      expect(trigger).toMatchObject({ _id: id, description: 'edited natively', _updatedAt: patched.json().updatedAt });
    });
  });

  describe('the envelope', () => {
    it('never answers problem+json under /api/v1/livechat', async () => {
      const responses = [
        await t.inject({ url: TRIGGERS }),
        await asRcAdmin(t, { method: 'POST', url: TRIGGERS, payload: '{not json', headers: { 'content-type': 'application/json' } }),
        await asRcAdmin(t, { method: 'POST', url: TRIGGERS, payload: 'text', headers: { 'content-type': 'text/plain' } }),
        await asRcAdmin(t, { method: 'POST', url: TRIGGERS, payload: { ...validBody(), name: 'nul\u0000' } }),
        await asRcAdmin(t, { method: 'POST', url: TRIGGERS, payload: { ...validBody(), description: 'x'.repeat(70 * 1024) } }),
        await asRcAdmin(t, { method: 'PUT', url: TRIGGERS, payload: {} }),
        await asRcAdmin(t, { url: '/api/v1/livechat/no-such-route' }),
      ];
      for (const res of responses) {
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.headers['content-type']).not.toContain('problem+json');
        expectRcFailure(res, res.statusCode);
      }
      expect(responses.map((r) => r.statusCode)).toEqual([401, 400, 415, 400, 413, 404, 404]);
    });

    it('the native API keeps problem+json', async () => {
      const res = await t.inject({ url: '/v1/triggers' });
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });
});
