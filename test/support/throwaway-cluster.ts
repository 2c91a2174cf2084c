import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './service-process';

/**
 * A PostgreSQL cluster of its own (initdb on a free port, trust auth) that a fault test may
 * restart, freeze and thaw without disturbing anyone else's database. initdb and pg_ctl
 * refuse to run as root, so they run as the `postgres` user.
 */
export interface ThrowawayCluster {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `pg_ctl restart -m fast`: every connection is closed, the server is back in a moment. */
  restart(): Promise<void>;
  /** SIGSTOP to the postmaster and all its children: connections stay open, nothing answers. */
  freeze(): void;
  thaw(): void;
  /** `pg_terminate_backend` on every backend of `database` (except the caller's). */
  terminateBackends(database: string): Promise<number>;
  /** Backends connected to `database` right now; with `startedBefore`, only those that connected before that instant. */
  backendCount(database: string, startedBefore?: Date): Promise<number>;
  destroy(): void;
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** Why a throwaway cluster cannot be made here, or undefined when it can. */
export function clusterUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'not on Linux';
  if (process.getuid?.() !== 0) return 'not root (initdb must run as the postgres user)';
  if (!postgresBin()) return 'no initdb under /usr/lib/postgresql/*/bin';
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    return 'no postgres system user';
  }
  return undefined;
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('initdb not found');
  const root = mkdtempSync(join(tmpdir(), 'lt-cluster-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chmodSync(root, 0o755);
  chownSync(root, uid, gid);
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe', timeout: 60_000 });
  asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  execFileSync('runuser', ['-u', 'postgres', '--', 'mkdir', '-p', socketDir]);
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const ctlArgs = (args: string[]) => ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', dataDir, '-w', '-t', '30', '-l', join(root, 'log'), ...args];
  // asynchronous: a test keeps sending requests while the server restarts
  const ctl = async (...args: string[]) => void (await promisify(execFile)('runuser', ctlArgs(args), { timeout: 60_000 }));

  const pids = (): number[] => {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)])
      .toString()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return [postmaster, ...children];
  };
  const signalAll = (signal: NodeJS.Signals) => {
    for (const pid of pids()) {
      try {
        process.kill(pid, signal);
      } catch {
        // a backend that just exited
      }
    }
  };
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const admin = async <T>(run: (c: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: url(), connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const cluster: ThrowawayCluster = {
    port,
    url,
    async createDatabase(name) {
      await admin((c) => c.query(`CREATE DATABASE "${name}"`));
      return url(name);
    },
    start: () => ctl('start', '-o', options),
    stop: () => ctl('stop', '-m', 'fast'),
    restart: () => ctl('restart', '-m', 'fast', '-o', options),
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    terminateBackends: (database) =>
      admin(async (c) => {
        const { rows } = await c.query(
          'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [database],
        );
        return rows[0].n as number;
      }),
    backendCount: (database, startedBefore) =>
      admin(async (c) => {
        const { rows } = await c.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND ($2::timestamptz IS NULL OR backend_start < $2)',
          [database, startedBefore ?? null],
        );
        return rows[0].n as number;
      }),
    destroy() {
      try {
        cluster.thaw();
      } catch {
        // not running
      }
      try {
        execFileSync('runuser', ctlArgs(['stop', '-m', 'immediate']), { stdio: 'ignore' });
      } catch {
        // already stopped
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
