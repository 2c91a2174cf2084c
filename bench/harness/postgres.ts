import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts the local clusters that are down (Debian's pg_ctlcluster), when there are any. */
function startLocalClusters(): void {
  let listing: string;
  try {
    listing = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  } catch {
    return;
  }
  for (const line of listing.split('\n')) {
    const [version, cluster, , status] = line.trim().split(/\s+/);
    if (!version || status === 'online') continue;
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, cluster, 'start'], { stdio: 'ignore' });
    } catch {
      // not allowed or not startable: the connection check below says so
    }
  }
}

/** Makes sure a PostgreSQL server answers at `adminUrl`, starting a local cluster if needed. */
export async function ensurePostgres(adminUrl: string): Promise<void> {
  if (await canConnect(adminUrl)) return;
  startLocalClusters();
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await canConnect(adminUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`No PostgreSQL answers at ${new URL(adminUrl).host}; set BENCH_DATABASE_URL to a role that may create databases`);
}

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A database for one scenario, dropped afterwards. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `lt_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
