import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore } from '../../src/common/auth/api-key-store';
import { loadConfig } from '../../src/config/app-config';

describe('ApiKeyStore', () => {
  it('authenticates exactly the configured keys', () => {
    const store = new ApiKeyStore([
      { name: 'ops', role: 'manager', key: 'manager-key-0123456789' },
      { name: 'ro', role: 'viewer', key: 'viewer-key-0123456789' },
    ]);
    expect(store.authenticate('manager-key-0123456789')).toEqual({ name: 'ops', role: 'manager' });
    expect(store.authenticate('viewer-key-0123456789')).toEqual({ name: 'ro', role: 'viewer' });
    expect(store.authenticate('manager-key-012345678')).toBeUndefined();
    expect(store.authenticate('')).toBeUndefined();
    expect(store.generatedKey).toBeUndefined();
  });

  it('generates one manager key under DATA_DIR and keeps it across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lt-keys-'));
    try {
      const first = ApiKeyStore.fromConfig(loadConfig({ DATA_DIR: dir }));
      const second = ApiKeyStore.fromConfig(loadConfig({ DATA_DIR: dir }));
      expect(first.generatedKey).toBeDefined();
      expect(second.generatedKey).toBe(first.generatedKey);
      expect(second.authenticate(first.generatedKey!)).toEqual({ name: 'generated', role: 'manager' });
      expect(readFileSync(join(dir, 'api-key'), 'utf8').trim()).toBe(first.generatedKey);
      expect(statSync(join(dir, 'api-key')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
