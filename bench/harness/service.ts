import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedRequest } from './load';
import type { LoadRequest, SeedContext } from './scenario';

/** The manager key every benchmarked service accepts (one per bench process). */
export const MANAGER_KEY = `bench-manager-${randomBytes(12).toString('hex')}`;

/** A scenario's request as sent: the manager key unless unauthenticated, JSON bodies. */
export function planned(request: LoadRequest): PlannedRequest {
  return {
    method: request.method,
    path: request.path,
    headers: {
      ...request.headers,
      ...(request.authenticated === false ? {} : { authorization: `Bearer ${MANAGER_KEY}` }),
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
  };
}

/** A one-off request: its `{{seq}}` gets a token the load's (random per run) never uses. */
export async function send(baseUrl: string, request: PlannedRequest): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${baseUrl}${request.path.replace(/\{\{seq\}\}/g, 'sample')}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** What a scenario's seed talks to: the service at `baseUrl`, as a manager. */
export function seedContext(baseUrl: string, databaseUrl: string): SeedContext {
  return {
    state: {},
    databaseUrl,
    async api(method, path, body) {
      const res = await send(baseUrl, planned({ method, path, body }));
      return { status: res.status, body: res.text ? (JSON.parse(res.text) as unknown) : undefined, headers: res.headers };
    },
  };
}

/** The environment a benchmarked service runs with (rate limits off, logs at warn, production mode). */
export function serviceEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    API_KEYS: `bench:manager:${MANAGER_KEY}`,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    NODE_ENV: 'production',
    DATA_DIR: join(tmpdir(), `lt-bench-${process.pid}`),
  };
}
