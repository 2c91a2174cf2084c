import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import type { ApiKey, Role } from '../../config/api-keys-variable';

export interface Principal {
  readonly name: string;
  readonly role: Role;
}

const GENERATED_KEY_FILE = 'api-key';

/**
 * The API keys this instance accepts. Keys are compared through SHA-256 digests with
 * `timingSafeEqual`, so neither a key's content nor its length leaks through timing.
 */
export class ApiKeyStore {
  private readonly entries: { principal: Principal; digest: Buffer }[];

  constructor(
    keys: readonly ApiKey[],
    readonly generatedKey?: string,
  ) {
    this.entries = keys.map((k) => ({ principal: { name: k.name, role: k.role }, digest: digest(k.key) }));
  }

  /** Keys from `API_KEYS`; otherwise (outside production) one manager key kept under `DATA_DIR`. */
  static fromConfig(config: AppConfig): ApiKeyStore {
    if (config.apiKeys) return new ApiKeyStore(config.apiKeys);
    const key = readOrCreateGeneratedKey(config.dataDir);
    return new ApiKeyStore([{ name: 'generated', role: 'manager', key }], key);
  }

  authenticate(presented: string): Principal | undefined {
    const candidate = digest(presented);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      // no early exit: every key is compared, whichever matches
      if (timingSafeEqual(entry.digest, candidate)) found = entry.principal;
    }
    return found;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function readOrCreateGeneratedKey(dataDir: string): string {
  const file = join(dataDir, GENERATED_KEY_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = `lt_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
