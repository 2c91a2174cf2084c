import { ExternalMessages } from '../../src/external-service/external-messages.service';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';

/**
 * The SSRF guard with an EMPTY allowlist: local servers listen on 127.0.0.1 (and ::1 when
 * the machine has it) and must see zero connections, however the address is spelled.
 */
describe(`external service SSRF guard (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let v4: FakeUpstream;
  let v6: FakeUpstream | undefined;
  let t: TestApp;

  beforeAll(async () => {
    v4 = await startFakeUpstream();
    v6 = await startFakeUpstream(undefined, '::1').catch(() => undefined);
    t = await startTestApp({ env: { EXTERNAL_SERVICE_ALLOWLIST: '' } });
    expect(t.config.externalServiceAllowlist).toEqual([]);
    const put = await t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken: 'ssrf-suite-secret' } });
    expect(put.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await v4?.close();
    await v6?.close();
  });

  const forms = (): string[] => {
    const p = v4.port;
    const q = v6?.port ?? p;
    return [
      `http://127.0.0.1:${p}/`,
      `http://127.1:${p}/`,
      `http://0x7f.1:${p}/`,
      `http://0177.0.0.1:${p}/`,
      `http://2130706433:${p}/`,
      `http://0x7f000001:${p}/`,
      `http://127.0.0.1.:${p}/`,
      `http://localhost:${p}/`,
      `http://localhost.:${p}/`,
      `http://LOCALHOST:${p}/`,
      `http://api.localhost:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `http://[64:ff9b::7f00:1]:${p}/`,
      `http://[::127.0.0.1]:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://0:${p}/`,
      `http://[::]:${p}/`,
      `http://[::1]:${q}/`,
      `http://[0:0:0:0:0:0:0:1]:${q}/`,
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://198.18.0.1/',
      'http://192.0.2.1/',
    ];
  };

  it('refuses every spelling of a local or private address in Send Test, and nothing connects', async () => {
    for (const serviceUrl of forms()) {
      const res = await t.asManager({ method: 'POST', url: '/v1/external-service/test', payload: { serviceUrl, serviceTimeout: 1000 } });
      expect({ serviceUrl, status: res.statusCode, body: res.json() }).toEqual({
        serviceUrl,
        status: 200,
        body: { ok: false, error: 'error-invalid-external-service-response', reason: 'blocked-address', durationMs: expect.any(Number) },
      });
    }
    expect(v4.connections).toBe(0);
    expect(v6?.connections ?? 0).toBe(0);
  });

  it('refuses them for evaluation calls too, falling back', async () => {
    const messages = t.app.get(ExternalMessages);
    for (const serviceUrl of forms()) {
      const resolution = await messages.fetch(
        { serviceUrl, serviceTimeout: 1000, serviceFallbackMessage: 'fallback' },
        { visitorToken: 'visitor-ssrf-1', metadata: [] },
      );
      expect({ serviceUrl, resolution }).toEqual({
        serviceUrl,
        resolution: {
          source: 'fallback',
          messages: [{ msg: 'fallback', order: 0 }],
          error: 'error-invalid-external-service-response',
          reason: 'blocked-address',
        },
      });
    }
    expect(v4.connections).toBe(0);
    expect(v6?.connections ?? 0).toBe(0);
  });

  it('fails closed on a name that does not resolve', async () => {
    const res = await t.asManager({
      method: 'POST',
      url: '/v1/external-service/test',
      payload: { serviceUrl: 'http://crm.does-not-exist.invalid/hook', serviceTimeout: 2000 },
    });
    expect(res.json()).toMatchObject({ ok: false, error: 'error-invalid-external-service-response', reason: 'connection-failed' });
  });
});
