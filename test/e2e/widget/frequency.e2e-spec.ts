import { DataSource } from 'typeorm';
import { pageUrl, queueSender, sendMessage, timeOnSite } from '../../support/builders';
import { createTrigger, deleteAllTriggers, sendEvent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { rcHeaders } from '../rocketchat-fixtures';
import { usesServer } from '../../support/test-database';

type Json = Record<string, unknown>;
interface Fired {
  triggerId: string;
  firingId: string;
}

const CONTACT = 'https://shop.example/contact';

/** Fires every trigger (in `ids`) on the events' answers, per trigger id. */
function firingsOf(responses: readonly { json(): { fired: Fired[] } }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const res of responses) for (const { triggerId } of res.json().fired) counts.set(triggerId, (counts.get(triggerId) ?? 0) + 1);
  return counts;
}

async function putProactive(t: TestApp, settings: Json): Promise<void> {
  const res = await t.asManager({ method: 'PUT', url: '/v1/settings/proactive', payload: settings });
  if (res.statusCode !== 200) throw new Error(`proactive settings not saved: ${res.statusCode} ${res.body}`);
}

async function explain(t: TestApp, token: string, extra: Json = {}) {
  const res = await t.asViewer({ method: 'POST', url: '/v1/triggers/explain', payload: { type: 'page-view', url: CONTACT, visitorToken: token, ...extra } });
  expect(res.statusCode).toBe(200);
  return res.json().results as { triggerId: string; wouldFire: boolean; blockedBy?: string; retryAt?: string }[];
}

async function concurrently(t: TestApp, token: string, count: number, event: Json = { type: 'page-view', url: CONTACT }) {
  const responses = await Promise.all(Array.from({ length: count }, () => sendEvent(t, token, event)));
  expect(responses.map((r) => r.statusCode)).toEqual(Array(count).fill(200));
  return responses;
}

/** Each test uses its own page path, so the triggers of one never fire in another. */
function page(path: string): string {
  return `https://shop.example/${path}`;
}

