import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, errorPaths, expectProblem, putAgent } from './agent-queue-fixtures';

describe(`departments API (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const GHOST = '00000000-0000-4000-8000-00000000beef';

  it('creates with 201 and Location, with defaults, and reads it back', async () => {
    const res = await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: '  Support  ' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/departments/${body.id}`);
    expect(body).toMatchObject({ name: 'Support', enabled: true, showOnRegistration: true, usernames: [] });
    const read = await t.asViewer({ url: res.headers.location });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
  });

  it('refuses a taken name, ignoring case, with 409 on create and rename', async () => {
    await createDepartment(t, 'Billing');
    expectProblem(await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: 'BILLING' } }), 409, 'department-name-taken');
    const other = await createDepartment(t, 'Invoices');
    const rename = await t.asManager({ method: 'PATCH', url: `/v1/departments/${other}`, payload: { name: 'billing' } });
    expectProblem(rename, 409, 'department-name-taken');
    expect((await t.asViewer({ url: `/v1/departments/${other}` })).json().name).toBe('Invoices');
  });

  it('PATCH changes only the given fields', async () => {
    const id = await createDepartment(t, 'Patchable');
    const res = await t.asManager({ method: 'PATCH', url: `/v1/departments/${id}`, payload: { enabled: false } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Patchable', enabled: false, showOnRegistration: true });
    const renamed = await t.asManager({ method: 'PATCH', url: `/v1/departments/${id}`, payload: { name: 'Patched', showOnRegistration: false } });
    expect(renamed.json()).toMatchObject({ name: 'Patched', enabled: false, showOnRegistration: false });
    const bad = await t.asManager({ method: 'PATCH', url: `/v1/departments/${id}`, payload: { enabled: 'no', id, createdAt: 'x' } });
    expect(errorPaths(bad)).toEqual(['createdAt', 'enabled', 'id']);
  });

  it('sets members exactly; unknown usernames are a 400 naming each, with nothing changed', async () => {
    const id = await createDepartment(t, 'Members');
    for (const name of ['m.one', 'm.two', 'm.three']) await putAgent(t, name);
    const set = await t.asManager({ method: 'PUT', url: `/v1/departments/${id}/agents`, payload: { usernames: ['m.two', 'm.one', 'm.two'] } });
    expect(set.statusCode).toBe(200);
    expect(set.json().usernames).toEqual(['m.one', 'm.two']);
    expect((await t.asViewer({ url: '/v1/agents/m.one' })).json().departmentIds).toEqual([id]);

    const refused = await t.asManager({
      method: 'PUT',
      url: `/v1/departments/${id}/agents`,
      payload: { usernames: ['m.three', 'ghost.a', 'm.one', 'ghost.b'] },
    });
    const problem = expectProblem(refused, 400, 'validation-failed');
    expect(problem.errors).toEqual([
      { path: 'usernames[1]', message: 'unknown agent "ghost.a"' },
      { path: 'usernames[3]', message: 'unknown agent "ghost.b"' },
    ]);
    expect((await t.asViewer({ url: `/v1/departments/${id}` })).json().usernames).toEqual(['m.one', 'm.two']);

    const replaced = await t.asManager({ method: 'PUT', url: `/v1/departments/${id}/agents`, payload: { usernames: ['m.three'] } });
    expect(replaced.json().usernames).toEqual(['m.three']);
    expect((await t.asViewer({ url: '/v1/agents/m.one' })).json().departmentIds).toEqual([]);
    expectProblem(await t.asManager({ method: 'PUT', url: `/v1/departments/${id}/agents`, payload: { usernames: 'm.one' } }), 400, 'validation-failed');
    expectProblem(await t.asManager({ method: 'PUT', url: `/v1/departments/${id}/agents`, payload: {} }), 400, 'validation-failed');
    expectProblem(await t.asManager({ method: 'PUT', url: `/v1/departments/${GHOST}/agents`, payload: { usernames: [] } }), 404, 'not-found');
  });

  it('deletes with 204, removing memberships from its agents', async () => {
    const id = await createDepartment(t, 'Doomed');
    await putAgent(t, 'survivor', { departmentIds: [id] });
    expect((await t.asManager({ method: 'DELETE', url: `/v1/departments/${id}` })).statusCode).toBe(204);
    expectProblem(await t.asViewer({ url: `/v1/departments/${id}` }), 404, 'not-found');
    expect((await t.asViewer({ url: '/v1/agents/survivor' })).json().departmentIds).toEqual([]);
    expectProblem(await t.asManager({ method: 'DELETE', url: `/v1/departments/${id}` }), 404, 'not-found');
  });

  it('answers 404 for unknown and malformed ids in the path', async () => {
    for (const id of [GHOST, 'not-a-uuid', '123']) {
      expectProblem(await t.asViewer({ url: `/v1/departments/${id}` }), 404, 'not-found');
      expectProblem(await t.asManager({ method: 'PATCH', url: `/v1/departments/${id}`, payload: { enabled: true } }), 404, 'not-found');
      expectProblem(await t.asManager({ method: 'DELETE', url: `/v1/departments/${id}` }), 404, 'not-found');
    }
  });

  it('lists by name with pagination and filters, refusing unknown or bad query parameters', async () => {
    const res = await t.asViewer({ url: '/v1/departments?limit=100' });
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((d: { name: string }) => d.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(res.json()).toMatchObject({ total: names.length, limit: 100, offset: 0 });
    const disabled = await t.asViewer({ url: '/v1/departments?enabled=false' });
    expect(disabled.json().items.map((d: { name: string }) => d.name)).toEqual(['Patched']);
    const second = await t.asViewer({ url: '/v1/departments?limit=1&offset=1' });
    expect(second.json().items.map((d: { name: string }) => d.name)).toEqual([names[1]]);
    for (const query of ['limit=101', 'enabled=1', 'q=x', 'offset=x']) {
      expectProblem(await t.asViewer({ url: `/v1/departments?${query}` }), 400, 'validation-failed');
    }
  });

  it('validates bodies and needs a manager key to write', async () => {
    const res = await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: '', enabled: 'yes', members: [] } });
    expect(errorPaths(res)).toEqual(['enabled', 'members', 'name']);
    expectProblem(await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: 'x'.repeat(101) } }), 400, 'validation-failed');
    expectProblem(await t.inject({ url: '/v1/departments' }), 401, 'unauthorized');
    expectProblem(await t.asViewer({ method: 'POST', url: '/v1/departments', payload: { name: 'Viewer' } }), 403, 'forbidden');
    const id = await createDepartment(t, 'Guarded');
    expectProblem(await t.asViewer({ method: 'PATCH', url: `/v1/departments/${id}`, payload: { enabled: false } }), 403, 'forbidden');
    expectProblem(await t.asViewer({ method: 'DELETE', url: `/v1/departments/${id}` }), 403, 'forbidden');
    expectProblem(await t.asViewer({ method: 'PUT', url: `/v1/departments/${id}/agents`, payload: { usernames: [] } }), 403, 'forbidden');
  });
});
