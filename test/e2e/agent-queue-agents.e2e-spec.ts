import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, errorPaths, expectProblem, putAgent } from './agent-queue-fixtures';

describe(`agents API (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('creates with 201 and Location, replaces with 200, and repeated identical upserts change nothing', async () => {
    const sales = await createDepartment(t, 'Agents Sales');
    const body = { name: 'Morgan Lee', email: 'morgan@example.com', status: 'online', available: true, departmentIds: [sales] };
    const created = await t.asManager({ method: 'PUT', url: '/v1/agents/morgan.lee', payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/v1/agents/morgan.lee');
    expect(created.json()).toMatchObject({
      username: 'morgan.lee',
      name: 'Morgan Lee',
      email: 'morgan@example.com',
      status: 'online',
      available: true,
      departmentIds: [sales],
      assignedCount: 0,
      lastRoutedAt: null,
    });
    const again = await t.asManager({ method: 'PUT', url: '/v1/agents/morgan.lee', payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.headers.location).toBeUndefined();
    expect(again.json()).toEqual(created.json());
    const read = await t.asViewer({ url: '/v1/agents/morgan.lee' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created.json());
  });

  it('PUT replaces: omitted fields take their defaults (no email, offline, available, no departments)', async () => {
    const dept = await createDepartment(t, 'Agents Replace');
    await putAgent(t, 'replaced', { email: 'r@example.com', status: 'away', available: false, departmentIds: [dept] });
    const res = await t.asManager({ method: 'PUT', url: '/v1/agents/replaced', payload: { name: '  Re Placed  ' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Re Placed', email: null, status: 'offline', available: true, departmentIds: [] });
  });

  it('PATCH changes only the given fields', async () => {
    const dept = await createDepartment(t, 'Agents Patch');
    await putAgent(t, 'patched', { email: 'p@example.com', departmentIds: [dept] });
    const res = await t.asManager({ method: 'PATCH', url: '/v1/agents/patched', payload: { status: 'online', available: false } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'patched', email: 'p@example.com', status: 'online', available: false, departmentIds: [dept] });
    const cleared = await t.asManager({ method: 'PATCH', url: '/v1/agents/patched', payload: { email: null, departmentIds: [] } });
    expect(cleared.json()).toMatchObject({ email: null, departmentIds: [], status: 'online' });
    expectProblem(await t.asManager({ method: 'PATCH', url: '/v1/agents/nobody', payload: { status: 'online' } }), 404, 'not-found');
  });

  it('refuses unknown departments with 400 naming each, and changes nothing', async () => {
    const known = await createDepartment(t, 'Agents Known');
    await putAgent(t, 'careful', { status: 'online', departmentIds: [known] });
    const ghost = '00000000-0000-4000-8000-000000000001';
    const res = await t.asManager({
      method: 'PUT',
      url: '/v1/agents/careful',
      payload: { name: 'Changed', status: 'offline', departmentIds: [known, ghost] },
    });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors).toEqual([{ path: 'departmentIds[1]', message: `unknown department "${ghost}"` }]);
    expect((await t.asViewer({ url: '/v1/agents/careful' })).json()).toMatchObject({ name: 'careful', status: 'online', departmentIds: [known] });
    const created = await t.asManager({ method: 'PUT', url: '/v1/agents/never-created', payload: { name: 'N', departmentIds: [ghost] } });
    expectProblem(created, 400, 'validation-failed');
    expectProblem(await t.asViewer({ url: '/v1/agents/never-created' }), 404, 'not-found');
    const patch = await t.asManager({ method: 'PATCH', url: '/v1/agents/careful', payload: { departmentIds: [ghost] } });
    expect(errorPaths(patch)).toEqual(['departmentIds[0]']);
  });

  it('validates bodies and usernames, listing every field error', async () => {
    const res = await t.asManager({
      method: 'PUT',
      url: '/v1/agents/valid.name',
      payload: { name: '   ', email: 'not-an-email', status: 'busy', available: 'yes', departmentIds: ['nope'], extra: 1 },
    });
    expectProblem(res, 400, 'validation-failed');
    expect(errorPaths(res)).toEqual(['available', 'departmentIds', 'email', 'extra', 'name', 'status']);
    expect(errorPaths(await t.asManager({ method: 'PUT', url: '/v1/agents/x', payload: { name: 'X', status: null } }))).toEqual(['status']);
    for (const bad of ['has%20space', 'a'.repeat(65), 'sl%C3%A4sh', 'a%2Fb', '.%2F']) {
      const put = await t.asManager({ method: 'PUT', url: `/v1/agents/${bad}`, payload: { name: 'X' } });
      expect(errorPaths(put)).toEqual(['username']);
      expectProblem(await t.asViewer({ url: `/v1/agents/${bad}` }), 400, 'validation-failed');
    }
    expectProblem(await t.asManager({ method: 'PATCH', url: '/v1/agents/valid.name', payload: { id: 'x' } }), 400, 'validation-failed');
  });

  it('lists with pagination and filters, refusing unknown or bad query parameters', async () => {
    const dept = await createDepartment(t, 'Agents List');
    for (const [username, status] of [
      ['list-a', 'online'],
      ['list-b', 'away'],
      ['list-c', 'online'],
    ] as const) {
      await putAgent(t, username, { status, departmentIds: [dept] });
    }
    const page = await t.asViewer({ url: `/v1/agents?departmentId=${dept}&limit=2` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.json().items.map((a: { username: string }) => a.username)).toEqual(['list-a', 'list-b']);
    const rest = await t.asViewer({ url: `/v1/agents?departmentId=${dept}&limit=2&offset=2` });
    expect(rest.json().items.map((a: { username: string }) => a.username)).toEqual(['list-c']);
    const online = await t.asViewer({ url: `/v1/agents?departmentId=${dept}&status=online&available=true` });
    expect(online.json().items.map((a: { username: string }) => a.username)).toEqual(['list-a', 'list-c']);
    expect((await t.asViewer({ url: '/v1/agents' })).json().limit).toBe(50);
    for (const query of ['limit=101', 'limit=0', 'offset=-1', 'available=yes', 'status=busy', 'departmentId=nope', 'sort=name', 'limit=abc']) {
      expectProblem(await t.asViewer({ url: `/v1/agents?${query}` }), 400, 'validation-failed');
    }
  });

  it('deletes with 204, removing memberships, then 404', async () => {
    const dept = await createDepartment(t, 'Agents Delete');
    await putAgent(t, 'leaving', { departmentIds: [dept] });
    expect((await t.asManager({ method: 'DELETE', url: '/v1/agents/leaving' })).statusCode).toBe(204);
    expectProblem(await t.asViewer({ url: '/v1/agents/leaving' }), 404, 'not-found');
    expect((await t.asViewer({ url: `/v1/departments/${dept}` })).json().usernames).toEqual([]);
    expectProblem(await t.asManager({ method: 'DELETE', url: '/v1/agents/leaving' }), 404, 'not-found');
  });

  it('needs a key to read and a manager key to write', async () => {
    expectProblem(await t.inject({ url: '/v1/agents' }), 401, 'unauthorized');
    expectProblem(await t.inject({ method: 'PUT', url: '/v1/agents/anon', payload: { name: 'A' } }), 401, 'unauthorized');
    expectProblem(await t.asViewer({ method: 'PUT', url: '/v1/agents/viewer-made', payload: { name: 'V' } }), 403, 'forbidden');
    expectProblem(await t.asViewer({ method: 'PATCH', url: '/v1/agents/morgan.lee', payload: { status: 'away' } }), 403, 'forbidden');
    expectProblem(await t.asViewer({ method: 'DELETE', url: '/v1/agents/morgan.lee' }), 403, 'forbidden');
    expectProblem(await t.asViewer({ url: '/v1/agents/viewer-made' }), 404, 'not-found');
  });
});