describe(`frequency, budget and snooze (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_MAX: '10' } });
  });
  afterAll(() => t?.close());
  afterEach(async () => {
    await putProactive(t, {});
    await deleteAllTriggers(t);
  });

  describe('the frequency field', () => {
    it.each([
      [{ max: 0, per: 'visit' }, 'frequency.max'],
      [{ max: 101, per: 'visit' }, 'frequency.max'],
      [{ max: 1.5, per: 'visit' }, 'frequency.max'],
      [{ max: 2, per: 'week' }, 'frequency.per'],
      [{ max: 2, per: 'day', cooldownSeconds: -1 }, 'frequency.cooldownSeconds'],
      [{ max: 2, per: 'day', cooldownSeconds: 2_592_001 }, 'frequency.cooldownSeconds'],
      [{ max: 2, per: 'day', every: 3 }, 'frequency.every'],
      ['often', 'frequency'],
    ])('refuses %j at %s, saving nothing', async (frequency, path) => {
      const name = `bad frequency ${path} ${JSON.stringify(frequency)}`;
      const res = await t.asManager({
        method: 'POST',
        url: '/v1/triggers',
        payload: { name, conditions: [pageUrl('.*')], actions: [sendMessage('x')], frequency },
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
      const list = await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent('bad frequency')}` });
      expect(list.json().items.filter((item: { name: string }) => item.name === name)).toEqual([]);
    });

    it('refuses runOnce with a frequency, on create and on a PATCH that would combine them', async () => {
      const both = await t.asManager({
        method: 'POST',
        url: '/v1/triggers',
        payload: { name: 'both limits', conditions: [pageUrl('.*')], actions: [sendMessage('x')], runOnce: true, frequency: { max: 1, per: 'visitor' } },
      });
      expect(both.statusCode).toBe(400);
      expect(both.json().errors).toEqual([expect.objectContaining({ path: 'frequency' })]);
      const once = await createTrigger(t, { runOnce: true });
      const patch = await t.asManager({ method: 'PATCH', url: `/v1/triggers/${once.id}`, payload: { frequency: { max: 2, per: 'day' } } });
      expect(patch.statusCode).toBe(400);
      expect((await t.asViewer({ url: `/v1/triggers/${once.id}` })).json().frequency).toBeNull();
    });

    it('answers frequency with its default cooldown, and null by default; PUT resets it; RC config leaves it out', async () => {
      const plain = await createTrigger(t);
      expect(plain.frequency).toBeNull();
      const limited = await createTrigger(t, { frequency: { max: 2, per: 'day' } });
      expect(limited.frequency).toEqual({ max: 2, per: 'day', cooldownSeconds: 0 });
      const put = await t.asManager({
        method: 'PUT',
        url: `/v1/triggers/${limited.id}`,
        payload: { name: limited.name, conditions: [pageUrl('.*')], actions: [sendMessage('x')] },
      });
      expect(put.json().frequency).toBeNull();
      await t.asManager({ method: 'PATCH', url: `/v1/triggers/${limited.id}`, payload: { frequency: { max: 3, per: 'visit', cooldownSeconds: 60 } } });
      const config = await t.inject({ url: '/api/v1/livechat/config' });
      const ids = (config.json().config.triggers as { _id: string }[]).map((trigger) => trigger._id);
      expect(ids).toContain(plain.id);
      expect(ids).not.toContain(limited.id);
    });
  });

  describe('the Rocket.Chat surface (DESIGN §7.2)', () => {
    it('a compatible update with runOnce: true clears a frequency; with runOnce: false it keeps it', async () => {
      const limited = await createTrigger(t, { conditions: [pageUrl('/rc-keep')], frequency: { max: 2, per: 'day' } });
      const save = (runOnce: boolean) =>
        t.inject({
          method: 'POST',
          url: '/api/v1/livechat/triggers',
          headers: rcHeaders(),
          payload: {
            _id: limited.id,
            name: limited.name,
            description: '',
            enabled: true,
            runOnce,
            conditions: [{ name: 'page-url', value: '/rc-keep' }],
            actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Bot', msg: 'Hi' } }],
          },
        });
      expect((await save(false)).statusCode).toBe(200);
      expect((await t.asViewer({ url: `/v1/triggers/${limited.id}` })).json()).toMatchObject({ runOnce: false, frequency: { max: 2, per: 'day' } });
      expect((await save(true)).statusCode).toBe(200);
      expect((await t.asViewer({ url: `/v1/triggers/${limited.id}` })).json()).toMatchObject({ runOnce: true, frequency: null });
    });

    it('the compatible config lists a trigger with an active span only inside it', async () => {
      const now = Date.now();
      const inside = await createTrigger(t, { activeFrom: new Date(now - 60_000).toISOString(), activeUntil: new Date(now + 3_600_000).toISOString() });
      const later = await createTrigger(t, { activeFrom: new Date(now + 3_600_000).toISOString() });
      const ids = ((await t.inject({ url: '/api/v1/livechat/config' })).json().config.triggers as { _id: string }[]).map((trigger) => trigger._id);
      expect(ids).toContain(inside.id);
      expect(ids).not.toContain(later.id);
    });
  });

  describe('exact under concurrency', () => {
    it('max 3 per visit: of 40 concurrent events × 10 visitors, exactly 3 fire per visitor', async () => {
      const trigger = await createTrigger(t, { conditions: [pageUrl('/max-three')], frequency: { max: 3, per: 'visit' } });
      for (let v = 0; v < 10; v++) {
        const responses = await concurrently(t, visitorToken('cap'), 40, { type: 'page-view', url: page('max-three') });
        expect(firingsOf(responses).get(trigger.id)).toBe(3);
      }
    });

    it('maxPerVisit 2 over three triggers: of 40 concurrent events × 10 visitors, exactly 2 firings per visitor, the first in priority order first', async () => {
      await putProactive(t, { maxPerVisit: 2 });
      const triggers = [];
      for (const priority of [1, 2, 3])
        triggers.push(await createTrigger(t, { priority, conditions: [pageUrl('/budget-visit')], frequency: { max: 100, per: 'visit' } }));
      for (let v = 0; v < 10; v++) {
        const token = visitorToken('budget');
        const responses = await concurrently(t, token, 40, { type: 'page-view', url: page('budget-visit') });
        const counts = firingsOf(responses);
        expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(2);
        // the first event through takes both slots, in priority order
        const firing = responses.find((res) => res.json().fired.length > 0)!;
        expect(firing.json().fired.map((f: Fired) => f.triggerId)).toEqual([triggers[0].id, triggers[1].id]);
        // what the budget cut off gave its counter back: each trigger counts only its firings
        const rows: { trigger_id: string; count: number }[] = await t.app
          .get(DataSource)
          .query('SELECT trigger_id, count FROM frequency_counters WHERE visitor_token = $1', [token]);
        const counted = Object.fromEntries(rows.map((row) => [row.trigger_id, row.count]));
        expect([counted[triggers[0].id], counted[triggers[1].id], counted[triggers[2].id] ?? 0]).toEqual([1, 1, 0]);
      }
    });

    it('minGapSeconds: of 40 concurrent events × 10 visitors, exactly one fires per visitor; explain says when the gap ends', async () => {
      await putProactive(t, { minGapSeconds: 3600 });
      const trigger = await createTrigger(t, { conditions: [pageUrl('/gap')] });
      for (let v = 0; v < 10; v++) {
        const token = visitorToken('gap');
        const before = Date.now();
        const responses = await concurrently(t, token, 40, { type: 'page-view', url: page('gap') });
        expect(firingsOf(responses).get(trigger.id)).toBe(1);
        if (v === 0) {
          const [result] = (await explain(t, token, { url: page('gap') })).filter((r) => r.triggerId === trigger.id);
          expect(result).toMatchObject({ wouldFire: false, blockedBy: 'budget' });
          expect(Date.parse(result.retryAt!)).toBeGreaterThanOrEqual(before + 3600_000);
          expect(Date.parse(result.retryAt!)).toBeLessThanOrEqual(Date.now() + 3600_000);
        }
      }
    });

    it('a firing that delivered nothing gives its counts back, even under a race', async () => {
      await putProactive(t, { maxPerVisit: 1 });
      const trigger = await createTrigger(t, {
        conditions: [pageUrl('/nobody-home')],
        frequency: { max: 1, per: 'visitor' },
        actions: [sendMessage('hi', queueSender())],
      });
      const token = visitorToken('giveback');
      const responses = await concurrently(t, token, 20, { type: 'page-view', url: page('nobody-home') });
      expect(firingsOf(responses).get(trigger.id)).toBeUndefined();
      const [counter] = await t.app.get(DataSource).query('SELECT count FROM frequency_counters WHERE visitor_token = $1', [token]);
      expect(counter.count).toBe(0);
      await t.asManager({ method: 'PUT', url: '/v1/agents/freq.agent', payload: { name: 'Freq Agent', status: 'online', available: true } });
      const now = await sendEvent(t, token, { type: 'page-view', url: page('nobody-home') });
      expect(now.json().fired.map((f: Fired) => f.triggerId)).toEqual([trigger.id]);
      await t.asManager({ method: 'DELETE', url: '/v1/agents/freq.agent' });
    });
  });

  describe('windows and cooldown', () => {
    it('a cooldown blocks the next firing and explain names its end', async () => {
      const trigger = await createTrigger(t, { conditions: [pageUrl('/cool')], frequency: { max: 100, per: 'visitor', cooldownSeconds: 600 } });
      const token = visitorToken('cool');
      const first = await sendEvent(t, token, { type: 'page-view', url: page('cool') });
      expect(first.json().fired).toHaveLength(1);
      const [claimed] = await t.app.get(DataSource).query('SELECT last_claimed_at FROM frequency_counters WHERE visitor_token = $1', [token]);
      expect((await sendEvent(t, token, { type: 'page-view', url: page('cool') })).json().fired).toEqual([]);
      const [result] = (await explain(t, token, { url: page('cool') })).filter((r) => r.triggerId === trigger.id);
      expect(result).toMatchObject({ blockedBy: 'frequency', retryAt: new Date(new Date(claimed.last_claimed_at).getTime() + 600_000).toISOString() });
      // explain at the cooldown's end: it would fire again
      const [later] = (await explain(t, token, { url: page('cool'), at: result.retryAt })).filter((r) => r.triggerId === trigger.id);
      expect(later).toMatchObject({ wouldFire: true });
    });

    it('a day cap ends at the next UTC midnight (explain), a visit cap has no known end', async () => {
      const daily = await createTrigger(t, { conditions: [pageUrl('/daily')], frequency: { max: 1, per: 'day' } });
      const perVisit = await createTrigger(t, { conditions: [pageUrl('/daily')], frequency: { max: 1, per: 'visit' } });
      const token = visitorToken('daily');
      expect((await sendEvent(t, token, { type: 'page-view', url: page('daily') })).json().fired).toHaveLength(2);
      const results = await explain(t, token, { url: page('daily') });
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      expect(results.find((r) => r.triggerId === daily.id)).toMatchObject({ blockedBy: 'frequency', retryAt: midnight.toISOString() });
      const visitResult = results.find((r) => r.triggerId === perVisit.id)!;
      expect(visitResult.blockedBy).toBe('frequency');
      expect(visitResult.retryAt).toBeUndefined();
      // the next UTC day, the daily one could fire again
      const [tomorrow] = (await explain(t, token, { url: page('daily'), at: midnight.toISOString() })).filter((r) => r.triggerId === daily.id);
      expect(tomorrow.wouldFire).toBe(true);
    });

    it('counters start again when per changes or frequency is set anew, and survive a change of max', async () => {
      const trigger = await createTrigger(t, { conditions: [pageUrl('/epoch')], frequency: { max: 1, per: 'visitor' } });
      const token = visitorToken('epoch');
      const fire = async () => (await sendEvent(t, token, { type: 'page-view', url: page('epoch') })).json().fired.length;
      expect(await fire()).toBe(1);
      expect(await fire()).toBe(0);
      await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { frequency: { max: 2, per: 'visitor' } } });
      expect(await fire()).toBe(1); // max 2: one more
      expect(await fire()).toBe(0);
      await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { frequency: { max: 2, per: 'day' } } });
      expect(await fire()).toBe(1); // a new per: counting again
      await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { frequency: null } });
      await t.asManager({ method: 'PATCH', url: `/v1/triggers/${trigger.id}`, payload: { frequency: { max: 1, per: 'day' } } });
      expect(await fire()).toBe(1); // set anew from null
      expect(await fire()).toBe(0);
    });

    it('a trigger blocked by its frequency is not scheduled', async () => {
      const trigger = await createTrigger(t, { conditions: [timeOnSite(30), pageUrl('/wait-once')], frequency: { max: 1, per: 'visitor' } });
      const token = visitorToken('sched');
      const scheduled = await sendEvent(t, token, { type: 'page-view', url: page('wait-once'), timeOnSiteSeconds: 0 });
      expect(scheduled.json().scheduled).toEqual([{ triggerId: trigger.id, afterSeconds: 30 }]);
      const fired = await sendEvent(t, token, { type: 'time-on-site', url: page('wait-once'), timeOnSiteSeconds: 30 });
      expect(fired.json().fired.map((f: Fired) => f.triggerId)).toEqual([trigger.id]);
      const again = await sendEvent(t, token, { type: 'page-view', url: page('wait-once'), timeOnSiteSeconds: 0 });
      expect(again.json().scheduled).toEqual([]);
    });

    it('a trigger the snooze or the gap would block when its wait ends is not scheduled; one whose wait outlasts the gap is', async () => {
      await putProactive(t, { snoozeAfterDismissSeconds: 600, minGapSeconds: 60 });
      await createTrigger(t, { conditions: [pageUrl('/snooze-wait')] });
      const short = await createTrigger(t, { conditions: [timeOnSite(30), pageUrl('/snooze-wait')] });
      const long = await createTrigger(t, { conditions: [timeOnSite(120), pageUrl('/snooze-wait')] });
      const token = visitorToken('snooze-wait');
      const first = await sendEvent(t, token, { type: 'page-view', url: page('snooze-wait'), timeOnSiteSeconds: 0 });
      // the immediate one fired: the gap (60 s) blocks the 30 s wait, not the 120 s one
      expect(first.json().fired).toHaveLength(1);
      expect(first.json().scheduled).toEqual([{ triggerId: long.id, afterSeconds: 120 }]);
      expect(first.json().scheduled.map((s: { triggerId: string }) => s.triggerId)).not.toContain(short.id);
      const [{ firingId }] = first.json().fired as Fired[];
      await sendEvent(t, token, { type: 'message-dismissed', url: page('snooze-wait'), firingId });
      // snoozed for 600 s: neither wait ends after it
      const again = await sendEvent(t, token, { type: 'page-view', url: page('snooze-wait'), timeOnSiteSeconds: 0 });
      expect(again.json()).toEqual({ fired: [], scheduled: [] });
    });

    it('chat-opened firings are neither blocked by nor counted in the budget; frequency still applies', async () => {
      await putProactive(t, { maxPerVisit: 0 });
      const asked = await createTrigger(t, { conditions: [{ name: 'chat-opened-by-visitor', value: null }], frequency: { max: 1, per: 'visit' } });
      const proactive = await createTrigger(t, { conditions: [pageUrl('/asked')] });
      const token = visitorToken('asked');
      expect((await sendEvent(t, token, { type: 'page-view', url: page('asked') })).json().fired).toEqual([]);
      // on another page, so that only the chat-opened trigger can fire
      const opened = await sendEvent(t, token, { type: 'chat-opened', url: page('chat') });
      expect(opened.json().fired.map((f: Fired) => f.triggerId)).toEqual([asked.id]);
      expect((await sendEvent(t, token, { type: 'chat-opened', url: page('chat') })).json().fired).toEqual([]);
      const [result] = (await explain(t, token, { url: page('asked') })).filter((r) => r.triggerId === proactive.id);
      expect(result).toMatchObject({ blockedBy: 'budget' });
      expect(result.retryAt).toBeUndefined();
    });
  });

  describe('dismissal and snooze', () => {
    it('a dismissed message snoozes proactive firings; explain says until when; stats count it', async () => {
      await putProactive(t, { snoozeAfterDismissSeconds: 600 });
      const trigger = await createTrigger(t, { conditions: [pageUrl('/snooze')] });
      const token = visitorToken('snooze');
      const first = await sendEvent(t, token, { type: 'page-view', url: page('snooze') });
      const [{ firingId }] = first.json().fired as Fired[];
      expect(firingId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const before = Date.now();
      const dismissed = await sendEvent(t, token, { type: 'message-dismissed', url: page('snooze'), firingId });
      expect(dismissed.statusCode).toBe(200);
      expect(dismissed.json()).toEqual({ fired: [], scheduled: [] });
      expect((await sendEvent(t, token, { type: 'page-view', url: page('snooze') })).json().fired).toEqual([]);
      const [result] = (await explain(t, token, { url: page('snooze') })).filter((r) => r.triggerId === trigger.id);
      expect(result.blockedBy).toBe('snoozed');
      expect(Date.parse(result.retryAt!)).toBeGreaterThanOrEqual(before + 600_000);
      const stats = await t.asViewer({ url: `/v1/triggers/${trigger.id}/stats` });
      expect(stats.json()).toMatchObject({ firings: { total: 1 }, dismissals: 1 });
      // dismissing it again is accepted and counted once
      expect((await sendEvent(t, token, { type: 'message-dismissed', url: page('snooze'), firingId })).statusCode).toBe(200);
      expect((await t.asViewer({ url: `/v1/triggers/${trigger.id}/stats` })).json().dismissals).toBe(1);
    });

    it('a forged or foreign firingId is 404 firing-not-found and snoozes nothing; an unknown visitor is not created', async () => {
      await putProactive(t, { snoozeAfterDismissSeconds: 600 });
      await createTrigger(t, { conditions: [pageUrl('/foreign')] });
      const owner = visitorToken('owner');
      const [{ firingId }] = (await sendEvent(t, owner, { type: 'page-view', url: page('foreign') })).json().fired as Fired[];
      const other = visitorToken('other');
      expect((await sendEvent(t, other, { type: 'page-view', url: page('nowhere') })).statusCode).toBe(200);
      const db = t.app.get(DataSource);
      for (const [token, id] of [
        [other, firingId],
        [owner, '3f2b8c1e-9d4a-4e6b-8f00-123456789abc'],
      ]) {
        const res = await sendEvent(t, token, { type: 'message-dismissed', url: page('foreign'), firingId: id });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'firing-not-found' });
      }
      expect(await db.query('SELECT 1 FROM proactive_budgets WHERE dismissed_at IS NOT NULL AND visitor_token = ANY($1)', [[owner, other]])).toEqual([]);
      expect((await sendEvent(t, other, { type: 'page-view', url: page('foreign') })).json().fired).toHaveLength(1);
      const stranger = visitorToken('stranger');
      const res = await sendEvent(t, stranger, { type: 'message-dismissed', url: page('foreign'), firingId });
      expect(res.statusCode).toBe(404);
      expect(await db.query('SELECT 1 FROM visitors WHERE token = $1', [stranger])).toEqual([]);
    });

    it.each([
      [{ type: 'message-dismissed', url: CONTACT }, 'firingId'],
      [{ type: 'message-dismissed', url: CONTACT, firingId: 'not-a-uuid' }, 'firingId'],
      [{ type: 'page-view', url: CONTACT, firingId: '3f2b8c1e-9d4a-4e6b-8f00-123456789abc' }, 'firingId'],
    ])('refuses %j at %s', async (event, path) => {
      const res = await sendEvent(t, visitorToken('bad-dismiss'), event);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([path]);
    });
  });

  describe('proactive settings', () => {
    it('are null by default, replaced by PUT (omitted: null), refused out of range at the path', async () => {
      expect((await t.asViewer({ url: '/v1/settings/proactive' })).json()).toEqual({
        maxPerVisit: null,
        maxPerDay: null,
        minGapSeconds: null,
        snoozeAfterDismissSeconds: null,
      });
      const put = await t.asManager({ method: 'PUT', url: '/v1/settings/proactive', payload: { maxPerVisit: 2, minGapSeconds: 60 } });
      expect(put.json()).toEqual({ maxPerVisit: 2, maxPerDay: null, minGapSeconds: 60, snoozeAfterDismissSeconds: null });
      for (const [body, path] of [
        [{ maxPerVisit: -1 }, 'maxPerVisit'],
        [{ maxPerDay: 1001 }, 'maxPerDay'],
        [{ minGapSeconds: 1.5 }, 'minGapSeconds'],
        [{ snoozeAfterDismissSeconds: 2_592_001 }, 'snoozeAfterDismissSeconds'],
        [{ maxPerVisit: '2' }, 'maxPerVisit'],
        [{ perWeek: 3 }, 'perWeek'],
      ] as const) {
        const res = await t.asManager({ method: 'PUT', url: '/v1/settings/proactive', payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([path]);
      }
      expect((await t.asViewer({ url: '/v1/settings/proactive' })).json()).toEqual(put.json());
      expect((await t.asViewer({ method: 'PUT', url: '/v1/settings/proactive', payload: {} })).statusCode).toBe(403);
    });
  });
});

