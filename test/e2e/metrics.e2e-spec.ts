import { sendMessage, useExternalService } from '../support/builders';
import { createTrigger, sendEvent, upsertAgent, visitorToken } from '../support/factories';
import { answerContents, type FakeUpstream, sendJson, startFakeUpstream } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';

const CONTACT = 'https://shop.example/contact';

/** The value of one series of the exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0];
    if (wanted.every((pair) => labelText.includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe(`GET /metrics (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let upstream: FakeUpstream;
  let t: TestApp;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    t = await startTestApp({ env: { EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort } });
    await t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken: 'metrics-secret' } });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });
  const scrape = async () => {
    const res = await t.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('is public Prometheus text with process metrics, the API helmet policy and no CORS', async () => {
    const res = await t.inject({ url: '/metrics', headers: { origin: 'https://customer.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.body).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
  });

  it('times requests by route template and status, never by the raw URL with its token', async () => {
    const token = visitorToken('metrics');
    for (let i = 0; i < 3; i++) expect((await sendEvent(t, token, { type: 'page-view', url: 'https://shop.example/none' })).statusCode).toBe(200);
    await t.inject({ url: '/no/such/route' });
    const text = await scrape();
    const route = '/v1/widget/visitors/:token/events';
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route, status_code: '200' })).toBe(3);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(text).not.toContain(token);
  });

  it('counts firings per delivered action by outcome, external calls, cache lookups and reloads', async () => {
    const before = await scrape();
    const reloadsBefore = sample(before, 'livechat_trigger_cache_reloads_total') ?? 0;
    const invalidationsBefore = sample(before, 'livechat_trigger_cache_invalidations_total') ?? 0;
    upstream.handle(answerContents([{ msg: 'from the CRM', order: 0 }]));
    const external = (path: string) => useExternalService(upstream.url(path), { timeout: 1000, fallback: 'later' });
    const ok = await createTrigger(t, {
      priority: 1,
      actions: [external('/ok'), sendMessage('hi')],
    });
    await sendEvent(t, visitorToken(), { type: 'page-view', url: CONTACT });
    upstream.handle((_, response) => sendJson(response, 500, {}));
    await sendEvent(t, visitorToken(), { type: 'page-view', url: CONTACT });
    const text = await scrape();
    expect(sample(text, 'livechat_trigger_firings_total', { trigger_id: ok.id, outcome: 'static' })).toBe(2);
    expect(sample(text, 'livechat_trigger_firings_total', { trigger_id: ok.id, outcome: 'external' })).toBe(1);
    expect(sample(text, 'livechat_trigger_firings_total', { trigger_id: ok.id, outcome: 'fallback' })).toBe(1);
    expect(sample(text, 'livechat_external_service_calls_total', { outcome: 'ok', error: '', reason: '' })).toBe(1);
    expect(
      sample(text, 'livechat_external_service_calls_total', { outcome: 'error', error: 'error-invalid-external-service-response', reason: 'http-status' }),
    ).toBe(1);
    expect(sample(text, 'livechat_external_service_call_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    // creating the trigger invalidated the cache; the next event reloaded it, the one after hit it
    expect(sample(text, 'livechat_trigger_cache_invalidations_total')).toBe(invalidationsBefore + 1);
    expect(sample(text, 'livechat_trigger_cache_reloads_total')).toBe(reloadsBefore + 1);
    expect(sample(text, 'livechat_trigger_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'livechat_trigger_cache_lookups_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
  });

  it('counts next-agent picks: picked, and none when nobody is available', async () => {
    const none = await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: {} });
    expect(none.json().code).toBe('no-agent-available');
    await upsertAgent(t, 'metrics.agent');
    expect((await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: {} })).statusCode).toBe(200);
    const text = await scrape();
    expect(sample(text, 'livechat_next_agent_picks_total', { result: 'picked' })).toBe(1);
    expect(sample(text, 'livechat_next_agent_picks_total', { result: 'none' })).toBe(1);
  });

  it('keeps one registry per app: a second app in the same process starts from zero', async () => {
    const other = await startTestApp();
    try {
      const text = (await other.inject({ url: '/metrics' })).body;
      expect(sample(text, 'livechat_next_agent_picks_total', { result: 'picked' })).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
