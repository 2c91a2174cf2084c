import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_SECRETS_KEY_FILE, resolveSecretsKey } from '../../../src/external-service/secrets-key';

describe('resolveSecretsKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lt-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses SECRETS_KEY when set, and writes no file', () => {
    const secretsKey = randomBytes(32);
    const source = resolveSecretsKey({ secretsKey, nodeEnv: 'development', dataDir });
    expect(source).toEqual({ key: secretsKey });
    expect(() => statSync(join(dataDir, GENERATED_SECRETS_KEY_FILE))).toThrow();
  });

  it('generates a key file (mode 0600) in embedded mode and keeps it across restarts', () => {
    const first = resolveSecretsKey({ nodeEnv: 'development', dataDir: join(dataDir, 'nested') });
    const file = join(dataDir, 'nested', GENERATED_SECRETS_KEY_FILE);
    expect(first.generatedFile).toBe(file);
    expect(first.key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(first.key);
    const second = resolveSecretsKey({ nodeEnv: 'development', dataDir: join(dataDir, 'nested') });
    expect(second.key).toEqual(first.key);
  });

  it('never generates one with a database server or in production', () => {
    expect(() => resolveSecretsKey({ nodeEnv: 'development', databaseUrl: 'postgres://x/y', dataDir })).toThrow('SECRETS_KEY is required');
    expect(() => resolveSecretsKey({ nodeEnv: 'production', dataDir })).toThrow('SECRETS_KEY is required');
  });

  it('refuses a damaged key file rather than orphaning the stored secrets', () => {
    writeFileSync(join(dataDir, GENERATED_SECRETS_KEY_FILE), 'short\n');
    expect(() => resolveSecretsKey({ nodeEnv: 'development', dataDir })).toThrow('32-byte');
  });
});