const twoInstances = usesServer() ? describe : describe.skip;

twoInstances('frequency and budget across two instances (PostgreSQL server)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ env: { DB_POOL_MAX: '10' } });
    b = await startTestApp({ databaseUrl: a.databaseUrl, env: { DB_POOL_MAX: '10' } });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const both = async (token: string, url: string) => {
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => sendEvent(i % 2 ? a : b, token, { type: 'page-view', url })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(40).fill(200));
    return responses;
  };

  it('max 3, the visit budget and the gap hold over 40 concurrent events × 10 visitors spread over both', async () => {
    const capped = await createTrigger(a, { conditions: [pageUrl('/two-cap')], frequency: { max: 3, per: 'visit' } });
    const budgeted = [
      await createTrigger(a, { priority: 1, conditions: [pageUrl('/two-budget')] }),
      await createTrigger(a, { priority: 2, conditions: [pageUrl('/two-budget')] }),
    ];
    await putProactive(a, { maxPerVisit: 3, minGapSeconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // b's snapshot holds the triggers and settings
    for (let v = 0; v < 10; v++) {
      const token = visitorToken('two');
      const capCounts = firingsOf(await both(token, page('two-cap')));
      // the gap: one event fires (up to 3, the visit's budget; the trigger's own cap is 3 too)
      expect(capCounts.get(capped.id)).toBe(1);
      const budgetCounts = firingsOf(await both(visitorToken('two-budget'), page('two-budget')));
      expect(budgetCounts.get(budgeted[0].id)).toBe(1);
      expect(budgetCounts.get(budgeted[1].id)).toBe(1);
    }
    await putProactive(a, { maxPerVisit: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let v = 0; v < 10; v++) {
      const counts = firingsOf(await both(visitorToken('two-visit'), page('two-cap')));
      expect(counts.get(capped.id)).toBe(2);
    }
    await putProactive(a, {});
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let v = 0; v < 10; v++) {
      const counts = firingsOf(await both(visitorToken('two-max'), page('two-cap')));
      expect(counts.get(capped.id)).toBe(3);
    }
  });

  it('a firing from one instance is dismissed on the other at once', async () => {
    await putProactive(a, { snoozeAfterDismissSeconds: 600 });
    await createTrigger(a, { conditions: [pageUrl('/two-dismiss')] });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const token = visitorToken('two-dismiss');
    const [{ firingId }] = (await sendEvent(a, token, { type: 'page-view', url: page('two-dismiss') })).json().fired as Fired[];
    expect((await sendEvent(b, token, { type: 'message-dismissed', url: page('two-dismiss'), firingId })).statusCode).toBe(200);
    expect((await sendEvent(a, token, { type: 'page-view', url: page('two-dismiss') })).json().fired).toEqual([]);
    await putProactive(a, {});
  });
});
