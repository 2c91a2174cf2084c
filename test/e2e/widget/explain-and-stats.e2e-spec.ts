import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FiringLog } from '../../../src/firing/firing-log';
import { pageUrl, queueSender, sendMessage, timeOnSite, useExternalService } from '../../support/builders';
import { createTrigger, deleteAllTriggers, sendEvent, upsertAgent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';

describe('explain and stats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());
  afterEach(() => deleteAllTriggers(t));

  const explain = (body: Record<string, unknown>) => t.asViewer({ method: 'POST', url: '/v1/triggers/explain', payload: body });
  const countRows = async (table: string) => (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('says per trigger whether it would fire and which condition failed', async () => {
    const contact = await createTrigger(t, { name: 'contact', priority: 1 });
    const pricing = await createTrigger(t, { name: 'pricing', priority: 2, conditions: [pageUrl('/pricing')] });
    const off = await createTrigger(t, { name: 'off', priority: 3, enabled: false });
    const later = await createTrigger(t, { name: 'later', priority: 4, conditions: [timeOnSite(30)] });
    const res = await explain({ type: 'page-view', url: 'https://shop.example/contact', timeOnSiteSeconds: 10 });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([
      {
        triggerId: contact.id,
        triggerName: 'contact',
        wouldFire: true,
        reasons: [{ condition: 'page-url', path: 'conditions[0]', met: true, detail: expect.any(String), actual: 'https://shop.example/contact' }],
      },
      {
        triggerId: pricing.id,
        triggerName: 'pricing',
        wouldFire: false,
        reasons: [
          {
            condition: 'page-url',
            path: 'conditions[0]',
            met: false,
            detail: expect.stringContaining('does not match'),
            actual: 'https://shop.example/contact',
          },
        ],
      },
      { triggerId: off.id, triggerName: 'off', wouldFire: false, blockedBy: 'disabled', reasons: [expect.objectContaining({ met: true })] },
      {
        triggerId: later.id,
        triggerName: 'later',
        wouldFire: false,
        afterSeconds: 20,
        reasons: [{ condition: 'time-on-site', path: 'conditions[0]', met: false, detail: '10 s on site < 30 s', actual: 10 }],
      },
    ]);
  });

  it('has no side effects: no visitor, no claim, no firing, no pick', async () => {
    await createTrigger(t, { runOnce: true, actions: [sendMessage('hi', queueSender())] });
    await upsertAgent(t, 'explain.agent');
    const before = await Promise.all(['visitors', 'run_once_claims', 'trigger_firings'].map(countRows));
    const agentBefore = (await t.asViewer({ url: '/v1/agents/explain.agent' })).json();
    for (let i = 0; i < 3; i++) expect((await explain({ type: 'page-view', url: 'https://shop.example/contact' })).json().results[0].wouldFire).toBe(true);
    expect(await Promise.all(['visitors', 'run_once_claims', 'trigger_firings'].map(countRows))).toEqual(before);
    expect((await t.asViewer({ url: '/v1/agents/explain.agent' })).json()).toEqual(agentBefore);
    await t.asManager({ method: 'DELETE', url: '/v1/agents/explain.agent' });
  });

  it("reads a visitor's registration and run-once history, and says when no agent is available", async () => {
    const once = await createTrigger(t, { runOnce: true });
    const queue = await createTrigger(t, { actions: [sendMessage('hi', queueSender())] });
    const token = visitorToken();
    await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/contact' });
    const results = (await explain({ visitorToken: token, type: 'page-view', url: 'https://shop.example/contact' })).json().results;
    expect(results.find((r: { triggerId: string }) => r.triggerId === once.id)).toMatchObject({ wouldFire: false, blockedBy: 'run-once-consumed' });
    expect(results.find((r: { triggerId: string }) => r.triggerId === queue.id)).toMatchObject({ wouldFire: false, blockedBy: 'no-agent-available' });
    const registered = (await explain({ type: 'page-view', url: 'https://shop.example/contact', registered: true })).json().results;
    expect(registered.every((r: { blockedBy?: string }) => r.blockedBy === 'registered-visitor')).toBe(true);
  });

  it('refuses an unknown visitor token and bad input with 400, and viewers may use it', async () => {
    const unknown = await explain({ visitorToken: 'nobody-knows-me', type: 'page-view', url: 'https://x.example/' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ path: 'visitorToken', message: 'is not a known visitor' }]);
    const bad = await explain({ type: 'wave', url: '' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['type', 'url']);
    expect((await t.inject({ method: 'POST', url: '/v1/triggers/explain', payload: { type: 'page-view', url: 'x' } })).statusCode).toBe(401);
  });

  it('counts firings, recent firings, unique visitors and outcomes per action', async () => {
    const trigger = await createTrigger(t, {
      actions: [sendMessage('hi'), useExternalService('https://crm.example/', { fallback: 'fb' })],
    });
    const a = visitorToken();
    const b = visitorToken();
    for (const token of [a, a, b]) await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/contact' });
    const stats = await t.asViewer({ url: `/v1/triggers/${trigger.id}/stats` });
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toEqual({
      triggerId: trigger.id,
      firings: { total: 3, last24h: 3 },
      uniqueVisitors: 2,
      dismissals: 0,
      outcomes: { static: 3, external: 0, fallback: 3 },
    });
    expect((await t.asViewer({ url: '/v1/triggers/00000000-0000-4000-8000-000000000000/stats' })).statusCode).toBe(404);
    expect((await t.asViewer({ url: '/v1/triggers/not-a-uuid/stats' })).statusCode).toBe(404);
  });

  it("writes firings in batches, off the event: stats read after an event count it; a deleted trigger's pending firings are left out", async () => {
    const kept = await createTrigger(t, { name: 'kept' });
    const gone = await createTrigger(t, { name: 'gone' });
    const token = visitorToken();
    const log = t.app.get(FiringLog);
    await log.flush();
    const before = await countRows('trigger_firings');
    const firedAt = new Date();
    const actions = [{ name: 'send-message', source: 'static' as const, delivered: true }];
    await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/contact' });
    log.record([{ firingId: randomUUID(), triggerId: gone.id, visitorToken: token, firedAt, actions }]);
    await t.asManager({ method: 'DELETE', url: `/v1/triggers/${gone.id}` });
    // the pending batch holds firings of both; the deleted trigger's must not fail the write
    const stats = await t.asViewer({ url: `/v1/triggers/${kept.id}/stats` });
    expect(stats.json().firings.total).toBe(1);
    expect(await countRows('trigger_firings')).toBe(before + 1);
  });
});
