import { routingCriteria } from '../../src/agent-queue/routing/routing-criteria';
import { DEFAULT_ROUTING_SETTINGS, type RoutingSettings } from '../../src/agent-queue/routing/routing-settings';
import { afterPick, chooseNextAgent, type RoutingCandidate } from '../support/routing-oracle';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, errorPaths, expectProblem, nextAgent, patchAgent, pickMany, putAgent, setRouting } from './agent-queue-fixtures';

describe(`routing settings and next agent (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());
  /** Each test starts with no agents, so that picks are predictable. */
  beforeEach(async () => {
    await setRouting(t, {});
    const all = await t.asViewer({ url: '/v1/agents?limit=100' });
    for (const agent of all.json().items) await t.asManager({ method: 'DELETE', url: `/v1/agents/${agent.username}` });
  });

  describe('settings', () => {
    it('reads the defaults, replaces on PUT (omitted fields back to defaults) and keeps them in the database', async () => {
      expect((await t.asViewer({ url: '/v1/settings/routing' })).json()).toEqual(DEFAULT_ROUTING_SETTINGS);
      const put = await t.asManager({
        method: 'PUT',
        url: '/v1/settings/routing',
        payload: { method: 'least-assigned', includeAwayAgents: true, fireWithoutAgent: true, fallbackSenderName: ' Team ', hideWhenOffline: true },
      });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toEqual({
        method: 'least-assigned',
        includeAwayAgents: true,
        fireWithoutAgent: true,
        fallbackSenderName: 'Team',
        hideWhenOffline: true,
      });
      expect((await t.asViewer({ url: '/v1/settings/routing' })).json()).toEqual(put.json());
      await setRouting(t, { fireWithoutAgent: true });
      expect((await t.asViewer({ url: '/v1/settings/routing' })).json()).toEqual({ ...DEFAULT_ROUTING_SETTINGS, fireWithoutAgent: true });
    });

    it('validates every field and needs a manager key to write', async () => {
      const res = await t.asManager({
        method: 'PUT',
        url: '/v1/settings/routing',
        payload: { method: 'random', includeAwayAgents: 'yes', fireWithoutAgent: null, fallbackSenderName: ' ', hideWhenOffline: 'no', other: 1 },
      });
      expect(errorPaths(res)).toEqual(['fallbackSenderName', 'fireWithoutAgent', 'hideWhenOffline', 'includeAwayAgents', 'method', 'other']);
      expectProblem(
        await t.asManager({ method: 'PUT', url: '/v1/settings/routing', payload: { fallbackSenderName: 'x'.repeat(101) } }),
        400,
        'validation-failed',
      );
      expectProblem(await t.asViewer({ method: 'PUT', url: '/v1/settings/routing', payload: {} }), 403, 'forbidden');
      expectProblem(await t.inject({ url: '/v1/settings/routing' }), 401, 'unauthorized');
    });
  });

  describe('POST /v1/routing/next-agent', () => {
    it('round-robin: never-routed first by username, then the least recently routed, and records the pick', async () => {
      for (const name of ['carol', 'alice', 'bob']) await putAgent(t, name, { status: 'online' });
      const res = await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: {} });
      expect(res.statusCode).toBe(200);
      expect(res.json().agent).toMatchObject({ username: 'alice', assignedCount: 1 });
      expect(res.json().agent.lastRoutedAt).not.toBeNull();
      expect(await pickMany(t, 5)).toEqual(['bob', 'carol', 'alice', 'bob', 'carol']);
      await putAgent(t, 'aaron', { status: 'online' });
      expect(await pickMany(t, 3)).toEqual(['aaron', 'alice', 'bob']);
      expect((await t.asViewer({ url: '/v1/agents/alice' })).json().assignedCount).toBe(3);
    });

    it('ties by username in byte order (COLLATE "C", whatever the database collation): upper case before lower case', async () => {
      for (const name of ['b', 'B', 'a', '_']) await putAgent(t, name, { status: 'online' });
      expect(await pickMany(t, 5)).toEqual(['B', '_', 'a', 'b', 'B']);
      await setRouting(t, { method: 'least-assigned' });
      expect(await pickMany(t, 4)).toEqual(['_', 'a', 'b', 'B']);
    });

    it('least-assigned: the fewest assignments so far, ties by username', async () => {
      for (const name of ['amy', 'ben']) await putAgent(t, name, { status: 'online' });
      await pickMany(t, 4);
      await putAgent(t, 'cal', { status: 'online' });
      await setRouting(t, { method: 'least-assigned' });
      expect(await pickMany(t, 5)).toEqual(['cal', 'cal', 'amy', 'ben', 'cal']);
    });

    it('routes only to available, online agents (away too when includeAwayAgents), and never to one set offline', async () => {
      await putAgent(t, 'on', { status: 'online' });
      await putAgent(t, 'away', { status: 'away' });
      await putAgent(t, 'busy', { status: 'online', available: false });
      await putAgent(t, 'off', { status: 'offline' });
      expect(await pickMany(t, 3)).toEqual(['on', 'on', 'on']);
      await setRouting(t, { includeAwayAgents: true });
      expect(await pickMany(t, 2)).toEqual(['away', 'on']);
      await patchAgent(t, 'on', { status: 'offline' });
      expect(await pickMany(t, 2)).toEqual(['away', 'away']);
      await patchAgent(t, 'away', { available: false });
      const none = await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: {} });
      expectProblem(none, 404, 'no-agent-available');
    });

    it('routes among members of an enabled department; a disabled one routes to nobody', async () => {
      const sales = await createDepartment(t, 'Routing Sales');
      const empty = await createDepartment(t, 'Routing Empty');
      await putAgent(t, 'sam', { status: 'online', departmentIds: [sales] });
      await putAgent(t, 'sue', { status: 'online', departmentIds: [sales] });
      await putAgent(t, 'zed', { status: 'online' });
      expect(await pickMany(t, 3, sales)).toEqual(['sam', 'sue', 'sam']);
      expect(await nextAgent(t)).toBe('zed');
      expect(await nextAgent(t, empty)).toBe('404 no-agent-available');
      await t.asManager({ method: 'PATCH', url: `/v1/departments/${sales}`, payload: { enabled: false } });
      expect(await nextAgent(t, sales)).toBe('404 no-agent-available');
      expect(await nextAgent(t)).toBe('sue');
    });

    it('answers 400 for an unknown or malformed department in the body, and needs a manager key', async () => {
      const unknown = await t.asManager({
        method: 'POST',
        url: '/v1/routing/next-agent',
        payload: { departmentId: '00000000-0000-4000-8000-000000000000' },
      });
      expect(expectProblem(unknown, 400, 'validation-failed').errors).toEqual([expect.objectContaining({ path: 'departmentId' })]);
      expect(errorPaths(await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: { departmentId: 'x', extra: 1 } }))).toEqual([
        'departmentId',
        'extra',
      ]);
      expectProblem(await t.asViewer({ method: 'POST', url: '/v1/routing/next-agent', payload: {} }), 403, 'forbidden');
      expectProblem(await t.inject({ method: 'POST', url: '/v1/routing/next-agent', payload: {} }), 401, 'unauthorized');
    });

    it('accepts a request without a body', async () => {
      await putAgent(t, 'solo', { status: 'online' });
      const res = await t.asManager({ method: 'POST', url: '/v1/routing/next-agent' });
      expect(res.statusCode).toBe(200);
      expect(res.json().agent.username).toBe('solo');
    });

    it('picks what the pure routing rules choose, over a mixed sequence of changes', async () => {
      const dept = await createDepartment(t, 'Routing Model');
      const agents = new Map<string, RoutingCandidate>();
      const put = async (username: string, fields: Partial<RoutingCandidate>) => {
        const before = agents.get(username) ?? { username, status: 'offline', available: true, departmentIds: [], lastRoutedSeq: null, assignedCount: 0 };
        const next = { ...before, ...fields };
        agents.set(username, next);
        await putAgent(t, username, { status: next.status, available: next.available, departmentIds: next.departmentIds });
      };
      let settings: RoutingSettings = DEFAULT_ROUTING_SETTINGS;
      let seq = 0;
      const expectPick = async (departmentId?: string) => {
        const expected = chooseNextAgent([...agents.values()], routingCriteria(settings, departmentId), departmentId ? { id: dept, enabled: true } : undefined);
        const picked = await nextAgent(t, departmentId);
        expect(picked).toBe(expected?.username ?? '404 no-agent-available');
        if (expected) agents.set(expected.username, afterPick(expected, ++seq));
      };
      await put('k1', { status: 'online', departmentIds: [dept] });
      await put('k2', { status: 'away', departmentIds: [dept] });
      await put('k3', { status: 'online' });
      for (let round = 0; round < 4; round++) {
        await expectPick();
        await expectPick(dept);
      }
      settings = { ...settings, includeAwayAgents: true };
      await setRouting(t, settings);
      await put('k4', { status: 'online', departmentIds: [dept] });
      for (let round = 0; round < 3; round++) await expectPick(dept);
      settings = { ...settings, method: 'least-assigned' };
      await setRouting(t, settings);
      for (let round = 0; round < 6; round++) await expectPick(round % 2 ? dept : undefined);
      await put('k1', { available: false });
      for (let round = 0; round < 3; round++) await expectPick(dept);
    });
  });
});
