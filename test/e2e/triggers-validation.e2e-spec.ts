import { noSender, pageUrl, sendMessage } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { errorPaths, expectProblem, triggerBody, type TriggerJson } from './triggers.fixtures';

type Body = Record<string, unknown>;
const withCondition = (condition: unknown): Body => triggerBody({ conditions: [condition] });
const withAction = (action: unknown): Body => triggerBody({ actions: [action] });
const withSendMessage = (params: unknown): Body => withAction({ name: 'send-message', params });
const external = (params: Body): Body => withAction({ name: 'use-external-service', params: { serviceUrl: 'https://crm.example.com/hook', ...params } });
const pageUrls = (count: number) => Array.from({ length: count }, (_, i) => pageUrl(`/page-${i}`));
const messages = (count: number) => Array.from({ length: count }, (_, i) => sendMessage(`m${i}`, noSender()));
const url = (length: number) => `https://crm.example.com/${'a'.repeat(length - 'https://crm.example.com/'.length)}`;

describe(`trigger validation (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const post = (payload: unknown) => t.asManager({ method: 'POST', url: '/v1/triggers', payload: payload as Body });
  async function created(payload: Body): Promise<TriggerJson> {
    const res = await post(payload);
    expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status: 201 });
    return res.json();
  }
  async function refusedAt(payload: unknown, path: string): Promise<string[]> {
    const problem = expectProblem(await post(payload), 400, 'validation-failed');
    expect(errorPaths(problem)).toContain(path);
    return (problem.errors ?? []).filter((error) => error.path === path).map((error) => error.message);
  }

  describe('trigger fields', () => {
    it.each([
      ['a 1-character name', { name: 'a' }],
      ['a 200-character name', { name: 'n'.repeat(200) }],
      ['a 2000-character description', { description: 'd'.repeat(2000) }],
      ['an empty description', { description: '' }],
      ['enabled false', { enabled: false }],
      ['runOnce true', { runOnce: true }],
      ['priority 0', { priority: 0 }],
      ['priority 1000', { priority: 1000 }],
      ['match any', { match: 'any' }],
      ['1 condition', { conditions: pageUrls(1) }],
      ['10 conditions', { conditions: pageUrls(10) }],
      ['1 action', { actions: messages(1) }],
      ['5 actions', { actions: messages(5) }],
    ])('accepts %s', async (_label, fields) => {
      const body = triggerBody(fields);
      const trigger = await created(body);
      // what was given comes back (actions gain their default sender)
      expect(trigger).toMatchObject(fields);
    });

    it.each([
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a 201-character name', { name: 'n'.repeat(201) }, 'name'],
      ['a numeric name', { name: 5 }, 'name'],
      ['a null name', { name: null }, 'name'],
      ['a missing name', { name: undefined }, 'name'],
      ['a 2001-character description', { description: 'd'.repeat(2001) }, 'description'],
      ['a null description', { description: null }, 'description'],
      ['enabled as a string', { enabled: 'true' }, 'enabled'],
      ['enabled null', { enabled: null }, 'enabled'],
      ['runOnce as a number', { runOnce: 1 }, 'runOnce'],
      ['priority -1', { priority: -1 }, 'priority'],
      ['priority 1001', { priority: 1001 }, 'priority'],
      ['priority 1.5', { priority: 1.5 }, 'priority'],
      ['priority "5"', { priority: '5' }, 'priority'],
      ['priority null', { priority: null }, 'priority'],
      ['match "some"', { match: 'some' }, 'match'],
      ['match "ALL"', { match: 'ALL' }, 'match'],
      ['0 conditions', { conditions: [] }, 'conditions'],
      ['11 conditions', { conditions: pageUrls(11) }, 'conditions'],
      ['conditions as an object', { conditions: { name: 'page-url', value: 'a' } }, 'conditions'],
      ['conditions as a string', { conditions: 'page-url' }, 'conditions'],
      ['conditions null', { conditions: null }, 'conditions'],
      ['missing conditions', { conditions: undefined }, 'conditions'],
      ['0 actions', { actions: [] }, 'actions'],
      ['6 actions', { actions: messages(6) }, 'actions'],
      ['actions as an object', { actions: { name: 'send-message' } }, 'actions'],
      ['missing actions', { actions: undefined }, 'actions'],
      ['a condition that is not an object', { conditions: ['page-url'] }, 'conditions[0]'],
      ['a null condition', { conditions: [null] }, 'conditions[0]'],
      ['an action that is an array', { actions: [[]] }, 'actions[0]'],
      ['a condition that is an array', { conditions: [[{ name: 'page-url', value: 'a' }]] }, 'conditions[0]'],
      ['an unknown field at the root', { colour: 'red' }, 'colour'],
      ['an id in the body', { id: '5b0e7a4e-8d8a-4d43-9a53-1d2c8f0e8a11' }, 'id'],
      ['a version in the body', { version: 1 }, 'version'],
      ['a createdAt in the body', { createdAt: '2026-01-01T00:00:00Z' }, 'createdAt'],
      ['an updatedAt in the body', { updatedAt: '2026-01-01T00:00:00Z' }, 'updatedAt'],
    ])('refuses %s', async (_label, fields, path) => {
      await refusedAt(triggerBody(fields), path);
    });

    it('trims the name', async () => {
      expect((await created(triggerBody({ name: '  Spaced out  ' }))).name).toBe('Spaced out');
    });

    it('names each wrong-shaped array once, without noise about its items', async () => {
      const problem = expectProblem(await post(triggerBody({ conditions: {}, actions: 'x' })), 400, 'validation-failed');
      expect(problem.errors).toEqual([
        { path: 'conditions', message: 'conditions must be an array' },
        { path: 'actions', message: 'actions must be an array' },
      ]);
    });

    it.each([
      ['null', 'null'],
      ['an array', '[1]'],
      ['a string', '"trigger"'],
      ['a number', '5'],
    ])('refuses %s as the body', async (_label, raw) => {
      const res = await t.asManager({ method: 'POST', url: '/v1/triggers', payload: raw, headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'validation-failed');
    });
  });

  describe('conditions', () => {
    it.each([
      ['page-url .*/contact', { name: 'page-url', value: '.*/contact' }, '.*/contact'],
      ['page-url of 512 characters', { name: 'page-url', value: 'a'.repeat(512) }, 'a'.repeat(512)],
      ['time-on-site 0', { name: 'time-on-site', value: 0 }, 0],
      ['time-on-site 86400', { name: 'time-on-site', value: 86_400 }, 86_400],
      ['time-on-site "30" (stored as a number)', { name: 'time-on-site', value: '30' }, 30],
      ['chat-opened-by-visitor without value', { name: 'chat-opened-by-visitor' }, null],
      ['chat-opened-by-visitor null', { name: 'chat-opened-by-visitor', value: null }, null],
      ['chat-opened-by-visitor ""', { name: 'chat-opened-by-visitor', value: '' }, null],
      ['after-guest-registration without value', { name: 'after-guest-registration' }, null],
      ['after-guest-registration ""', { name: 'after-guest-registration', value: '' }, null],
    ])('accepts %s', async (_label, condition, stored) => {
      const trigger = await created(withCondition(condition));
      expect(trigger.conditions).toEqual([{ name: condition.name, value: stored }]);
      expect(trigger.warnings).toBeUndefined();
    });

    it.each([
      ['page-url ""', { name: 'page-url', value: '' }, 'conditions[0].value'],
      ['page-url of 513 characters', { name: 'page-url', value: 'a'.repeat(513) }, 'conditions[0].value'],
      ['page-url that RE2 cannot compile', { name: 'page-url', value: '(a' }, 'conditions[0].value'],
      ['page-url with a backreference', { name: 'page-url', value: '(a)\\1' }, 'conditions[0].value'],
      ['page-url over program size 2000', { name: 'page-url', value: 'a{1000}b{1000}' }, 'conditions[0].value'],
      ['page-url as a number', { name: 'page-url', value: 5 }, 'conditions[0].value'],
      ['page-url without value', { name: 'page-url' }, 'conditions[0].value'],
      ['time-on-site -1', { name: 'time-on-site', value: -1 }, 'conditions[0].value'],
      ['time-on-site 86401', { name: 'time-on-site', value: 86_401 }, 'conditions[0].value'],
      ['time-on-site 1.5', { name: 'time-on-site', value: 1.5 }, 'conditions[0].value'],
      ['time-on-site "abc"', { name: 'time-on-site', value: 'abc' }, 'conditions[0].value'],
      ['time-on-site null', { name: 'time-on-site', value: null }, 'conditions[0].value'],
      ['chat-opened-by-visitor "x"', { name: 'chat-opened-by-visitor', value: 'x' }, 'conditions[0].value'],
      ['chat-opened-by-visitor 0', { name: 'chat-opened-by-visitor', value: 0 }, 'conditions[0].value'],
      ['after-guest-registration true', { name: 'after-guest-registration', value: true }, 'conditions[0].value'],
      ['an unknown condition name', { name: 'page-tittle', value: 'x' }, 'conditions[0].name'],
      ['a condition without name', { value: 'x' }, 'conditions[0].name'],
      ['a condition name of the wrong type', { name: 5, value: 'x' }, 'conditions[0].name'],
      ['an unknown field in a condition', { name: 'page-url', value: 'a', regex: true }, 'conditions[0].regex'],
    ])('refuses %s', async (_label, condition, path) => {
      await refusedAt(withCondition(condition), path);
    });

    it('reports only the name of an unknown condition, listing the known ones', async () => {
      const problem = expectProblem(await post(withCondition({ name: 'page-tittle', value: 'x' })), 400, 'validation-failed');
      expect(problem.errors).toEqual([{ path: 'conditions[0].name', message: expect.stringContaining('page-url, time-on-site') }]);
    });

    it('names the refused pattern', async () => {
      const [message] = await refusedAt(withCondition({ name: 'page-url', value: '(unclosed' }), 'conditions[0].value');
      expect(message).toContain('(unclosed');
      expect(message).toMatch(/RE2/);
    });

    it('accepts a backtracking-prone pattern with a warning, which is not stored', async () => {
      const trigger = await created(withCondition({ name: 'page-url', value: '(a+)+$' }));
      expect(trigger.warnings).toEqual([{ code: 'regex-backtracking-risk', message: expect.stringContaining('(a+)+$'), path: 'conditions[0].value' }]);
      const read = await t.asViewer({ url: `/v1/triggers/${trigger.id}` });
      expect(read.json()).not.toHaveProperty('warnings');
    });
  });

  describe('actions', () => {
    it.each([
      ['a 5000-character msg', { msg: 'm'.repeat(5000) }, { sender: 'queue', msg: 'm'.repeat(5000) }],
      ['sender queue, with its name dropped', { sender: 'queue', name: 'Ignored', msg: 'm' }, { sender: 'queue', msg: 'm' }],
      ['no sender (queue by default)', { name: 'Ignored', msg: 'm' }, { sender: 'queue', msg: 'm' }],
      [
        'a custom sender with a 100-character name',
        { sender: 'custom', name: 'b'.repeat(100), msg: 'm' },
        { sender: 'custom', name: 'b'.repeat(100), msg: 'm' },
      ],
      ['a custom sender name, trimmed', { sender: 'custom', name: ' Bot ', msg: 'm' }, { sender: 'custom', name: 'Bot', msg: 'm' }],
    ])('send-message: accepts %s', async (_label, params, stored) => {
      expect((await created(withSendMessage(params))).actions).toEqual([{ name: 'send-message', params: stored }]);
    });

    it.each([
      ['an empty msg', { msg: '' }, 'actions[0].params.msg'],
      ['a 5001-character msg', { msg: 'm'.repeat(5001) }, 'actions[0].params.msg'],
      ['a missing msg', {}, 'actions[0].params.msg'],
      ['a numeric msg', { msg: 5 }, 'actions[0].params.msg'],
      ['an unknown sender', { sender: 'bot', msg: 'm' }, 'actions[0].params.sender'],
      ['a null sender', { sender: null, msg: 'm' }, 'actions[0].params.sender'],
      ['a custom sender without name', { sender: 'custom', msg: 'm' }, 'actions[0].params.name'],
      ['a custom sender with an empty name', { sender: 'custom', name: ' ', msg: 'm' }, 'actions[0].params.name'],
      ['a custom sender with a 101-character name', { sender: 'custom', name: 'b'.repeat(101), msg: 'm' }, 'actions[0].params.name'],
      ['a sender name that is not a string', { sender: 'queue', name: 5, msg: 'm' }, 'actions[0].params.name'],
      ['an external-service field', { msg: 'm', serviceUrl: 'https://x.example' }, 'actions[0].params.serviceUrl'],
      ['an unknown field in params', { msg: 'm', colour: 'red' }, 'actions[0].params.colour'],
    ])('send-message: refuses %s', async (_label, params, path) => {
      await refusedAt(withSendMessage(params), path);
    });

    it.each([
      ['defaults', {}, { sender: 'queue', serviceUrl: 'https://crm.example.com/hook', serviceTimeout: 5000, serviceFallbackMessage: '' }],
      ['serviceTimeout 100', { serviceTimeout: 100 }, { serviceTimeout: 100 }],
      ['serviceTimeout 30000', { serviceTimeout: 30_000 }, { serviceTimeout: 30_000 }],
      ['a 5000-character fallback', { serviceFallbackMessage: 'f'.repeat(5000) }, { serviceFallbackMessage: 'f'.repeat(5000) }],
      ['a 2048-character URL', { serviceUrl: url(2048) }, { serviceUrl: url(2048) }],
      ['a private URL (checked when called, not when saved)', { serviceUrl: 'http://127.0.0.1:9999/x' }, { serviceUrl: 'http://127.0.0.1:9999/x' }],
      ['a custom sender', { sender: 'custom', name: 'CRM' }, { sender: 'custom', name: 'CRM' }],
    ])('use-external-service: accepts %s', async (_label, params, stored) => {
      const [action] = (await created(external(params))).actions;
      expect(action.name).toBe('use-external-service');
      expect(action.params).toMatchObject(stored);
    });

    it.each([
      ['an ftp: URL', { serviceUrl: 'ftp://crm.example.com/x' }, 'serviceUrl'],
      ['a relative URL', { serviceUrl: '/hook' }, 'serviceUrl'],
      ['a URL with userinfo', { serviceUrl: 'https://user:secret@crm.example.com/x' }, 'serviceUrl'],
      ['a 2049-character URL', { serviceUrl: url(2049) }, 'serviceUrl'],
      ['a missing URL', { serviceUrl: undefined }, 'serviceUrl'],
      ['serviceTimeout 99', { serviceTimeout: 99 }, 'serviceTimeout'],
      ['serviceTimeout 30001', { serviceTimeout: 30_001 }, 'serviceTimeout'],
      ['serviceTimeout 1000.5', { serviceTimeout: 1000.5 }, 'serviceTimeout'],
      ['serviceTimeout "5000"', { serviceTimeout: '5000' }, 'serviceTimeout'],
      ['a 5001-character fallback', { serviceFallbackMessage: 'f'.repeat(5001) }, 'serviceFallbackMessage'],
      ['a msg', { msg: 'not for this action' }, 'msg'],
    ])('use-external-service: refuses %s', async (_label, params, field) => {
      await refusedAt(external(params), `actions[0].params.${field}`);
    });

    it.each([
      ['missing params', { name: 'send-message' }, 'actions[0].params'],
      ['null params', { name: 'send-message', params: null }, 'actions[0].params'],
      ['params as an array', { name: 'send-message', params: [{ msg: 'm' }] }, 'actions[0].params'],
      ['params as a string', { name: 'use-external-service', params: 'https://x.example' }, 'actions[0].params'],
      ['an unknown action name', { name: 'send-email', params: {} }, 'actions[0].name'],
      ['an action without name', { params: { msg: 'm' } }, 'actions[0].name'],
      ['an unknown field in an action', { name: 'send-message', params: { msg: 'm' }, delay: 5 }, 'actions[0].delay'],
    ])('refuses %s', async (_label, action, path) => {
      const messagesAtPath = await refusedAt(withAction(action), path);
      expect(messagesAtPath).toHaveLength(1);
    });
  });

  it('lists every field error at once, with bracketed paths', async () => {
    const problem = expectProblem(
      await post({
        name: '',
        priority: 2000,
        colour: 'red',
        conditions: [{ name: 'page-url', value: '.*/ok' }, { name: 'time-on-site', value: -5 }, { name: 'nope' }],
        actions: [
          { name: 'send-message', params: { msg: 'fine' } },
          { name: 'send-message', params: { msg: '' } },
          { name: 'use-external-service', params: { serviceUrl: 'ftp://x', serviceTimeout: 1, extra: true } },
        ],
      }),
      400,
      'validation-failed',
    );
    expect(new Set(errorPaths(problem))).toEqual(
      new Set([
        'name',
        'priority',
        'colour',
        'conditions[1].value',
        'conditions[2].name',
        'actions[1].params.msg',
        'actions[2].params.serviceUrl',
        'actions[2].params.serviceTimeout',
        'actions[2].params.extra',
      ]),
    );
    expect(problem.detail).toMatch(/9 fields are invalid/);
  });

  it('creates nothing for a refused body', async () => {
    const name = 'Never saved';
    await refusedAt(triggerBody({ name, priority: -1 }), 'priority');
    const list = await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent(name)}` });
    expect(list.json().total).toBe(0);
  });
});
