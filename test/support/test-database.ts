import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * With `TEST_DATABASE_URL` set (a role allowed to create databases), each suite gets a
 * throwaway database on that server; without it, suites use the embedded database.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function usesServer(): boolean {
  return TEST_DATABASE_URL !== undefined;
}

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  try {
    await client.connect();
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ThrowawayDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `lt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
