import { DataSource } from 'typeorm';
import { afterRegistration, chatOpened, pageUrl, queueSender, sendMessage, timeOnSite, useExternalService } from '../../support/builders';
import { createTrigger, deleteAllTriggers, putRoutingSettings, sendEvent, upsertAgent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { usesServer } from '../../support/test-database';

const CONTACT = 'https://shop.example/contact';
const ABOUT = 'https://shop.example/about';

/** The event answer, as far as these tests read it. */
interface EventAnswer {
  fired: { triggerId: string; actions: { sender: { type: string; username: string | null; name: string } }[] }[];
  scheduled: { triggerId: string; afterSeconds: number }[];
}

describe(`widget events (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());
  afterEach(async () => {
    await deleteAllTriggers(t);
    await putRoutingSettings(t, {});
  });

  const fire = async (token: string, event: Record<string, unknown>) => {
    const res = await sendEvent(t, token, event);
    expect(res.statusCode).toBe(200);
    return res.json<EventAnswer>();
  };

  it('creates the visitor on its first event and fires a page-url trigger only where the URL matches', async () => {
    const trigger = await createTrigger(t);
    const token = visitorToken();
    const atContact = await fire(token, { type: 'page-view', url: CONTACT });
    expect(atContact.fired).toEqual([
      {
        triggerId: trigger.id,
        triggerName: trigger.name,
        firingId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        actions: [
          {
            name: 'send-message',
            source: 'static',
            sender: { type: 'custom', username: null, name: 'Bot' },
            messages: [{ msg: 'Hi! Need help?', order: 0 }],
          },
        ],
      },
    ]);
    expect(atContact.scheduled).toEqual([]);
    expect((await fire(token, { type: 'page-view', url: ABOUT })).fired).toEqual([]);
  });

  it("writes nothing synchronously for a known visitor's event that fires nothing (visit clocks are batched)", async () => {
    const token = visitorToken();
    const row = async () => (await t.app.get(DataSource).query('SELECT last_seen_at, metadata FROM visitors WHERE token = $1', [token]))[0];
    await fire(token, { type: 'page-view', url: ABOUT });
    const created = await row();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await fire(token, { type: 'page-view', url: ABOUT, timeOnSiteSeconds: 40 });
    expect(await row()).toEqual(created);
  });

  it('fires again on every matching event when runOnce is false, and once per visitor when it is true', async () => {
    const recurring = await createTrigger(t, { priority: 1 });
    const once = await createTrigger(t, { runOnce: true, priority: 2 });
    const token = visitorToken();
    const first = await fire(token, { type: 'page-view', url: CONTACT });
    expect(first.fired.map((f) => f.triggerId)).toEqual([recurring.id, once.id]);
    const second = await fire(token, { type: 'page-view', url: CONTACT });
    expect(second.fired.map((f) => f.triggerId)).toEqual([recurring.id]);
    const otherVisitor = await fire(visitorToken(), { type: 'page-view', url: CONTACT });
    expect(otherVisitor.fired.map((f) => f.triggerId)).toEqual([recurring.id, once.id]);
  });

  it('answers fired triggers in priority order, ties by name', async () => {
    const c = await createTrigger(t, { name: 'c-trigger', priority: 50 });
    const b = await createTrigger(t, { name: 'B-trigger', priority: 10 });
    const a = await createTrigger(t, { name: 'a-trigger', priority: 10 });
    const res = await fire(visitorToken(), { type: 'page-view', url: CONTACT });
    expect(res.fired.map((f) => f.triggerId)).toEqual([a.id, b.id, c.id]);
  });

  it('schedules a time-on-site trigger with the wait, then fires it on the time-on-site event', async () => {
    const trigger = await createTrigger(t, { conditions: [pageUrl('.*/contact'), { name: 'time-on-site', value: '30' }] });
    expect(trigger.conditions).toEqual([pageUrl('.*/contact'), timeOnSite(30)]);
    const token = visitorToken();
    const early = await fire(token, { type: 'page-view', url: CONTACT, timeOnSiteSeconds: 12 });
    expect(early).toEqual({ fired: [], scheduled: [{ triggerId: trigger.id, afterSeconds: 18 }] });
    expect((await fire(token, { type: 'page-view', url: ABOUT, timeOnSiteSeconds: 12 })).scheduled).toEqual([]);
    const due = await fire(token, { type: 'time-on-site', url: CONTACT, timeOnSiteSeconds: 30 });
    expect(due.fired.map((f) => f.triggerId)).toEqual([trigger.id]);
  });

  it('counts time on site from the first event of the visit when the widget sends none', async () => {
    const trigger = await createTrigger(t, { conditions: [timeOnSite(3600)] });
    const res = await fire(visitorToken(), { type: 'page-view', url: CONTACT });
    expect(res.scheduled).toEqual([{ triggerId: trigger.id, afterSeconds: 3600 }]);
  });

  it('does not schedule a run-once trigger the visitor already had', async () => {
    const trigger = await createTrigger(t, {
      runOnce: true,
      match: 'any',
      conditions: [chatOpened(), timeOnSite(60)],
    });
    const token = visitorToken();
    expect((await fire(token, { type: 'page-view', url: CONTACT, timeOnSiteSeconds: 0 })).scheduled).toEqual([{ triggerId: trigger.id, afterSeconds: 60 }]);
    expect((await fire(token, { type: 'chat-opened', url: CONTACT })).fired.map((f) => f.triggerId)).toEqual([trigger.id]);
    expect(await fire(token, { type: 'page-view', url: CONTACT, timeOnSiteSeconds: 0 })).toEqual({ fired: [], scheduled: [] });
  });

  it('fires chat-opened triggers only when the visitor opens the chat', async () => {
    const trigger = await createTrigger(t, { conditions: [chatOpened()] });
    const token = visitorToken();
    expect((await fire(token, { type: 'page-view', url: CONTACT })).fired).toEqual([]);
    expect((await fire(token, { type: 'chat-opened', url: CONTACT })).fired.map((f) => f.triggerId)).toEqual([trigger.id]);
  });

  it('after registration, fires only triggers with an after-guest-registration condition', async () => {
    const everyone = await createTrigger(t, { conditions: [pageUrl('shop')] });
    const registered = await createTrigger(t, { conditions: [afterRegistration()] });
    const token = visitorToken();
    const before = await sendEvent(t, token, { type: 'guest-registered', url: CONTACT });
    expect(before.statusCode).toBe(409);
    expect(before.json().code).toBe('visitor-not-registered');
    expect((await fire(token, { type: 'page-view', url: CONTACT })).fired.map((f) => f.triggerId)).toEqual([everyone.id]);
    const reg = await t.inject({ method: 'PUT', url: `/v1/widget/visitors/${token}`, payload: { name: 'Morgan', email: 'morgan@example.com' } });
    expect(reg.statusCode).toBe(200);
    expect((await fire(token, { type: 'guest-registered', url: CONTACT })).fired.map((f) => f.triggerId)).toEqual([registered.id]);
    expect((await fire(token, { type: 'page-view', url: CONTACT })).fired).toEqual([]);
  });

  it('combines conditions with any', async () => {
    const trigger = await createTrigger(t, {
      match: 'any',
      conditions: [pageUrl('/pricing$'), chatOpened()],
    });
    const token = visitorToken();
    expect((await fire(token, { type: 'page-view', url: 'https://shop.example/pricing' })).fired).toHaveLength(1);
    expect((await fire(token, { type: 'chat-opened', url: ABOUT })).fired.map((f) => f.triggerId)).toEqual([trigger.id]);
    expect((await fire(token, { type: 'page-view', url: ABOUT })).fired).toEqual([]);
  });

  it('impersonates the next agent from the queue, sticky per visitor', async () => {
    await upsertAgent(t, 'morgan.lee', { name: 'Morgan Lee' });
    await upsertAgent(t, 'sam.ng', { name: 'Sam Ng' });
    await createTrigger(t, { actions: [sendMessage('Hello from the queue', queueSender())] });
    const token = visitorToken();
    const first = (await fire(token, { type: 'page-view', url: CONTACT })).fired[0].actions[0];
    expect(first.sender.type).toBe('queue');
    expect(['morgan.lee', 'sam.ng']).toContain(first.sender.username);
    for (let i = 0; i < 3; i++) {
      const again = (await fire(token, { type: 'page-view', url: CONTACT })).fired[0].actions[0];
      expect(again.sender).toEqual(first.sender);
    }
    const other = (await fire(visitorToken(), { type: 'page-view', url: CONTACT })).fired[0].actions[0];
    expect(other.sender.username).not.toBe(first.sender.username);
    await t.asManager({ method: 'DELETE', url: '/v1/agents/morgan.lee' });
    await t.asManager({ method: 'DELETE', url: '/v1/agents/sam.ng' });
  });

  it('with no agent available: the queue action delivers nothing, the trigger is left out and keeps its run-once', async () => {
    const trigger = await createTrigger(t, { runOnce: true, actions: [sendMessage('Talk to us', queueSender())] });
    const token = visitorToken();
    expect((await fire(token, { type: 'page-view', url: CONTACT })).fired).toEqual([]);
    await upsertAgent(t, 'late.agent', { name: 'Late Agent' });
    const later = await fire(token, { type: 'page-view', url: CONTACT });
    expect(later.fired.map((f) => f.triggerId)).toEqual([trigger.id]);
    expect(later.fired[0].actions[0].sender).toEqual({ type: 'queue', username: 'late.agent', name: 'Late Agent' });
    await t.asManager({ method: 'DELETE', url: '/v1/agents/late.agent' });
  });

  it('lists an undelivered action with its error when another action of the trigger delivered', async () => {
    await createTrigger(t, {
      actions: [sendMessage('From the queue', queueSender()), sendMessage('From the bot')],
    });
    const res = await fire(visitorToken(), { type: 'page-view', url: CONTACT });
    expect(res.fired[0].actions).toEqual([
      { name: 'send-message', source: 'static', sender: null, messages: [], error: 'no-agent-available' },
      expect.objectContaining({ messages: [{ msg: 'From the bot', order: 0 }] }),
    ]);
  });

  it('with fireWithoutAgent, queue actions deliver under the fallback sender name', async () => {
    await putRoutingSettings(t, { fireWithoutAgent: true, fallbackSenderName: 'Support Team' });
    await createTrigger(t, { actions: [sendMessage('Hello', queueSender())] });
    const res = await fire(visitorToken(), { type: 'page-view', url: CONTACT });
    expect(res.fired[0].actions[0].sender).toEqual({ type: 'queue', username: null, name: 'Support Team' });
  });

  it('resolves an external-service action to its fallback, and leaves the trigger out when the fallback is empty', async () => {
    const withFallback = await createTrigger(t, { actions: [useExternalService('https://crm.example/hook', { fallback: 'Hello there' })] });
    await createTrigger(t, { actions: [useExternalService('https://crm.example/hook')] });
    const res = await fire(visitorToken(), { type: 'page-view', url: CONTACT });
    expect(res.fired.map((f) => f.triggerId)).toEqual([withFallback.id]);
    expect(res.fired[0].actions[0]).toMatchObject({ source: 'fallback', messages: [{ msg: 'Hello there', order: 0 }] });
    expect(JSON.stringify(res)).not.toContain('crm.example');
  });

  it('answers a backtracking-prone pattern against a long URL (RE2 is linear)', async () => {
    const res = await t.asManager({
      method: 'POST',
      url: '/v1/triggers',
      payload: { name: 'evil', conditions: [pageUrl('(a+)+$')], actions: [sendMessage('x')] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings).toEqual([expect.objectContaining({ code: 'regex-backtracking-risk' })]);
    const long = `https://shop.example/${'a'.repeat(2000)}!`;
    expect((await fire(visitorToken(), { type: 'page-view', url: long })).fired).toEqual([]);
  });
});
