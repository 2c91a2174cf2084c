import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { pageUrl, useExternalService } from '../support/builders';
import { delayed, type FakeUpstream, startFakeUpstream } from '../support/fake-upstream';
import { call, type Outcome, runMixedLoad, sleep, triggerInput } from '../support/mixed-load';
import { type ServiceProcess, spawnService } from '../support/service-process';
import { MANAGER_KEY, TEST_SECRETS_KEY, VIEWER_KEY } from '../support/test-app';
import { clusterUnavailableReason, startThrowawayCluster, type ThrowawayCluster } from '../support/throwaway-cluster';

/**
 * DESIGN §10: on SIGTERM readiness fails at once, in-flight requests finish (here an
 * external-service call held 2 s by a slow upstream), and the process exits 0 within
 * SHUTDOWN_GRACE_MS, leaving no locks behind.
 */
const unavailable = clusterUnavailableReason();
const describeCluster = unavailable ? describe.skip : describe;
const GRACE_MS = 6000;
const DATABASE = 'lt_shutdown';

describeCluster(`graceful shutdown under load${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let cluster: ThrowawayCluster;
  let upstream: FakeUpstream;
  let service: ServiceProcess;
  /** Visitor tokens whose external call reached the upstream (which holds every call 2 s). */
  const arrivals = new Map<string, () => void>();
  const arrivalOf = (token: string) => new Promise<void>((resolve) => arrivals.set(token, resolve));
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    const held = delayed(2000);
    upstream = await startFakeUpstream((request, response, raw) => {
      arrivals.get((request.body as { visitorToken?: string }).visitorToken ?? '')?.();
      held(request, response, raw);
    });
  });
  afterAll(async () => {
    await service?.stop('SIGKILL');
    await upstream?.close();
    cluster?.destroy();
  });

  it('SIGTERM: readiness fails at once, the held external call completes, exit 0 within the grace period, no locks left', async () => {
    service = await spawnService({
      DATABASE_URL: await cluster.createDatabase(DATABASE),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      API_KEYS: `admin:manager:${MANAGER_KEY},reader:viewer:${VIEWER_KEY}`,
      SECRETS_KEY: TEST_SECRETS_KEY,
      RATE_LIMIT_PER_MINUTE: '0',
      EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      DATA_DIR: `/tmp/lt-shutdown-${randomBytes(4).toString('hex')}`,
    });
    const { baseUrl } = service;
    expect((await call(baseUrl, '/v1/settings/external-service', { method: 'PUT', key: MANAGER_KEY, body: { secretToken: 'shh' } })).status).toBe(200);
    const created = await call(baseUrl, '/v1/triggers', {
      method: 'POST',
      key: MANAGER_KEY,
      body: {
        ...triggerInput('held'),
        conditions: [pageUrl('.*/never')],
        actions: [useExternalService(upstream.url('/crm'), { timeout: 5000, fallback: 'later' })],
      },
    });
    expect(created.status).toBe(201);
    const triggerId = JSON.parse(created.body!).id;
    const token = `held-${randomBytes(6).toString('hex')}`;
    expect(
      (await call(baseUrl, `/v1/widget/visitors/${token}/events`, { method: 'POST', body: { type: 'page-view', url: 'https://shop.example/' } })).status,
    ).toBe(200);
    expect((await call(baseUrl, '/health/ready')).status).toBe(200);

    const load = runMixedLoad({ baseUrl, managerKey: MANAGER_KEY, connections: 4, durationMs: 1500, triggerIds: [triggerId] });
    const heldArrived = arrivalOf(token);
    const held = call(baseUrl, `/v1/widget/visitors/${token}/triggers/${triggerId}/external-service`, { method: 'POST', body: {} });
    await heldArrived; // the held call is waiting on the upstream
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');
    const readiness = await firstNotReady(baseUrl, signalledAt);

    const heldOutcome = await held;
    const code = await service.exited;
    const exitMs = Date.now() - signalledAt;
    const { outcomes } = await load;
    process.stderr.write(
      `[shutdown] readiness after SIGTERM: ${readiness.status ?? readiness.networkError} ${readiness.ms} ms after the signal (${readiness.probes} probe(s)); exit ${code} after ${exitMs} ms\n`,
    );

    // at once: within a second of the signal nothing that still reaches the instance hears "ready"
    expect(readiness.status).not.toBe(200);
    expect(readiness.ms).toBeLessThan(1000);
    expect(heldOutcome.status).toBe(200);
    expect(JSON.parse(heldOutcome.body!)).toMatchObject({ source: 'external', messages: [{ msg: 'late' }] });
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(GRACE_MS);
    // requests the load sent: answered normally, or refused at the door once the listener closed
    expect(outcomes.filter((o) => o.status !== undefined && o.status >= 500 && o.status !== 503)).toEqual([]);

    const admin = new Client({ connectionString: cluster.url() });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = $1', [DATABASE]);
      expect(rows[0].n).toBe(0);
    } finally {
      await admin.end();
    }
  });
});

/**
 * Readiness probed from the signal on until it answers anything but 200 (or 1 s passes).
 * The first probe can race the signal itself: it may be read, pinged and answered in the
 * same event-loop turn in which the child's signal watcher has not run yet (seen once in CI:
 * 200 within 10 ms of kill()). `ms` counts from the signal, so "at once" stays measured.
 */
async function firstNotReady(baseUrl: string, signalledAt: number): Promise<Outcome & { probes: number }> {
  for (let probes = 1; ; probes++) {
    const outcome = await call(baseUrl, '/health/ready', { timeoutMs: 1000 });
    const ms = Date.now() - signalledAt;
    if (outcome.status !== 200 || ms >= 1000) return { ...outcome, ms, probes };
    await sleep(10);
  }
}
