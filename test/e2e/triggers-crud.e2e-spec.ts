import type { InjectOptions } from 'fastify';
import { RULE_NAMES } from '../../src/conditions';
import { TriggersRepository } from '../../src/triggers/triggers.repository';
import { pageUrl, timeOnSite, useExternalService } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createTrigger, errorPaths, expectProblem, readTrigger, triggerBody, UNKNOWN_ID } from './triggers.fixtures';

describe(`trigger management (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const put = (id: string, payload: object, headers: Record<string, string> = {}) =>
    t.asManager({ method: 'PUT', url: `/v1/triggers/${id}`, payload, headers });
  const patch = (id: string, payload: object, headers: Record<string, string> = {}) =>
    t.asManager({ method: 'PATCH', url: `/v1/triggers/${id}`, payload, headers });
  const remove = (id: string, headers: Record<string, string> = {}) => t.asManager({ method: 'DELETE', url: `/v1/triggers/${id}`, headers });

  describe('create and read', () => {
    it('answers 201 with the trigger, its Location and ETag "1"', async () => {
      const body = triggerBody({ name: 'Contact page hello' });
      const res = await t.asManager({ method: 'POST', url: '/v1/triggers', payload: body });
      expect(res.statusCode).toBe(201);
      const trigger = res.json();
      expect(trigger).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        name: 'Contact page hello',
        description: '',
        enabled: true,
        runOnce: false,
        priority: 100,
        match: 'all',
        conditions: [{ name: 'page-url', value: '.*/contact' }],
        actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'Hi! Need help?' } }],
        activeFrom: null,
        activeUntil: null,
        frequency: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(new Date(trigger.createdAt).toISOString()).toBe(trigger.createdAt);
      expect(trigger.updatedAt).toBe(trigger.createdAt);
      expect(res.headers.location).toBe(`/v1/triggers/${trigger.id}`);
      expect(res.headers.etag).toBe('"1"');
    });

    it('reads a trigger back at its Location, with its ETag', async () => {
      const res = await t.asManager({ method: 'POST', url: '/v1/triggers', payload: triggerBody() });
      const read = await t.asViewer({ url: String(res.headers.location) });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(res.json());
      expect(read.headers.etag).toBe('"1"');
    });

    it.each([
      ['an unknown id', UNKNOWN_ID],
      ['a malformed id', 'not-a-uuid'],
      ['a number', '12345'],
      ['a uuid with an extra character', `${UNKNOWN_ID}0`],
    ])('answers 404 not-found for %s on every route', async (_label, id) => {
      const url = `/v1/triggers/${id}`;
      expectProblem(await t.asViewer({ url }), 404, 'not-found');
      expectProblem(await put(id, triggerBody()), 404, 'not-found');
      expectProblem(await patch(id, { enabled: false }), 404, 'not-found');
      expectProblem(await remove(id), 404, 'not-found');
    });

    it('answers 404 for an unknown id even with If-Match', async () => {
      expectProblem(await patch(UNKNOWN_ID, { enabled: false }, { 'if-match': '"1"' }), 404, 'not-found');
      expectProblem(await remove(UNKNOWN_ID, { 'if-match': '*' }), 404, 'not-found');
    });
  });

  describe('roles', () => {
    let id: string;
    beforeAll(async () => {
      id = (await createTrigger(t)).id;
    });
    const routes = (): [string, InjectOptions][] => [
      ['GET /v1/triggers', { method: 'GET', url: '/v1/triggers' }],
      ['GET /v1/triggers/{id}', { method: 'GET', url: `/v1/triggers/${id}` }],
      ['POST /v1/triggers', { method: 'POST', url: '/v1/triggers', payload: triggerBody() }],
      ['PUT /v1/triggers/{id}', { method: 'PUT', url: `/v1/triggers/${id}`, payload: triggerBody() }],
      ['PATCH /v1/triggers/{id}', { method: 'PATCH', url: `/v1/triggers/${id}`, payload: { enabled: true } }],
      ['DELETE /v1/triggers/{id}', { method: 'DELETE', url: `/v1/triggers/${id}` }],
    ];

    it.each([0, 1, 2, 3, 4, 5])('answers 401 without a key (route %#)', async (index) => {
      expectProblem(await t.inject(routes()[index][1]), 401, 'unauthorized');
    });

    it.each([0, 1])('lets a viewer read (route %#)', async (index) => {
      expect((await t.asViewer(routes()[index][1])).statusCode).toBe(200);
    });

    it.each([2, 3, 4, 5])('refuses a viewer writes with 403 (route %#)', async (index) => {
      expectProblem(await t.asViewer(routes()[index][1]), 403, 'forbidden');
    });

    it('lets a manager do everything', async () => {
      const statuses = [];
      for (const [, options] of routes()) statuses.push((await t.asManager(options)).statusCode);
      expect(statuses).toEqual([200, 200, 201, 200, 200, 204]);
    });
  });

  describe('replace (PUT)', () => {
    it('replaces the whole trigger: omitted optional fields take their defaults', async () => {
      const original = await createTrigger(t, {
        description: 'was here',
        enabled: false,
        runOnce: true,
        priority: 5,
        match: 'any',
        actions: [useExternalService('https://crm.example.com/a', { timeout: 900, fallback: 'fb' })],
      });
      const res = await put(original.id, {
        name: 'Replaced',
        conditions: [{ name: 'time-on-site', value: '45' }],
        actions: [{ name: 'use-external-service', params: { serviceUrl: 'https://crm.example.com/b' } }],
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.json()).toEqual({
        ...original,
        name: 'Replaced',
        description: '',
        enabled: true,
        runOnce: false,
        priority: 100,
        match: 'all',
        conditions: [{ name: 'time-on-site', value: 45 }],
        actions: [
          {
            name: 'use-external-service',
            params: { sender: 'queue', serviceUrl: 'https://crm.example.com/b', serviceTimeout: 5000, serviceFallbackMessage: '' },
          },
        ],
        version: 2,
        updatedAt: expect.any(String),
      });
      expect(Date.parse(res.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(original.createdAt));
      expect(await readTrigger(t, original.id)).toEqual(res.json());
    });

    it('validates a replacement like a creation', async () => {
      const original = await createTrigger(t);
      const problem = expectProblem(await put(original.id, { name: 'x', conditions: [], actions: [{ name: 'nope' }], version: 1 }), 400, 'validation-failed');
      expect(errorPaths(problem).sort()).toEqual(['actions[0].name', 'conditions', 'version']);
      expect(await readTrigger(t, original.id)).toEqual(original);
    });

    it('returns warnings for a risky pattern', async () => {
      const original = await createTrigger(t);
      const res = await put(original.id, triggerBody({ conditions: [pageUrl('(x+x+)+y')] }));
      expect(res.statusCode).toBe(200);
      expect(res.json().warnings).toEqual([expect.objectContaining({ code: 'regex-backtracking-risk', path: 'conditions[0].value' })]);
    });
  });

  describe('change (PATCH)', () => {
    it('changes only the given fields and bumps the version', async () => {
      const original = await createTrigger(t, { description: 'keep me', priority: 7 });
      const res = await patch(original.id, { enabled: false });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.json()).toEqual({ ...original, enabled: false, version: 2, updatedAt: expect.any(String) });
    });

    it('replaces arrays whole', async () => {
      const original = await createTrigger(t, {
        conditions: [pageUrl('a'), timeOnSite(10)],
      });
      const res = await patch(original.id, { conditions: [{ name: 'chat-opened-by-visitor', value: '' }] });
      expect(res.json().conditions).toEqual([{ name: 'chat-opened-by-visitor', value: null }]);
      expect(res.json().actions).toEqual(original.actions);
    });

    it('accepts an empty patch as a write that changes nothing but the version', async () => {
      const original = await createTrigger(t);
      const res = await patch(original.id, {});
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ...original, version: 2, updatedAt: expect.any(String) });
    });

    it('trims a new name and applies defaults inside replaced actions', async () => {
      const original = await createTrigger(t);
      const res = await patch(original.id, {
        name: '  Renamed by patch ',
        actions: [{ name: 'use-external-service', params: { serviceUrl: 'https://crm.example.com/x' } }],
      });
      expect(res.json()).toMatchObject({
        name: 'Renamed by patch',
        actions: [{ params: { sender: 'queue', serviceTimeout: 5000, serviceFallbackMessage: '' } }],
      });
    });

    it.each([
      ['null for a field', { enabled: null }, 'enabled'],
      ['a null name', { name: null }, 'name'],
      ['an empty conditions array', { conditions: [] }, 'conditions'],
      ['an invalid condition value', { conditions: [{ name: 'time-on-site', value: 90_000 }] }, 'conditions[0].value'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['an id', { id: UNKNOWN_ID }, 'id'],
      ['a version', { version: 9 }, 'version'],
      ['a createdAt', { createdAt: '2026-01-01T00:00:00Z' }, 'createdAt'],
      ['an unknown field deep in params', { actions: [{ name: 'send-message', params: { msg: 'm', x: 1 } }] }, 'actions[0].params.x'],
    ])('refuses %s and leaves the trigger unchanged', async (_label, body, path) => {
      const original = await createTrigger(t);
      expect(errorPaths(expectProblem(await patch(original.id, body), 400, 'validation-failed'))).toContain(path);
      expect(await readTrigger(t, original.id)).toEqual(original);
    });

    it('checks the merged trigger as a whole: a stored risky pattern is warned about on every change', async () => {
      const original = await createTrigger(t, { conditions: [pageUrl('(a+)+$')] });
      const res = await patch(original.id, { priority: 3 });
      expect(res.statusCode).toBe(200);
      expect(res.json().warnings).toEqual([expect.objectContaining({ code: 'regex-backtracking-risk', path: 'conditions[0].value' })]);
    });
  });

  describe('delete', () => {
    it('answers 204, then the trigger is gone', async () => {
      const { id } = await createTrigger(t);
      const res = await remove(id);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectProblem(await t.asViewer({ url: `/v1/triggers/${id}` }), 404, 'not-found');
      expectProblem(await remove(id), 404, 'not-found');
    });
  });

  describe('names are unique, case-insensitively', () => {
    it('refuses a create with a taken name in another case with 409', async () => {
      await createTrigger(t, { name: 'Pricing help' });
      const problem = expectProblem(
        await t.asManager({ method: 'POST', url: '/v1/triggers', payload: triggerBody({ name: ' PRICING HELP ' }) }),
        409,
        'trigger-name-taken',
      );
      expect(errorPaths(problem)).toEqual(['name']);
    });

    it.each([
      ['PUT', (id: string) => put(id, triggerBody({ name: 'taken by another' }))],
      ['PATCH', (id: string) => patch(id, { name: 'TAKEN BY ANOTHER' })],
    ])('refuses a rename onto a taken name by %s with 409 and leaves the trigger unchanged', async (_method, rename) => {
      await createTrigger(t, { name: 'Taken by another' }).catch(() => undefined);
      const original = await createTrigger(t);
      expectProblem(await rename(original.id), 409, 'trigger-name-taken');
      expect(await readTrigger(t, original.id)).toEqual(original);
    });

    it('lets a trigger change the case of its own name', async () => {
      const original = await createTrigger(t, { name: 'shouting' });
      const res = await patch(original.id, { name: 'SHOUTING' });
      expect(res.statusCode).toBe(200);
      expect(res.json().name).toBe('SHOUTING');
    });

    it('frees a name when its trigger is deleted', async () => {
      const { id } = await createTrigger(t, { name: 'Recycled' });
      await remove(id);
      expect((await createTrigger(t, { name: 'recycled' })).name).toBe('recycled');
    });
  });

  describe('If-Match', () => {
    it.each([
      ['a quoted version', '"1"'],
      ['a bare version', '1'],
      ['*', '*'],
      ['a list naming the version', '"7", "1"'],
    ])('applies a PATCH with %s that matches', async (_label, ifMatch) => {
      const { id } = await createTrigger(t);
      const res = await patch(id, { priority: 1 }, { 'if-match': ifMatch });
      expect(res.statusCode).toBe(200);
      expect(res.json().version).toBe(2);
    });

    it.each([
      ['PUT', (id: string, ifMatch: string) => put(id, triggerBody({ name: `put ${id}` }), { 'if-match': ifMatch })],
      ['PATCH', (id: string, ifMatch: string) => patch(id, { enabled: false }, { 'if-match': ifMatch })],
      ['DELETE', (id: string, ifMatch: string) => remove(id, { 'if-match': ifMatch })],
    ])('answers 412 version-mismatch to a stale %s and changes nothing', async (_method, write) => {
      const original = await createTrigger(t);
      const changed = (await patch(original.id, { description: 'second version' })).json();
      for (const stale of ['"1"', '1', 'W/"2"', '"3"']) {
        expectProblem(await write(original.id, stale), 412, 'version-mismatch');
      }
      expect(await readTrigger(t, original.id)).toEqual(changed);
    });

    it.each([
      ['PUT', (id: string) => put(id, triggerBody({ name: `current ${id}` }), { 'if-match': '"2"' }), 200],
      ['DELETE', (id: string) => remove(id, { 'if-match': '"2"' }), 204],
    ])('applies a %s whose If-Match names the current version', async (_method, write, status) => {
      const { id } = await createTrigger(t);
      await patch(id, { description: 'v2' });
      expect((await write(id)).statusCode).toBe(status);
    });

    it.each([['abc'], ['"v1"'], ['1.0']])('refuses the malformed If-Match %p with 400', async (ifMatch) => {
      const original = await createTrigger(t);
      expect(errorPaths(expectProblem(await patch(original.id, { enabled: false }, { 'if-match': ifMatch }), 400, 'validation-failed'))).toEqual(['If-Match']);
      expect(await readTrigger(t, original.id)).toEqual(original);
    });
  });

  describe('concurrent edits', () => {
    it('lets exactly one of two PATCHes with the same If-Match win; the other gets 412', async () => {
      const { id } = await createTrigger(t);
      const results = await Promise.all([
        patch(id, { description: 'first' }, { 'if-match': '"1"' }),
        patch(id, { description: 'second' }, { 'if-match': '"1"' }),
      ]);
      expect(results.map((res) => res.statusCode).sort()).toEqual([200, 412]);
      const winner = results.find((res) => res.statusCode === 200)!.json();
      expect(await readTrigger(t, id)).toEqual(winner);
      expect(winner.version).toBe(2);
    });

    it('lets exactly one of two PUTs with the same If-Match win', async () => {
      const { id } = await createTrigger(t);
      const results = await Promise.all(['one', 'two'].map((suffix) => put(id, triggerBody({ name: `concurrent put ${suffix}` }), { 'if-match': '1' })));
      expect(results.map((res) => res.statusCode).sort()).toEqual([200, 412]);
      expect((await readTrigger(t, id)).version).toBe(2);
    });

    it('loses no update when two PATCHes without If-Match change different fields at once', async () => {
      const { id } = await createTrigger(t);
      const results = await Promise.all([patch(id, { enabled: false }), patch(id, { priority: 1 }), patch(id, { description: 'both' })]);
      expect(results.map((res) => res.statusCode)).toEqual([200, 200, 200]);
      expect(await readTrigger(t, id)).toMatchObject({ enabled: false, priority: 1, description: 'both', version: 4 });
    });

    it('writes a version-conditional update atomically: of two racing writers on one version, one wins', async () => {
      const repository = t.app.get(TriggersRepository);
      const { id } = await createTrigger(t);
      const current = (await repository.findById(id))!;
      const outcomes = await Promise.all([
        repository.updateIfVersion(id, { ...current, description: 'a' }, [1]),
        repository.updateIfVersion(id, { ...current, description: 'b' }, [1]),
      ]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['done', 'stale']);
      expect(outcomes.find((outcome) => outcome.status === 'stale')).toEqual({ status: 'stale', currentVersion: 2 });
    });
  });

  describe('for evaluation', () => {
    it('serves every enabled trigger in firing order (priority, then name case-insensitively)', async () => {
      const app = await startTestApp();
      try {
        const later = await createTrigger(app, { name: 'b later', priority: 10 });
        const first = await createTrigger(app, { name: 'A first', priority: 10 });
        const urgent = await createTrigger(app, { name: 'urgent', priority: 0 });
        await createTrigger(app, { name: 'off', priority: 0, enabled: false });
        const config = (await app.inject({ url: '/v1/widget/config' })).json();
        expect(config.triggers.map((trigger: { id: string }) => trigger.id)).toEqual([urgent.id, first.id, later.id]);
      } finally {
        await app.close();
      }
    });
  });

  it('documents conditions and actions as tagged unions in the OpenAPI document', async () => {
    const doc = (await t.inject({ url: '/docs/json' })).json();
    for (const schema of ['TriggerInputDto', 'TriggerPatchDto', 'TriggerDto']) {
      const { conditions, actions } = doc.components.schemas[schema].properties;
      expect(Object.keys(conditions.items.discriminator.mapping).sort()).toEqual(
        ['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration', ...RULE_NAMES, 'group'].sort(),
      );
      expect(Object.keys(actions.items.discriminator.mapping).sort()).toEqual(['send-message', 'use-external-service']);
    }
    for (const model of [
      'PageUrlConditionDto',
      'TimeOnSiteConditionDto',
      'PageTitleRuleDto',
      'CustomEventRuleDto',
      'SendMessageParamsDto',
      'UseExternalServiceParamsDto',
    ]) {
      expect(doc.components.schemas[model]).toBeDefined();
    }
    // one schema per rule, with its own ops; groups refer to themselves by name (DESIGN §16)
    expect(doc.components.schemas.TimeOnPageRuleDto.properties.op.enum).toEqual(['gte', 'lt']);
    expect(doc.components.schemas.GroupConditionDto.properties.conditions.items.discriminator.mapping.group).toBe('#/components/schemas/GroupConditionDto');
    expect(Object.keys(doc.paths['/v1/triggers/{id}']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
  });
});
