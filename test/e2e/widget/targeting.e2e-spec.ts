import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { writeMmdb } from '../../support/mmdb-writer';
import { customSender, group, pageUrl, rule, sendMessage } from '../../support/builders';
import { createTrigger, deleteAllTriggers, sendEvent, triggerBody, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { usesServer } from '../../support/test-database';

const PRICING = 'https://shop.example/pricing?utm_source=newsletter&plan=pro+max';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Answer {
  fired: { triggerId: string }[];
  scheduled: { triggerId: string; afterSeconds: number }[];
}

describe(`targeting: rules, groups and the facts they test (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', COUNTRY_HEADER: 'CF-IPCountry', VISIT_IDLE_SECONDS: '1' } });
  });
  afterAll(() => t?.close());
  afterEach(() => deleteAllTriggers(t));

  const fired = async (token: string, event: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string[]> => {
    const res = await t.inject({ method: 'POST', url: `/v1/widget/visitors/${token}/events`, payload: event, headers });
    expect(res.statusCode).toBe(200);
    return res.json<Answer>().fired.map((f) => f.triggerId);
  };
  const withRules = (...conditions: unknown[]) => createTrigger(t, { conditions, actions: [sendMessage('Hello', customSender('Bot'))] });
  const triggerCount = async () => (await t.asManager({ url: '/v1/triggers?limit=1' })).json<{ total: number }>().total;

  it('refuses bad rules with every problem at its path, all at once, and saves nothing', async () => {
    const before = await triggerCount();
    const res = await t.asManager({
      method: 'POST',
      url: '/v1/triggers',
      payload: triggerBody({
        name: '',
        conditions: [
          rule('visit-count', 'contains', 2),
          group('any', rule('country', 'eq', 'de'), group('all', rule('page-title', 'regex', '(a'))),
          rule('query-param', 'exists'),
          { name: 'page-url', value: '.*', op: 'eq' },
        ],
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'conditions[0].op',
        'conditions[1].conditions[0].value',
        'conditions[1].conditions[1].conditions[0].value',
        'conditions[2].key',
        'conditions[3].op',
      ]),
    );
    expect(await triggerCount()).toBe(before);
  });

  it('refuses a department rule naming no stored department, at the value’s path', async () => {
    const res = await t.asManager({
      method: 'POST',
      url: '/v1/triggers',
      payload: triggerBody({ conditions: [group('all', rule('department', 'in', ['7a1f3c9e-0000-4000-8000-000000000001']))] }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['conditions[0].conditions[0].value']);
  });

  it('stores and answers rules as sent; the widget config shows rules by name only (time-on-page keeps op and value)', async () => {
    const conditions = [
      group('any', rule('page-title', 'contains', 'Pricing', { caseSensitive: true }), rule('visitor-attribute', 'gte', 5, { key: 'seats' })),
      rule('time-on-page', 'gte', 10),
    ];
    const created = await withRules(...conditions);
    expect(created.conditions).toEqual(conditions);
    expect((await t.asViewer({ url: `/v1/triggers/${created.id}` })).json<{ conditions: unknown }>().conditions).toEqual(conditions);
    const config = (await t.inject({ url: '/v1/widget/config' })).json<{ triggers: { id: string; conditions: unknown }[] }>();
    expect(config.triggers.find((x) => x.id === created.id)!.conditions).toEqual([
      { name: 'group', match: 'any', conditions: [{ name: 'page-title' }, { name: 'visitor-attribute' }] },
      { name: 'time-on-page', op: 'gte', value: 10 },
    ]);
  });

  it('fires by page title, query parameter, language and device, each from where DESIGN §11 takes it', async () => {
    const byTitle = await withRules(rule('page-title', 'contains', 'pricing'));
    const byParam = await withRules(rule('query-param', 'eq', 'pro max', { key: 'plan' }));
    const byLanguage = await withRules(rule('language', 'eq', 'pt'));
    const byDevice = await withRules(rule('device', 'eq', 'mobile'));
    const token = visitorToken();
    const base = { type: 'page-view', url: PRICING };
    expect(await fired(token, { ...base, title: 'Our Pricing' }, { 'user-agent': WINDOWS })).toEqual(expect.arrayContaining([byTitle.id, byParam.id]));
    // the event's language wins; else Accept-Language's preferred tag
    expect(await fired(token, { ...base, language: 'pt-BR' }, { 'user-agent': WINDOWS })).toContain(byLanguage.id);
    expect(await fired(token, base, { 'user-agent': WINDOWS, 'accept-language': 'de;q=0.5, pt-PT;q=0.9' })).toContain(byLanguage.id);
    expect(await fired(token, { ...base, language: 'de' }, { 'user-agent': WINDOWS, 'accept-language': 'pt' })).not.toContain(byLanguage.id);
    expect(await fired(token, base, { 'user-agent': IPHONE })).toContain(byDevice.id);
    expect(await fired(token, base, { 'user-agent': WINDOWS })).not.toContain(byDevice.id);
  });

  it('takes the country from COUNTRY_HEADER (TRUST_PROXY on), upper-cased; anything not two letters is absent', async () => {
    const inGermany = await withRules(rule('country', 'eq', 'DE'));
    const unknown = await withRules(rule('country', 'not-exists'));
    const token = visitorToken();
    const at = { type: 'page-view', url: PRICING };
    expect(await fired(token, at, { 'cf-ipcountry': 'de' })).toEqual([inGermany.id]);
    expect(await fired(token, at, { 'cf-ipcountry': 'XX' })).toEqual([unknown.id]);
    expect(await fired(token, at, { 'cf-ipcountry': 'T1' })).toEqual([unknown.id]);
  });

  it('a custom event fires only custom-event triggers, by exact name; other events never fire them', async () => {
    const cart = await withRules(rule('custom-event', 'in', ['added-to-cart']));
    await createTrigger(t, { conditions: [pageUrl('pricing')] });
    const token = visitorToken();
    expect(await fired(token, { type: 'custom', url: PRICING, name: 'added-to-cart' })).toEqual([cart.id]);
    expect(await fired(token, { type: 'custom', url: PRICING, name: 'Added-To-Cart' })).toEqual([]);
    expect(await fired(token, { type: 'page-view', url: PRICING })).not.toContain(cart.id);
  });

  it('excluded triggers are neither fired nor scheduled', async () => {
    const now = await withRules(rule('page-title', 'exists'));
    const later = await withRules(rule('time-on-page', 'gte', 30));
    const res = await sendEvent(t, visitorToken(), { type: 'page-view', url: PRICING, title: 'x', exclude: [now.id, later.id, 'not-a-trigger'] });
    expect(res.json<Answer>()).toEqual({ fired: [], scheduled: [] });
  });

  it('counts visits (one write at a visit’s start) and chats opened (the event sees the count before it), never going back', async () => {
    const returning = await withRules(rule('visit-count', 'gte', 2));
    const chatted = await withRules(rule('chats-opened', 'gte', 1), rule('page-title', 'exists'));
    const token = visitorToken();
    const row = async () =>
      (await t.app.get(DataSource).query('SELECT visit_count, chats_opened, visit_referrer FROM visitors WHERE token = $1', [token]))[0] as Record<
        string,
        unknown
      >;
    expect(await fired(token, { type: 'page-view', url: PRICING, referrer: 'https://www.google.com/search' })).toEqual([]);
    expect(await fired(token, { type: 'chat-opened', url: PRICING })).toEqual([]);
    expect(await row()).toEqual({ visit_count: 1, chats_opened: 1, visit_referrer: 'https://www.google.com/search' });
    expect(await fired(token, { type: 'page-view', url: PRICING, title: 'x' })).toEqual([chatted.id]);
    // VISIT_IDLE_SECONDS=1: the next event starts a second visit
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await fired(token, { type: 'page-view', url: PRICING, referrer: '' })).toEqual([returning.id]);
    expect(await row()).toEqual({ visit_count: 2, chats_opened: 1, visit_referrer: '' });
  });

  it('keeps the visit’s first referrer for the whole visit', async () => {
    const fromGoogle = await withRules(rule('referrer', 'contains', 'google.'));
    const token = visitorToken();
    expect(await fired(token, { type: 'page-view', url: PRICING, referrer: 'https://www.google.de/' })).toEqual([fromGoogle.id]);
    expect(await fired(token, { type: 'page-view', url: PRICING })).toEqual([fromGoogle.id]);
    expect(await fired(token, { type: 'page-view', url: PRICING, referrer: 'https://bing.com/' })).toEqual([fromGoogle.id]);
  });

  it('refuses bad event facts with a 400 at each field', async () => {
    const res = await sendEvent(t, visitorToken(), {
      type: 'custom',
      url: PRICING,
      language: 'english please',
      referrer: 'ftp://x',
      title: 'x'.repeat(513),
      timeOnPageSeconds: -1,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['language', 'name', 'referrer', 'timeOnPageSeconds', 'title']);
    const named = await sendEvent(t, visitorToken(), { type: 'page-view', url: PRICING, name: 'x' });
    expect(named.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['name']);
  });

  it('registration keeps a language (null clears it) used when the event sends none', async () => {
    // registering makes a registered visitor: the visitor-registered rule lets this trigger reach it
    const portuguese = await withRules(rule('language', 'eq', 'pt'), rule('visitor-registered', 'eq', true));
    const token = visitorToken();
    const register = (payload: Record<string, unknown>) => t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload });
    expect((await register({ language: 'pt-br' })).json<{ language: string }>().language).toBe('pt-br');
    expect((await register({ language: 'no tag' })).statusCode).toBe(400);
    expect(await fired(token, { type: 'page-view', url: PRICING })).toContain(portuguese.id);
    expect((await register({ name: 'Ana' })).json<{ language: string }>().language).toBe('pt-br');
    expect((await register({ language: null })).json<{ language: string | null }>().language).toBeNull();
  });

  it('explain takes every fact and answers path and actual for every leaf; a visitor token fills what it leaves out', async () => {
    const trigger = await withRules(
      group('all', rule('page-title', 'contains', 'pricing'), rule('device', 'eq', 'mobile')),
      rule('visitor-attribute', 'eq', 'pro', { key: 'plan' }),
      rule('visit-count', 'gte', 1),
      rule('country', 'exists'),
    );
    const token = visitorToken();
    await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: { metadata: { plan: 'pro' } } });
    const res = await t.asViewer({
      method: 'POST',
      url: '/v1/triggers/explain',
      payload: { visitorToken: token, type: 'page-view', url: PRICING, title: 'Pricing', userAgent: IPHONE, country: 'DE', registered: false },
      headers: { 'user-agent': WINDOWS, 'cf-ipcountry': 'FR' },
    });
    expect(res.statusCode).toBe(200);
    const result = res
      .json<{ results: { triggerId: string; wouldFire: boolean; reasons: { path: string; actual: unknown }[] }[] }>()
      .results.find((r) => r.triggerId === trigger.id)!;
    expect(result.reasons.map(({ path, actual }) => ({ path, actual }))).toEqual([
      { path: 'conditions[0].conditions[0]', actual: 'Pricing' },
      { path: 'conditions[0].conditions[1]', actual: 'mobile' },
      { path: 'conditions[1]', actual: 'pro' },
      { path: 'conditions[2]', actual: 1 },
      { path: 'conditions[3]', actual: 'DE' },
    ]);
    expect(result.wouldFire).toBe(true);
    const bare = await t.asViewer({ method: 'POST', url: '/v1/triggers/explain', payload: { type: 'page-view', url: PRICING } });
    const reasons = bare.json<{ results: { triggerId: string; reasons: { actual: unknown }[] }[] }>().results.find((r) => r.triggerId === trigger.id)!.reasons;
    // no request header is a fact: desktop, no country
    expect(reasons.map((r) => r.actual)).toEqual([null, 'desktop', null, 1, null]);
  });

  it('Rocket.Chat’s config lists only triggers made of its four conditions; its GET triggers shows rules as stored', async () => {
    const plain = await createTrigger(t, { conditions: [pageUrl('pricing')] });
    const targeted = await withRules(pageUrl('pricing'), rule('device', 'eq', 'mobile'));
    const config = (await t.inject({ url: '/api/v1/livechat/config' })).json<{ config: { triggers: { _id: string }[] } }>();
    const listed = config.config.triggers.map((x) => x._id);
    expect(listed).toContain(plain.id);
    expect(listed).not.toContain(targeted.id);
    const rc = await t.asManager({
      url: `/api/v1/livechat/triggers/${targeted.id}`,
      headers: { 'x-auth-token': 'manager-key-0123456789abcdef', 'x-user-id': 'u' },
    });
    expect(rc.json<{ trigger: { conditions: unknown } }>().trigger.conditions).toEqual([
      { name: 'page-url', value: 'pricing' },
      { name: 'device', op: 'eq', value: 'mobile' },
    ]);
  });
});

describe('targeting: COUNTRY_HEADER is ignored without TRUST_PROXY; GEOIP_DB answers instead', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lt-geoip-'));
    // inject() requests come from 127.0.0.1
    writeFileSync(join(dir, 'countries.mmdb'), writeMmdb({ '127.0.0.0/8': { country: { iso_code: 'SE' } } }));
    t = await startTestApp({ env: { COUNTRY_HEADER: 'CF-IPCountry', GEOIP_DB: join(dir, 'countries.mmdb') } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a forged country header changes nothing; the client IP’s country comes from the MaxMind database', async () => {
    await createTrigger(t, { conditions: [rule('country', 'eq', 'DE')] });
    const inSweden = await createTrigger(t, { conditions: [rule('country', 'eq', 'SE')] });
    const forged = await t.inject({
      method: 'POST',
      url: `/v1/widget/visitors/${visitorToken()}/events`,
      payload: { type: 'page-view', url: PRICING },
      headers: { 'cf-ipcountry': 'DE' },
    });
    expect(forged.json<Answer>().fired.map((f) => f.triggerId)).toEqual([inSweden.id]);
  });
});

describe('targeting: no country source configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('the country is always absent, and explain says no source is configured', async () => {
    const inGermany = await createTrigger(t, { conditions: [rule('country', 'eq', 'DE')] });
    const forged = await t.inject({
      method: 'POST',
      url: `/v1/widget/visitors/${visitorToken()}/events`,
      payload: { type: 'page-view', url: PRICING },
      headers: { 'cf-ipcountry': 'DE' },
    });
    expect(forged.json<Answer>().fired).toEqual([]);
    const explained = await t.asViewer({ method: 'POST', url: '/v1/triggers/explain', payload: { type: 'page-view', url: PRICING } });
    const reason = explained.json<{ results: { triggerId: string; reasons: { detail: string }[] }[] }>().results.find((r) => r.triggerId === inGermany.id)!
      .reasons[0];
    expect(reason.detail).toContain('no country source is configured');
  });
});

const twoInstances = usesServer() ? describe : describe.skip;

twoInstances('targeting: visit counts across two instances (PostgreSQL server)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ env: { VISIT_IDLE_SECONDS: '1' } });
    b = await startTestApp({ databaseUrl: a.databaseUrl, env: { VISIT_IDLE_SECONDS: '1' } });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a visit started on one instance is counted once, and the other instance never sees the count go back', async () => {
    const second = await createTrigger(a, { conditions: [rule('visit-count', 'eq', 2)] });
    await createTrigger(a, { conditions: [rule('visit-count', 'gte', 3)] });
    const token = visitorToken();
    const on = async (app: TestApp) => (await sendEvent(app, token, { type: 'page-view', url: PRICING })).json<Answer>().fired.map((f) => f.triggerId);
    await new Promise((resolve) => setTimeout(resolve, 1200)); // both instances hear of the new triggers
    expect(await on(a)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    // B starts visit 2; A, whose clock says the visit went idle too, takes B's visit instead of counting a third
    expect(await on(b)).toEqual([second.id]);
    expect(await on(a)).toEqual([second.id]);
    expect(await on(b)).toEqual([second.id]);
    const [row] = await a.app.get(DataSource).query<{ visit_count: number }[]>('SELECT visit_count FROM visitors WHERE token = $1', [token]);
    expect(row.visit_count).toBe(2);
  });
});
