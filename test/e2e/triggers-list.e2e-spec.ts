import { DataSource } from 'typeorm';
import { group, pageUrl, rule } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment } from './agent-queue-fixtures';
import { createTrigger, errorPaths, expectProblem, type TriggerJson, UNKNOWN_ID } from './triggers.fixtures';

/** Names chosen so that every collation sorts them alike once lower-cased. */
const SEED = [
  { name: 'alpha', priority: 30, enabled: true },
  { name: 'Bravo', priority: 10, enabled: false },
  { name: 'charlie', priority: 30, enabled: true },
  { name: 'Delta 50% off', priority: 20, enabled: true },
  { name: 'echo_x', priority: 10, enabled: true },
  { name: 'echoax', priority: 40, enabled: false },
  { name: 'Foxtrot', priority: 20, enabled: true },
];
const BY_NAME = ['alpha', 'Bravo', 'charlie', 'Delta 50% off', 'echo_x', 'echoax', 'Foxtrot'];
const BY_PRIORITY = ['Bravo', 'echo_x', 'Delta 50% off', 'Foxtrot', 'alpha', 'charlie', 'echoax'];
const CREATED = SEED.map((seed) => seed.name);
/** The order in which the seeded triggers are touched after creation. */
const UPDATED = ['charlie', 'Foxtrot', 'alpha', 'echoax', 'Bravo', 'Delta 50% off', 'echo_x'];

describe(`trigger list (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  const byName = new Map<string, TriggerJson>();
  beforeAll(async () => {
    t = await startTestApp();
    for (const seed of SEED) byName.set(seed.name, await createTrigger(t, seed));
    for (const name of UPDATED) {
      const res = await t.asManager({ method: 'PATCH', url: `/v1/triggers/${byName.get(name)!.id}`, payload: { description: `touched ${name}` } });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(() => t?.close());

  const list = (query = '') => t.asViewer({ url: `/v1/triggers${query}` });
  const names = async (query: string) => {
    const res = await list(query);
    expect(res.statusCode).toBe(200);
    return (res.json().items as TriggerJson[]).map((item) => item.name);
  };

  it('answers {items, total, limit, offset}, sorted by name (case-insensitive) by default', async () => {
    const res = await list();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'limit', 'offset', 'total']);
    expect(body).toMatchObject({ total: 7, limit: 50, offset: 0 });
    expect(body.items.map((item: TriggerJson) => item.name)).toEqual(BY_NAME);
    expect(body.items[0]).toEqual({ ...(await t.asViewer({ url: `/v1/triggers/${body.items[0].id}` })).json() });
  });

  it.each([
    ['name', BY_NAME],
    ['-name', [...BY_NAME].reverse()],
    ['priority', BY_PRIORITY],
    ['-priority', [...BY_PRIORITY].reverse()],
    ['createdAt', CREATED],
    ['-createdAt', [...CREATED].reverse()],
    ['updatedAt', UPDATED],
    ['-updatedAt', [...UPDATED].reverse()],
  ])('sorts by %s', async (sort, expected) => {
    expect(await names(`?sort=${sort}`)).toEqual(expected);
  });

  it.each([
    ['?limit=1', ['alpha'], 1, 0],
    ['?limit=2&offset=5', ['echoax', 'Foxtrot'], 2, 5],
    ['?limit=100', BY_NAME, 100, 0],
    ['?offset=6', ['Foxtrot'], 50, 6],
    ['?offset=7', [], 50, 7],
    ['?offset=1000', [], 50, 1000],
  ])('pages with %s and still counts every match', async (query, expected, limit, offset) => {
    const body = (await list(query)).json();
    expect(body.items.map((item: TriggerJson) => item.name)).toEqual(expected);
    expect(body).toMatchObject({ total: 7, limit, offset });
  });

  it('walks the whole list page by page without gaps or repeats', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 7; offset += 3) seen.push(...(await names(`?limit=3&offset=${offset}&sort=-priority`)));
    expect(seen).toEqual([...BY_PRIORITY].reverse());
  });

  it.each([
    ['?enabled=true', ['alpha', 'charlie', 'Delta 50% off', 'echo_x', 'Foxtrot'], 5],
    ['?enabled=false', ['Bravo', 'echoax'], 2],
    ['?q=ECHO', ['echo_x', 'echoax'], 2],
    ['?q=o', ['Bravo', 'Delta 50% off', 'echo_x', 'echoax', 'Foxtrot'], 5],
    ['?q=%25', ['Delta 50% off'], 1],
    ['?q=_', ['echo_x'], 1],
    ['?q=o_x', ['echo_x'], 1],
    ['?q=50%25%20OFF', ['Delta 50% off'], 1],
    ['?q=%5C', [], 0],
    ['?q=zulu', [], 0],
    ['?q=', BY_NAME, 7],
    ['?q=echo&enabled=true&sort=-name', ['echo_x'], 1],
    ['?enabled=true&sort=priority&limit=2', ['echo_x', 'Delta 50% off'], 5],
  ])('filters with %s (wildcards taken literally)', async (query, expected, total) => {
    const body = (await list(query)).json();
    expect(body.items.map((item: TriggerJson) => item.name)).toEqual(expected);
    expect(body.total).toBe(total);
  });

  it('serves name searches from the trigram index (pg_trgm) in this mode too', async () => {
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await runner.startTransaction();
      // rule out the table scan and the ordered B-tree scan: only the trigram index is left
      await runner.query('SET LOCAL enable_seqscan = off');
      await runner.query('SET LOCAL enable_indexscan = off');
      const plan: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN SELECT id FROM triggers WHERE lower(name) LIKE lower($1) ESCAPE '\\'`, ['%echo%']);
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('IDX_triggers_name_trgm');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?limit=-1', 'limit'],
    ['?limit=1.5', 'limit'],
    ['?limit=ten', 'limit'],
    ['?limit=', 'limit'],
    ['?limit=1&limit=2', 'limit'],
    ['?offset=-1', 'offset'],
    ['?offset=x', 'offset'],
    ['?offset=99999999999', 'offset'],
    ['?sort=colour', 'sort'],
    ['?sort=-', 'sort'],
    ['?sort=+name', 'sort'],
    ['?sort=Name', 'sort'],
    ['?enabled=yes', 'enabled'],
    ['?enabled=1', 'enabled'],
    ['?enabled=TRUE', 'enabled'],
    [`?q=${'q'.repeat(201)}`, 'q'],
    ['?page=2', 'page'],
    ['?name=alpha', 'name'],
  ])('refuses %s with 400 naming the parameter', async (query, path) => {
    expect(errorPaths(expectProblem(await list(query), 400, 'validation-failed'))).toContain(path);
  });

  it('lists every bad parameter at once', async () => {
    const problem = expectProblem(await list('?limit=101&offset=-1&sort=x&enabled=maybe&colour=red'), 400, 'validation-failed');
    expect(errorPaths(problem).sort()).toEqual(['colour', 'enabled', 'limit', 'offset', 'sort']);
  });

  it('needs a key', async () => {
    expectProblem(await t.inject({ url: '/v1/triggers' }), 401, 'unauthorized');
  });
});

