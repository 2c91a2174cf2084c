import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/http/create-app';
import { createThrowawayDatabase, type ThrowawayDatabase, usesServer } from './test-database';

export const MANAGER_KEY = 'manager-key-0123456789abcdef';
export const VIEWER_KEY = 'viewer-key-0123456789abcdef';
export const TEST_SECRETS_KEY = randomBytes(32).toString('base64');

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  /** The database URL when running against a server (for a second instance or direct SQL). */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Same as inject with the manager key. */
  asManager(options: InjectOptions): Promise<LightMyRequestResponse>;
  asViewer(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Reuse this database instead of creating one (server mode). */
  databaseUrl?: string;
  /** Reuse this data directory (embedded mode restarts). */
  dataDir?: string;
}

/** Environment every test app starts from: fixed keys, no rate limit, quiet logs. */
export function baseTestEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    API_KEYS: `admin:manager:${MANAGER_KEY},reader:viewer:${VIEWER_KEY}`,
    SECRETS_KEY: TEST_SECRETS_KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    DB_POOL_MAX: '4',
  };
}

/** Starts the real application on a real database (server or embedded) for `inject()` tests. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  let throwaway: ThrowawayDatabase | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl && usesServer()) {
    throwaway = await createThrowawayDatabase();
    databaseUrl = throwaway.url;
  }
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lt-test-'));
  const config = loadConfig({
    ...baseTestEnv(),
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const inject = (o: InjectOptions) => app.inject(o);
  const withKey = (key: string) => (o: InjectOptions) => app.inject({ ...o, headers: { authorization: `Bearer ${key}`, ...(o.headers ?? {}) } });
  return {
    app,
    config,
    databaseUrl,
    dataDir,
    inject,
    asManager: withKey(MANAGER_KEY),
    asViewer: withKey(VIEWER_KEY),
    async close() {
      await app.close();
      await throwaway?.drop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
