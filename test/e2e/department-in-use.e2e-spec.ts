import { group, pageUrl, rule } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, expectProblem } from './agent-queue-fixtures';
import { createTrigger, type TriggerJson } from './triggers.fixtures';

interface UsedByJson {
  type: string;
  id: string;
  name: string;
}

/** DESIGN §16: a department that a trigger's rules name may not be deleted (409 `department-in-use`). */
describe(`department in use (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const deleteDepartment = (id: string) => t.asManager({ method: 'DELETE', url: `/v1/departments/${id}` });
  const departmentStatus = async (id: string) => (await t.asViewer({ url: `/v1/departments/${id}` })).statusCode;
  const patchConditions = async (trigger: TriggerJson, conditions: unknown[]) => {
    const res = await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { conditions } });
    expect(res.statusCode).toBe(200);
  };

  it('refuses with 409 and usedBy (sorted by name, disabled triggers included) while rules name it, then deletes once none does', async () => {
    const sales = await createDepartment(t, 'Sales');
    const other = await createDepartment(t, 'Other');
    // a department rule in a group, with the id in upper case: ids compare ignoring case
    const zulu = await createTrigger(t, {
      name: 'zulu',
      conditions: [pageUrl('.*'), group('any', rule('department', 'eq', sales.toUpperCase()), rule('device', 'eq', 'mobile'))],
    });
    const alpha = await createTrigger(t, { name: 'Alpha', enabled: false, conditions: [rule('department', 'not-in', [other, sales])] });
    const mike = await createTrigger(t, {
      name: 'mike',
      conditions: [group('all', group('any', rule('agents-available', 'gte', 1, { key: sales }), rule('visit-count', 'gte', 2)))],
    });
    // naming another department, or the id as a metadata key, is no reference
    await createTrigger(t, { name: 'bravo', conditions: [rule('department', 'eq', other), rule('visitor-attribute', 'eq', 'x', { key: sales })] });

    const refused = await deleteDepartment(sales);
    const problem = expectProblem(refused, 409, 'department-in-use') as unknown as { usedBy: UsedByJson[]; detail: string };
    expect(problem.usedBy).toEqual([
      { type: 'trigger', id: alpha.id, name: 'Alpha' },
      { type: 'trigger', id: mike.id, name: 'mike' },
      { type: 'trigger', id: zulu.id, name: 'zulu' },
    ]);
    expect(problem.detail).toContain('3 triggers');
    expect(await departmentStatus(sales)).toBe(200);

    // one by one the triggers stop naming it; the last one goes away
    await patchConditions(zulu, [pageUrl('.*')]);
    await patchConditions(mike, [rule('agents-available', 'gte', 1)]);
    const stillUsed = expectProblem(await deleteDepartment(sales), 409, 'department-in-use') as unknown as { usedBy: UsedByJson[] };
    expect(stillUsed.usedBy).toEqual([{ type: 'trigger', id: alpha.id, name: 'Alpha' }]);
    expect((await t.asManager({ method: 'DELETE', url: `/v1/triggers/${alpha.id}` })).statusCode).toBe(204);

    expect((await deleteDepartment(sales)).statusCode).toBe(204);
    expect(await departmentStatus(sales)).toBe(404);
    expect(await departmentStatus(other)).toBe(200);
  });

  it('deletes a department that no rule names with 204', async () => {
    const unused = await createDepartment(t, 'Unused');
    await createTrigger(t, { name: 'names nothing', conditions: [rule('agents-available', 'gte', 1)] });
    expect((await deleteDepartment(unused)).statusCode).toBe(204);
    expectProblem(await deleteDepartment(unused), 404, 'not-found');
  });

  it('answers 409 in the problem+json shape, with no field errors', async () => {
    const support = await createDepartment(t, 'Support');
    await createTrigger(t, { name: 'support hours', conditions: [rule('department', 'in', [support])] });
    const res = await deleteDepartment(support);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(Object.keys(res.json()).sort()).toEqual(['code', 'detail', 'status', 'title', 'type', 'usedBy']);
    expect(res.json().detail).toContain('A trigger still names');
  });

  it('a save racing the delete: either the trigger is saved and the delete refused, or the delete wins and the save is a 400; never both', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const id = await createDepartment(t, `Race ${i}`);
        const [save, remove] = await Promise.all([
          t.asManager({
            method: 'POST',
            url: '/v1/triggers',
            payload: {
              name: `race ${i}`,
              conditions: [{ ...rule('agents-available', 'gte', 1), key: id }],
              actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Ada', msg: 'hi' } }],
            },
          }),
          deleteDepartment(id),
        ]);
        return `${save.statusCode}/${remove.statusCode}/${await departmentStatus(id)}`;
      }),
    );
    for (const outcome of outcomes) expect(['201/409/200', '400/204/404']).toContain(outcome);
  });
});
