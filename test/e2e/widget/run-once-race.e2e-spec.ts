import { createTrigger, sendEvent, sendMessage, visitorToken } from '../../support/factories';
import { startTestApp, TestApp } from '../../support/test-app';
import { usesServer } from '../../support/test-database';
import { DataSource } from 'typeorm';
import { VisitorsRepository } from '../../../src/visitors/visitors.repository';

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

  it('concurrent first events of one visitor load (or create) it once, and every event sees the same visitor', async () => {
    const repository = t.app.get(VisitorsRepository);
    const findOrCreate = jest.spyOn(repository, 'findOrCreate');
    try {
      const token = visitorToken('herd');
      const responses = await Promise.all(Array.from({ length: 30 }, () => sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/blog' })));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
      expect(findOrCreate.mock.calls.filter(([asked]) => asked === token)).toHaveLength(1);
      expect(await repository.find(token)).toMatchObject({ token });
    } finally {
      findOrCreate.mockRestore();
    }
  });

  it('a run-once trigger deleted after the event read it fires nothing and answers 200 (the claim finds no trigger)', async () => {
    const trigger = await createTrigger(t, { runOnce: true, conditions: [{ name: 'page-url', value: '/vanishing' }] });
    const token = visitorToken('vanish');
    await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/elsewhere' }); // the cache now holds the trigger
    // deleted behind the cache's back: this instance still holds the trigger, as it does for
    // the moment between another instance's delete and its notification
    await t.app.get(DataSource).query('DELETE FROM triggers WHERE id = $1', [trigger.id]);
    const res = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/vanishing' });
    expect(res.statusCode).toBe(200);
    expect(res.json().fired).toEqual([]);
  });

  it('a first event that fires a run-once trigger creates the visitor and claims it in one statement', async () => {
    const trigger = await createTrigger(t, { runOnce: true, conditions: [{ name: 'page-url', value: '/welcome-once' }] });
    const repository = t.app.get(VisitorsRepository);
    const createClaiming = jest.spyOn(repository, 'createClaiming');
    const findOrCreate = jest.spyOn(repository, 'findOrCreate');
    try {
      const token = visitorToken('welcome');
      const first = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/welcome-once' });
      expect(first.json().fired.map((f: { triggerId: string }) => f.triggerId)).toEqual([trigger.id]);
      expect(createClaiming).toHaveBeenCalledTimes(1);
      expect(findOrCreate).not.toHaveBeenCalled();
      const claims = await t.app.get(DataSource).query('SELECT trigger_id FROM run_once_claims WHERE visitor_token = $1', [token]);
      expect(claims).toEqual([{ trigger_id: trigger.id }]);
      // the visitor is now known to this instance: its next event reads nothing and fires nothing
      const again = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/welcome-once' });
      expect(again.json().fired).toEqual([]);
      expect(findOrCreate).not.toHaveBeenCalled();
    } finally {
      createClaiming.mockRestore();
      findOrCreate.mockRestore();
    }
  });

  it('a visitor another instance created and served is decided as stored, not as new (its claim holds)', async () => {
    const trigger = await createTrigger(t, { runOnce: true, conditions: [{ name: 'page-url', value: '/seen-elsewhere' }] });
    const token = visitorToken('elsewhere');
    const db = t.app.get(DataSource);
    // what another instance left: the visitor, and its claim of the trigger
    await db.query('INSERT INTO visitors (token) VALUES ($1)', [token]);
    await db.query('INSERT INTO run_once_claims (trigger_id, visitor_token) VALUES ($1, $2)', [trigger.id, token]);
    const res = await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/seen-elsewhere' });
    expect(res.statusCode).toBe(200);
    expect(res.json().fired).toEqual([]);
  });

  it("a registered visitor this instance has not seen yet gets the registered rule, not a new visitor's", async () => {
    // a new visitor would get this one; a registered visitor only gets after-guest-registration triggers
    await createTrigger(t, { runOnce: true, conditions: [{ name: 'page-url', value: '/reg-check' }] });
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
      conditions: [{ name: 'page-url', value: '/queue-only' }],
      actions: [sendMessage('hi', { sender: 'queue' })],
    });
    const token = visitorToken('noagent');
    const responses = await Promise.all(Array.from({ length: 20 }, () => sendEvent(t, token, { type: 'page-view', url: 'https://x.example/queue-only' })));
    expect(responses.every((r) => r.statusCode === 200 && r.json().fired.length === 0)).toBe(true);
    await t.asManager({ method: 'PUT', url: '/v1/agents/race.agent', payload: { name: 'Race Agent', status: 'online', available: true } });
    const now = await sendEvent(t, token, { type: 'page-view', url: 'https://x.example/queue-only' });
    expect(now.json().fired.map((f: { triggerId: string }) => f.triggerId)).toEqual([trigger.id]);
  });
});
