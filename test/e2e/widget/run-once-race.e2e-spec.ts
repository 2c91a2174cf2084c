import { pageUrl, queueSender, sendMessage, timeOnSite } from '../../support/builders';
import { createTrigger, sendEvent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { usesServer } from '../../support/test-database';
import { DataSource } from 'typeorm';
import { REQUEST_TIMEOUT_MS } from '../../../src/common/http/limits';
import { RunOnceClaims } from '../../../src/firing/run-once-claims.repository';

describe(`run-once under races (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_MAX: '10' } });
  });
  afterAll(() => t?.close());

  it('of 40 concurrent identical events from one visitor, exactly one fires the run-once trigger (10 visitors)', async () => {
    const trigger = await createTrigger(t, { runOnce: true });
    for (let v = 0; v < 10; v++) {
      const token = visitorToken('racer');
      const responses = await Promise.all(Array.from({ length: 40 }, () => sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/contact' })));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(40).fill(200));
      const firedCount = responses.filter((r) => r.json().fired.some((f: { triggerId: string }) => f.triggerId === trigger.id)).length;
      expect(firedCount).toBe(1);
    }
    const stats = await t.asViewer({ url: `/v1/triggers/${trigger.id}/stats` });
    expect(stats.json()).toMatchObject({ firings: { total: 10 }, uniqueVisitors: 10 });
  });

  it('concurrent first events of one visitor store it once, and every event sees the same visit', async () => {
    const trigger = await createTrigger(t, { conditions: [timeOnSite(600)] });
    const token = visitorToken('herd');
    const responses = await Promise.all(Array.from({ length: 30 }, () => sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/blog' })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    // time on site counts from one visit start for all of them (600 s to wait, give or take the second they straddle)
    for (const res of responses) expect(res.json().scheduled).toEqual([{ triggerId: trigger.id, afterSeconds: expect.any(Number) }]);
    expect(new Set(responses.map((r) => r.json().scheduled[0].afterSeconds)).size).toBeLessThanOrEqual(2);
    expect(Math.min(...responses.map((r) => r.json().scheduled[0].afterSeconds))).toBeGreaterThanOrEqual(599);
    const rows = await t.app.get(DataSource).query('SELECT first_seen_at, visit_started_at FROM visitors WHERE token = $1', [token]);
    expect(rows).toHaveLength(1);
    expect(rows[0].visit_started_at).toEqual(rows[0].first_seen_at);
  });

  it('a run-once trigger deleted after the event read it fires nothing and answers 200 (the claim finds no trigger)', async () => {
    const trigger = await createTrigger(t, { runOnce: true, conditions: [pageUrl('/vanishing')] });
    const token = visitorToken('vanish');
    await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/elsewhere' }); // the cache now holds the trigger
    // deleted behind the cache's back: this instance still holds the trigger, as it does for
    // the moment between another instance's delete and its notification
    await t.app.get(DataSource).query('DELETE FROM triggers WHERE id = $1', [trigger.id]);
    const res = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/vanishing' });
    expect(res.statusCode).toBe(200);
    expect(res.json().fired).toEqual([]);
  });

  it('a first event that fires a run-once trigger stores the visitor and its claim in one transaction', async () => {
    const trigger = await createTrigger(t, { runOnce: true, conditions: [pageUrl('/welcome-once')] });
    const db = t.app.get(DataSource);
    const token = visitorToken('welcome');
    const first = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/welcome-once' });
    expect(first.json().fired.map((f: { triggerId: string }) => f.triggerId)).toEqual([trigger.id]);
    const [claim] = await db.query('SELECT trigger_id, xmin::text AS tx FROM run_once_claims WHERE visitor_token = $1', [token]);
    const [visitor] = await db.query('SELECT xmin::text AS tx FROM visitors WHERE token = $1', [token]);
    expect(claim).toEqual({ trigger_id: trigger.id, tx: visitor.tx });
    // the visitor is now known to this instance: its next event fires nothing
    const again = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/welcome-once' });
    expect(again.json().fired).toEqual([]);
  });

  it('a visitor another instance created and served is decided as stored, not as new (its claim holds)', async () => {
    const trigger = await createTrigger(t, { runOnce: true, conditions: [pageUrl('/seen-elsewhere')] });
    const token = visitorToken('elsewhere');
    const db = t.app.get(DataSource);
    // what another instance left: the visitor, and its claim of the trigger
    await db.query('INSERT INTO visitors (token) VALUES ($1)', [token]);
    await db.query('INSERT INTO run_once_claims (trigger_id, visitor_token) VALUES ($1, $2)', [trigger.id, token]);
    const res = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/seen-elsewhere' });
    expect(res.statusCode).toBe(200);
    expect(res.json().fired).toEqual([]);
  });

  it('of the claims another instance left, only those older than the request timeout count as settled', async () => {
    const [young, old] = [await createTrigger(t, { runOnce: true }), await createTrigger(t, { runOnce: true })];
    const token = visitorToken('settled');
    const db = t.app.get(DataSource);
    await db.query('INSERT INTO visitors (token) VALUES ($1)', [token]);
    await db.query('INSERT INTO run_once_claims (trigger_id, visitor_token, claimed_at) VALUES ($1, $3, now()), ($2, $3, now() - $4::interval)', [
      young.id,
      old.id,
      token,
      `${REQUEST_TIMEOUT_MS / 1000 + 1} seconds`,
    ]);
    // the young claim may still be given back by the event that took it; the old one cannot
    expect([...(await t.app.get(RunOnceClaims).settledFor(token))]).toEqual([old.id]);
  });

  it("a registered visitor this instance has not seen yet gets the registered rule, not a new visitor's", async () => {
    // a new visitor would get this one; a registered visitor only gets after-guest-registration triggers
    await createTrigger(t, { runOnce: true, conditions: [pageUrl('/reg-check')] });
    const token = visitorToken('regd');
    const db = t.app.get(DataSource);
    await db.query('INSERT INTO visitors (token, name, registered_at) VALUES ($1, $2, now())', [token, 'Ann']);
    const res = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/reg-check' });
    expect(res.statusCode).toBe(200);
    expect(res.json().fired).toEqual([]);
    expect(await db.query('SELECT 1 FROM run_once_claims WHERE visitor_token = $1', [token])).toEqual([]);
  });

  it('a firing that delivered nothing does not consume the run-once, even under a race', async () => {
    const trigger = await createTrigger(t, {
      runOnce: true,
      conditions: [pageUrl('/queue-only')],
      actions: [sendMessage('hi', queueSender())],
    });
    const token = visitorToken('noagent');
    const responses = await Promise.all(Array.from({ length: 20 }, () => sendEvent(t, token, { type: 'page-view', url: 'https://x.example/queue-only' })));
    expect(responses.every((r) => r.statusCode === 200 && r.json().fired.length === 0)).toBe(true);
    await t.asManager({ method: 'PUT', url: '/v1/agents/race.agent', payload: { name: 'Race Agent', status: 'online', available: true } });
    const now = await sendEvent(t, token, { type: 'page-view', url: 'https://x.example/queue-only' });
    expect(now.json().fired.map((f: { triggerId: string }) => f.triggerId)).toEqual([trigger.id]);
  });
});
