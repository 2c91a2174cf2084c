import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerContents, type FakeUpstream, sendJson, startFakeUpstream } from '../support/fake-upstream';
import { spawnService } from '../support/service-process';
import { MANAGER_KEY, TEST_SECRETS_KEY, VIEWER_KEY } from '../support/test-app';
import { createThrowawayDatabase, type ThrowawayDatabase, usesServer } from '../support/test-database';

/** The built service as a process at LOG_LEVEL=debug: the secret must not reach its output. */
describe('external service secret in logs (service process)', () => {
  const SECRET = `log-probe-${randomBytes(16).toString('hex')}`;
  let upstream: FakeUpstream;
  let dataDir: string;
  let throwaway: ThrowawayDatabase | undefined;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    dataDir = mkdtempSync(join(tmpdir(), 'lt-logs-'));
    throwaway = usesServer() ? await createThrowawayDatabase() : undefined;
  });
  afterAll(async () => {
    await upstream?.close();
    await throwaway?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    LOG_LEVEL: 'debug',
    API_KEYS: `admin:manager:${MANAGER_KEY},reader:viewer:${VIEWER_KEY}`,
    RATE_LIMIT_PER_MINUTE: '0',
    EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort,
    // in embedded mode without SECRETS_KEY, the generated key file stands in
    ...(throwaway ? { DATABASE_URL: throwaway.url, SECRETS_KEY: TEST_SECRETS_KEY } : {}),
  });

  it('never writes the secret token to stdout or stderr, whatever the requests do', async () => {
    const service = await spawnService(env());
    const call = (method: string, path: string, body?: unknown, key = MANAGER_KEY) =>
      fetch(`${service.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-rocketchat-livechat-token': SECRET },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    try {
      expect((await call('PUT', '/v1/settings/external-service', { secretToken: SECRET })).status).toBe(200);
      expect(await (await call('GET', '/v1/settings/external-service')).json()).toEqual({ secretTokenConfigured: true });
      // refused bodies that carry the secret
      expect((await call('PUT', '/v1/settings/external-service', { secretToken: `${SECRET}${'x'.repeat(600)}` })).status).toBe(400);
      expect((await call('PUT', '/v1/settings/external-service', { secretToken: SECRET, extra: SECRET })).status).toBe(400);
      expect((await call('PUT', '/v1/settings/external-service', { secretToken: SECRET }, VIEWER_KEY)).status).toBe(403);
      // calls that succeed and fail
      upstream.handle(answerContents([{ msg: 'hi', order: 0 }]));
      expect(await (await call('POST', '/v1/external-service/test', { serviceUrl: upstream.url(), serviceTimeout: 2000 })).json()).toMatchObject({ ok: true });
      upstream.handle((_, response) => sendJson(response, 500, { echo: SECRET }));
      expect(await (await call('POST', '/v1/external-service/test', { serviceUrl: upstream.url(), serviceTimeout: 2000 })).json()).toMatchObject({
        reason: 'http-status',
      });
      expect(
        await (await call('POST', '/v1/external-service/test', { serviceUrl: `${upstream.url()}?token=${SECRET}`, serviceTimeout: 2000 })).json(),
      ).toMatchObject({
        reason: 'http-status',
      });
      expect(upstream.requests.every((r) => r.headers['x-rocketchat-livechat-token'] === SECRET)).toBe(true);
    } finally {
      await service.stop('SIGTERM');
    }
    const output = service.stdout() + service.stderr();
    expect(output).toContain('"level":20'); // debug lines were written
    expect(output).toContain('ExternalService');
    expect(output).not.toContain(SECRET);
  });

  (usesServer() ? it.skip : it)(
    'in embedded mode without SECRETS_KEY, generates a 0600 key file once, warns, and keeps secrets readable across restarts',
    async () => {
      const first = await spawnService(env());
      const put = await fetch(`${first.baseUrl}/v1/settings/external-service`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${MANAGER_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ secretToken: SECRET }),
      });
      expect(put.status).toBe(200);
      await first.stop('SIGTERM');
      expect(statSync(join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
      const warnings = first
        .stdout()
        .split('\n')
        .filter((line) => line.includes('SECRETS_KEY is not set'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]).level).toBe(40);

      const second = await spawnService(env());
      try {
        const res = await fetch(`${second.baseUrl}/v1/settings/external-service`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } });
        expect(await res.json()).toEqual({ secretTokenConfigured: true });
      } finally {
        await second.stop('SIGTERM');
      }
      expect(second.stdout() + second.stderr()).not.toContain(SECRET);
    },
  );
});
