import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServiceToExit, spawnService } from '../support/service-process';

/** The built service as a user runs it: `node dist/src/main.js`. */
describe('service process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lt-proc-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts embedded with a generated key shown on stderr, keeps the key across restarts, and exits 0 on SIGTERM', async () => {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
    const first = await spawnService(env);
    const banner = /Authorization: Bearer (\S+)/.exec(first.stderr());
    expect(banner).not.toBeNull();
    expect(readFileSync(join(dataDir, 'api-key'), 'utf8').trim()).toBe(banner![1]);
    expect(first.stdout()).not.toContain(banner![1]);
    const ready = await fetch(`${first.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await spawnService(env);
    expect(second.stderr()).toContain(`Authorization: Bearer ${banner![1]}`);
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start with bad configuration, naming every bad variable', async () => {
    const { code, stderr } = await runServiceToExit({
      DATA_DIR: dataDir,
      PORT: 'eighty',
      LOG_LEVEL: 'chatty',
      API_KEYS: 'broken',
      NODE_ENV: 'production',
    });
    expect(code).toBe(1);
    for (const name of ['PORT', 'LOG_LEVEL', 'API_KEYS', 'SECRETS_KEY']) expect(stderr).toContain(name);
  });
});
