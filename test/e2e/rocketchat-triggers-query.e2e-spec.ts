import { createTrigger } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { asRcAdmin, expectInvalidParams, expectRcJson } from './rocketchat-fixtures';

const TRIGGERS = '/api/v1/livechat/triggers';
/** More than Rocket.Chat's cap of 100, so a capped page and the whole list differ. */
const TRIGGER_COUNT = 105;

/** GET livechat/triggers query strings as Rocket.Chat reads them (docs/rocketchat.md, "Query strings, as Rocket.Chat reads them"). */
describe(`Rocket.Chat surface: livechat/triggers query strings (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  let byName: string[];

  const list = async (query: string) => {
    const res = await asRcAdmin(t, { url: `${TRIGGERS}?${query}` });
    expect(res.statusCode).toBe(200);
    const body = expectRcJson(res);
    return { ...body, names: body.triggers.map((trigger: { name: string }) => trigger.name) as string[] };
  };

  beforeAll(async () => {
    t = await startTestApp();
    for (let i = 0; i < TRIGGER_COUNT; i++) await createTrigger(t, { name: `rcq-${String(i).padStart(3, '0')}` });
    byName = Array.from({ length: TRIGGER_COUNT }, (_, i) => `rcq-${String(i).padStart(3, '0')}`);
  });
  afterAll(() => t?.close());

  it('an empty count, offset or sort is absent: the default page of 50 by name', async () => {
    for (const query of ['count=&offset=&sort=', 'count', 'offset=', 'sort=']) {
      const page = await list(query);
      expect(page).toMatchObject({ count: 50, offset: 0, total: TRIGGER_COUNT, success: true });
      expect(page.names).toEqual(byName.slice(0, 50));
    }
  });

  it.each([
    ['count=1e3', 100],
    ['count=12345678901234567890', 100],
    ['count=1.5', 1],
    ['count=1.9', 1],
    ['count=-1', 1],
    ['count=-5', 5],
    ['count=%205', 5],
    ['count=+5', 5],
    ['count=0x10', 16],
    ['count=1e21', 1],
    ['count=0', 100],
    ['count=%20', 100],
    ['count=-1000', 100],
    ['count=Infinity', 100],
  ])('%s pages %i triggers, as Rocket.Chat coerces, truncates and caps it', async (query, count) => {
    const page = await list(query);
    expect(page).toMatchObject({ count, offset: 0, total: TRIGGER_COUNT });
    expect(page.names).toEqual(byName.slice(0, count));
  });

  it.each([
    ['offset=0.0', 0, 50],
    ['offset=-0.5', 0, 50],
    ['offset=1.9&count=2', 1, 2],
    ['offset=1e2', 100, TRIGGER_COUNT - 100],
    ['offset=%20100', 100, TRIGGER_COUNT - 100],
  ])('%s starts at %i (%i triggers)', async (query, offset, count) => {
    const page = await list(query);
    expect(page).toMatchObject({ count, offset, total: TRIGGER_COUNT });
    expect(page.names).toEqual(byName.slice(offset, offset + count));
  });

  it("an offset past the database's maximum is an empty page that echoes Rocket.Chat's offset, never a 500", async () => {
    for (const [query, offset] of [
      ['offset=2147483648', 2147483648],
      ['offset=1e20', 1e20],
      ['offset=12345678901234567890', 12345678901234567000],
    ] as const) {
      expect(await list(query)).toMatchObject({ triggers: [], count: 0, offset, total: TRIGGER_COUNT, success: true });
    }
  });

  it('offset=Infinity (NaN after parseInt, which MongoDB reads as 0) starts at 0', async () => {
    expect(await list('offset=Infinity&count=3')).toMatchObject({ count: 3, offset: 0, names: byName.slice(0, 3) });
  });

  it("refuses what Rocket.Chat refuses, in its invalid-params envelope, naming the field in ajv's words", async () => {
    expect(expectInvalidParams(await asRcAdmin(t, { url: `${TRIGGERS}?count=abc` })).error).toBe('count: must be number [invalid-params]');
    expect(expectInvalidParams(await asRcAdmin(t, { url: `${TRIGGERS}?sort=a&sort=b` })).error).toBe('sort: must be string [invalid-params]');
    for (const query of [
      'count=5abc',
      'count=NaN',
      'count=1_000',
      'count=true',
      'count=null',
      'count=5&count=6',
      'count=5&count=',
      'offset=abc',
      'offset=-1',
      'offset=-1.5',
      'offset=-1e3',
      'sort=null',
      `sort=${encodeURIComponent('{"name":2}')}`,
      'query=%7B%7D',
      'foo=1',
      'count=5&foo=',
    ]) {
      expectInvalidParams(await asRcAdmin(t, { url: `${TRIGGERS}?${query}` }));
    }
  });

  it("deviations: qs's bracket form and sorts the native list cannot express are refused", async () => {
    for (const query of ['count[]=5', 'count%5B0%5D=5', `sort=${encodeURIComponent('{}')}`, `sort=${encodeURIComponent('{"name":1,"_updatedAt":-1}')}`]) {
      expectInvalidParams(await asRcAdmin(t, { url: `${TRIGGERS}?${query}` }));
    }
  });
});
