import { DataSource } from 'typeorm';
import { pageUrl, useExternalService } from '../support/builders';
import { createTrigger, sendEvent, triggerBody, uniqueName, upsertAgent, visitorToken } from '../support/factories';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';

/** One of everything the write routes act on, so every route has a real target. */
export interface AbuseWorld {
  readonly t: TestApp;
  readonly upstream: FakeUpstream;
  readonly ids: { id: string; username: string; token: string; externalTriggerId: string; departmentId: string; scheduleId: string };
  close(): Promise<void>;
}

export async function startAbuseWorld(env: Record<string, string> = {}): Promise<AbuseWorld> {
  const upstream = await startFakeUpstream();
  const t = await startTestApp({ env: { EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort, ...env } });
  await t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken: 'shh' } });
  const trigger = await createTrigger(t);
  const external = await createTrigger(t, {
    conditions: [pageUrl('.*/never')],
    actions: [useExternalService(upstream.url('/crm'), { timeout: 1000 })],
  });
  await upsertAgent(t, 'morgan.lee');
  const department = await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: uniqueName('dept') } });
  const schedule = await t.asManager({ method: 'POST', url: '/v1/schedules', payload: { name: uniqueName('hours'), timeZone: 'Europe/Berlin' } });
  const token = visitorToken();
  await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/' });
  return {
    t,
    upstream,
    ids: {
      id: trigger.id,
      username: 'morgan.lee',
      token,
      externalTriggerId: external.id,
      departmentId: department.json().id,
      scheduleId: schedule.json().id,
    },
    async close() {
      await t.close();
      await upstream.close();
    },
  };
}

type Body = Record<string, unknown>;

/**
 * A valid body for every write route of openapi.json, keyed `METHOD template`. The path
 * values come from the world; a new write route without an entry here fails the suites.
 */
export function validBodies(world: AbuseWorld): Record<string, { path: Record<string, string>; body: () => Body }> {
  const { id, username, token, externalTriggerId, departmentId, scheduleId } = world.ids;
  const hours = () => ({ weekly: [{ day: 'mon', from: '09:00', to: '17:00' }], exceptions: [{ date: '2026-12-25', windows: [] }] });
  return {
    'PUT /v1/agents/{username}': { path: { username }, body: () => ({ name: 'Morgan Lee', status: 'online', available: true, departmentIds: [departmentId] }) },
    'PATCH /v1/agents/{username}': { path: { username }, body: () => ({ status: 'away', departmentIds: [departmentId] }) },
    'POST /v1/departments': { path: {}, body: () => ({ name: uniqueName('dept'), enabled: true }) },
    'PATCH /v1/departments/{id}': { path: { id: departmentId }, body: () => ({ name: uniqueName('dept'), showOnRegistration: true }) },
    'PUT /v1/departments/{id}/agents': { path: { id: departmentId }, body: () => ({ usernames: [username] }) },
    'POST /v1/external-service/test': { path: {}, body: () => ({ serviceUrl: world.upstream.url('/test'), serviceTimeout: 1000, metadata: { a: 'b' } }) },
    'POST /v1/routing/next-agent': { path: {}, body: () => ({ departmentId }) },
    'PUT /v1/settings/external-service': { path: {}, body: () => ({ secretToken: 'shh' }) },
    'PUT /v1/settings/proactive': { path: {}, body: () => ({ maxPerVisit: 3, maxPerDay: 5, minGapSeconds: 30, snoozeAfterDismissSeconds: 600 }) },
    'PUT /v1/settings/routing': {
      path: {},
      body: () => ({ method: 'round-robin', includeAwayAgents: false, fireWithoutAgent: true, fallbackSenderName: 'Bot' }),
    },
    'PUT /v1/settings/livechat': {
      path: {},
      body: () => ({ enabled: true, title: 'Help', color: '#112233', registrationForm: false, offlineForm: true, language: 'de' }),
    },
    'POST /v1/schedules': { path: {}, body: () => ({ name: uniqueName('hours'), timeZone: 'America/New_York', ...hours() }) },
    'PUT /v1/schedules/{id}': { path: { id: scheduleId }, body: () => ({ name: uniqueName('hours'), timeZone: 'Europe/Berlin', ...hours() }) },
    'PATCH /v1/schedules/{id}': { path: { id: scheduleId }, body: () => ({ weekly: [{ day: 'tue', from: '08:00', to: '24:00' }] }) },
    'POST /v1/triggers': { path: {}, body: () => triggerBody() },
    'PUT /v1/triggers/{id}': { path: { id }, body: () => triggerBody({ priority: 2, frequency: { max: 3, per: 'day', cooldownSeconds: 60 } }) },
    'PATCH /v1/triggers/{id}': { path: { id }, body: () => ({ priority: 3, conditions: [pageUrl('.*/contact')] }) },
    'POST /v1/triggers/explain': { path: {}, body: () => ({ type: 'page-view', url: 'https://shop.example/contact', visitorToken: token }) },
    'PUT /v1/widget/visitors/{token}': { path: { token }, body: () => ({ name: 'Alice', email: 'alice@example.com', metadata: { plan: 'pro' } }) },
    'POST /v1/widget/visitors/{token}/events': {
      path: { token },
      body: () => ({ type: 'page-view', url: 'https://shop.example/contact', metadata: { plan: 'pro' } }),
    },
    'POST /v1/widget/visitors/{token}/triggers/{id}/external-service': { path: { token, id: externalTriggerId }, body: () => ({ metadata: { tier: 'gold' } }) },
    'POST /api/v1/livechat/triggers': {
      path: {},
      body: () => ({
        name: uniqueName('rc'),
        description: '',
        enabled: true,
        runOnce: false,
        conditions: [{ name: 'page-url', value: '.*/contact' }],
        actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Bot', msg: 'Hi' } }],
      }),
    },
    'POST /api/v1/livechat/triggers/external-service/test': {
      path: {},
      body: () => ({ webhookUrl: world.upstream.url('/test'), timeout: 1000, fallbackMessage: 'fb', extraData: [{ key: 'a', value: 'b' }] }),
    },
    'POST /api/v1/livechat/triggers/{_id}/external-service/call': {
      path: { _id: externalTriggerId },
      body: () => ({ token, extraData: [{ key: 'tier', value: 'gold' }] }),
    },
    'POST /api/v1/livechat/page.visited': {
      path: {},
      body: () => ({ token, rid: null, pageInfo: { change: 'url', title: 'Contact', location: { href: 'https://shop.example/contact' } } }),
    },
  };
}

/** Every table's row count and a digest of its rows: equal snapshots mean nothing was written. */
export async function databaseSnapshot(t: TestApp): Promise<Record<string, string>> {
  const dataSource = t.app.get(DataSource);
  const tables: { table_name: string }[] = await dataSource.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const snapshot: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const [row] = await dataSource.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM "${table}" x`);
    snapshot[table] = `${row.n}:${row.digest}`;
  }
  return snapshot;
}
