import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

export const GENERATED_SECRETS_KEY_FILE = 'secrets.key';

export interface SecretsKeySource {
  readonly key: Buffer;
  /** Set when the key came from a generated file under `DATA_DIR` (worth a warning). */
  readonly generatedFile?: string;
}

/**
 * `SECRETS_KEY` when set. Only in embedded mode outside production may a key generated
 * under `DATA_DIR` stand in (kept across restarts, mode 0600): server mode runs several
 * instances that must share one key, which `loadConfig` already insists on.
 */
export function resolveSecretsKey(config: Pick<AppConfig, 'secretsKey' | 'databaseUrl' | 'nodeEnv' | 'dataDir'>): SecretsKeySource {
  if (config.secretsKey) return { key: config.secretsKey };
  if (config.databaseUrl !== undefined || config.nodeEnv === 'production') {
    throw new Error('SECRETS_KEY is required with DATABASE_URL or NODE_ENV=production');
  }
  const file = join(config.dataDir, GENERATED_SECRETS_KEY_FILE);
  return { key: readOrCreateKeyFile(file), generatedFile: file };
}

function readOrCreateKeyFile(file: string): Buffer {
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    // a damaged key file would silently orphan the stored secrets: refuse to start instead
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key; restore it or set SECRETS_KEY`);
    return key;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