/** `departmentId=`: the triggers whose rules name that department, by the same test as a department's delete (DESIGN §16). */
describe(`trigger list by department (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  let sales: string;
  let other: string;
  beforeAll(async () => {
    t = await startTestApp();
    sales = await createDepartment(t, 'Sales');
    other = await createDepartment(t, 'Other');
    await createTrigger(t, { name: 'department in a group', conditions: [pageUrl('.*'), group('all', group('any', rule('department', 'eq', sales)))] });
    await createTrigger(t, { name: 'Department in a list', enabled: false, conditions: [rule('department', 'in', [other, sales.toUpperCase()])] });
    await createTrigger(t, { name: 'agents in the department', conditions: [group('none', rule('agents-available', 'lt', 1, { key: sales }))] });
    await createTrigger(t, { name: 'other department', conditions: [rule('department', 'neq', other)] });
    await createTrigger(t, { name: 'agents anywhere', conditions: [rule('agents-available', 'gte', 1)] });
    await createTrigger(t, { name: 'no rules', conditions: [pageUrl('.*/contact')] });
  });
  afterAll(() => t?.close());

  const names = async (query: string) => {
    const res = await t.asViewer({ url: `/v1/triggers${query}` });
    expect(res.statusCode).toBe(200);
    return { names: (res.json().items as TriggerJson[]).map((item) => item.name), total: res.json().total };
  };

  it('lists the triggers whose department or agents-available rules name it, disabled ones included, ignoring case', async () => {
    const expected = ['agents in the department', 'department in a group', 'Department in a list'];
    expect(await names(`?departmentId=${sales}`)).toEqual({ names: expected, total: 3 });
    expect(await names(`?departmentId=${sales.toUpperCase()}`)).toEqual({ names: expected, total: 3 });
    expect(await names(`?departmentId=${other}`)).toEqual({ names: ['Department in a list', 'other department'], total: 2 });
  });

  it('combines with the other filters and paging', async () => {
    expect(await names(`?departmentId=${sales}&enabled=true&sort=-name`)).toEqual({ names: ['department in a group', 'agents in the department'], total: 2 });
    expect(await names(`?departmentId=${sales}&q=list`)).toEqual({ names: ['Department in a list'], total: 1 });
    expect(await names(`?departmentId=${sales}&limit=1&offset=1`)).toEqual({ names: ['department in a group'], total: 3 });
  });

  it('finds nothing for a department that no rule names, or that does not exist', async () => {
    expect(await names(`?departmentId=${UNKNOWN_ID}`)).toEqual({ names: [], total: 0 });
  });

  it.each(['not-a-uuid', '', '123', `${UNKNOWN_ID}0`, `${UNKNOWN_ID}&departmentId=${UNKNOWN_ID}`])(
    'refuses departmentId=%s with 400 naming it',
    async (value) => {
      const problem = expectProblem(await t.asViewer({ url: `/v1/triggers?departmentId=${value}` }), 400, 'validation-failed');
      expect(errorPaths(problem)).toEqual(['departmentId']);
    },
  );
});
