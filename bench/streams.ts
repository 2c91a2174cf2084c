/**
 * Live-stream benchmark: `npm run bench:streams` (not part of `npm run bench`).
 *
 * Starts the BUILT service (`dist/src/main.js`, with `--expose-gc` and the bench's GC preload,
 * harness/gc-on-signal.ts) on a throwaway database of a real PostgreSQL, then:
 *
 * 1. warm-up: an agent is created offline, 100 streams open, the agent goes online and
 *    offline once (each change heard by all 100), the 100 close;
 * 2. baseline memory: RSS from /proc/<pid>/status after a 2 s settle, then two full
 *    collections (SIGUSR2 to the preload: heap used right after them), RSS again 1 s later;
 * 3. opens BENCH_STREAMS (5,000) `GET /v1/widget/stream` from separate client processes
 *    (harness/stream-clients.ts, raw sockets) and waits until every one has heard its first
 *    `availability` event; memory again, as in 2;
 * 4. BENCH_STREAM_FLIPS (5) times: `PUT /v1/agents/{username}` online / offline, and when each
 *    client heard the new `availability` event (the monotonic clock, shared by the processes):
 *    p50 / p99 / max over clients, from just before the request and from its response;
 * 5. SIGTERM: when every stream had its response's end and its socket closed, and when the
 *    process exited.
 *
 * Prints a summary and writes `bench/results/<date>-streams.json`.
 *
 * Env: BENCH_STREAMS (default 5000), BENCH_STREAM_FLIPS (5), BENCH_STREAM_CLIENTS (client
 * processes, 1), BENCH_DATABASE_URL or TEST_DATABASE_URL. Needs `ulimit -n` above the stream
 * count plus a margin (both the service and the client hold one descriptor per stream), e.g.
 * `bash -c 'ulimit -n 65536; npm run bench:streams'`.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase, DEFAULT_ADMIN_URL, ensurePostgres } from './harness/postgres';
import { freePort } from './harness/processes';
import { writeResults } from './harness/report';
import { planned, send, serviceEnv } from './harness/service';
import { type ClientCommand, type ClientReport, GC_REPORT_MARKER, type GcReport, monotonicMs } from './harness/streams-protocol';

const MAIN = join(__dirname, '..', 'src', 'main.js');
const PRELOAD = join(__dirname, 'harness', 'gc-on-signal.js');
const CLIENT = join(__dirname, 'harness', 'stream-clients.js');

const STREAMS = Number(process.env.BENCH_STREAMS ?? 5000);
const FLIPS = Number(process.env.BENCH_STREAM_FLIPS ?? 5);
const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_STREAM_CLIENTS ?? 1));
const WARM_UP_STREAMS = 100;
/** Streams waiting for their first events at a time, over all client processes. */
const OPEN_WINDOW = 100;
const SETTLE_MS = 2000;
const AFTER_GC_MS = 1000;
const PAUSE_BETWEEN_FLIPS_MS = 1000;
const DELIVERY_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const AGENT = 'bench-stream-agent';
const STREAM_PATH = '/v1/widget/stream';

const log = (message: string) => process.stderr.write(`[streams] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the service process

interface Service {
  readonly pid: number;
  readonly baseUrl: string;
  output(): string;
  /** Settles when the process exits: its code or signal, and when (monotonic ms). */
  readonly exited: Promise<{ code: number | null; signal: string | null; at: number }>;
}

async function startService(env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '-r', PRELOAD, MAIN], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let gone = false;
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      gone = true;
      resolve({ code, signal, at: monotonicMs() });
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (
    !(await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (gone || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not become ready:\n${output}`);
    }
    await sleep(100);
  }
  return { pid: child.pid!, baseUrl, output: () => output, exited };
}

function vmRssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** User + system CPU of a process, ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The soft limit on open files of this process (inherited by the service and the clients). */
function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
}

async function scrape(service: Service): Promise<{ open: number; droppedSlow: number; droppedShutdown: number; heapUsed: number }> {
  const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
  const value = (prefix: string) => {
    const line = text.split('\n').find((l) => l.startsWith(prefix));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  return {
    open: value('livechat_widget_streams_open '),
    droppedSlow: value('livechat_widget_streams_dropped_total{reason="slow"}'),
    droppedShutdown: value('livechat_widget_streams_dropped_total{reason="shutdown"}'),
    heapUsed: value('nodejs_heap_size_used_bytes '),
  };
}

/** Asks the preload for two full collections and returns what it printed. */
async function collectGarbage(service: Service): Promise<GcReport> {
  const count = () => service.output().split(GC_REPORT_MARKER).length;
  const before = count();
  process.kill(service.pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  const last = () => service.output().split(GC_REPORT_MARKER).pop()!;
  while (count() === before || !last().includes('\n')) {
    if (Date.now() > deadline) throw new Error('the service printed no GC report');
    await sleep(20);
  }
  const line = last();
  const report = JSON.parse(line.slice(0, line.indexOf('\n'))) as GcReport;
  if (!report.gc) throw new Error('the service runs without --expose-gc');
  return report;
}

interface Memory {
  /** RSS after a settle of SETTLE_MS, no collection forced. */
  readonly rssSettled: number;
  /** Heap in use from /metrics at the same moment (garbage included). */
  readonly heapSettled: number;
  /** Heap in use right after two full collections. */
  readonly heapAfterGc: number;
  /** RSS AFTER_GC_MS after the collections. */
  readonly rssAfterGc: number;
  readonly externalAfterGc: number;
  readonly gcMs: number;
}

async function memory(service: Service): Promise<Memory> {
  await sleep(SETTLE_MS);
  const rssSettled = vmRssBytes(service.pid);
  const heapSettled = (await scrape(service)).heapUsed;
  const gc = await collectGarbage(service);
  await sleep(AFTER_GC_MS);
  return { rssSettled, heapSettled, heapAfterGc: gc.heapUsed, rssAfterGc: vmRssBytes(service.pid), externalAfterGc: gc.external, gcMs: gc.gcMs };
}

// ---------------------------------------------------------------- the client processes

type Report<T extends ClientReport['type']> = Extract<ClientReport, { type: T }>;

interface Client {
  /** Sends a command and resolves with the next report of `type`. */
  ask<T extends ClientReport['type']>(command: ClientCommand, type: T): Promise<Report<T>>;
  /** The next report of `type` (register it before what causes it). */
  next<T extends ClientReport['type']>(type: T): Promise<Report<T>>;
  stop(): void;
}

function startClient(): Client {
  const child = fork(CLIENT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<string, { resolve: (report: ClientReport) => void; reject: (error: Error) => void }>();
  child.on('message', (report: ClientReport) => {
    const waiter = waiting.get(report.type);
    waiting.delete(report.type);
    waiter?.resolve(report);
  });
  child.once('exit', (code) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`a stream client exited (${code})`));
    waiting.clear();
  });
  const next = <T extends ClientReport['type']>(type: T) =>
    new Promise<Report<T>>((resolve, reject) => waiting.set(type, { resolve: resolve as (report: ClientReport) => void, reject }));
  return {
    next,
    ask(command, type) {
      const answer = next(type);
      child.send(command);
      return answer;
    },
    stop: () => child.connected && child.disconnect(),
  };
}

/** `count` spread over the clients as evenly as it goes. */
const shares = (count: number, parts: number) => Array.from({ length: parts }, (_, i) => Math.floor(count / parts) + (i < count % parts ? 1 : 0));

async function openStreams(
  clients: readonly Client[],
  port: number,
  count: number,
): Promise<{ ok: number; failures: Record<string, number>; ms: number; sample?: string }> {
  const counts = shares(count, clients.length);
  const reports = await Promise.all(
    clients.map((c, i) => c.ask({ cmd: 'open', port, path: STREAM_PATH, count: counts[i], window: Math.ceil(OPEN_WINDOW / clients.length) }, 'opened')),
  );
  const failures: Record<string, number> = {};
  for (const r of reports) for (const [what, n] of Object.entries(r.failures)) failures[what] = (failures[what] ?? 0) + n;
  return {
    ok: reports.reduce((sum, r) => sum + r.ok, 0),
    failures,
    ms: Math.max(...reports.map((r) => r.doneAt)) - Math.min(...reports.map((r) => r.startedAt)),
    sample: reports.find((r) => r.sample)?.sample,
  };
}

// ---------------------------------------------------------------- the flips

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]);
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Flip {
  readonly online: boolean;
  readonly status: number;
  /** The PUT, from just before the request to its response read. */
  readonly putMs: number;
  readonly heard: number;
  readonly wrong: number;
  readonly missing: number;
  /** Over clients, from just before the request. */
  readonly fromRequest: { readonly first: number; readonly p50: number; readonly p99: number; readonly max: number };
  /** Over clients, from the PUT's response (negative: heard before the response was read). */
  readonly fromResponse: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Service CPU (user + system) from the request until every client heard it, ms in 10 ms ticks. */
  readonly serviceCpuMs: number;
}

async function flip(service: Service, clients: readonly Client[], online: boolean): Promise<Flip> {
  await Promise.all(clients.map((c) => c.ask({ cmd: 'expect', online, timeoutMs: DELIVERY_TIMEOUT_MS }, 'expecting')));
  const delivered = clients.map((c) => c.next('delivered'));
  const cpuBefore = cpuMs(service.pid);
  const requested = monotonicMs();
  const res = await send(
    service.baseUrl,
    planned({ method: 'PUT', path: `/v1/agents/${AGENT}`, body: { name: 'Ada', status: online ? 'online' : 'offline' } }),
  );
  const answered = monotonicMs();
  if (res.status !== 200 && res.status !== 201) throw new Error(`PUT /v1/agents/${AGENT} answered ${res.status}: ${res.text}`);
  const reports = await Promise.all(delivered);
  const serviceCpuMs = cpuMs(service.pid) - cpuBefore;
  const times = reports.flatMap((r) => r.times).sort((a, b) => a - b);
  const from = (origin: number) => times.map((t) => t - origin);
  const req = from(requested);
  const resp = from(answered);
  return {
    online,
    status: res.status,
    putMs: round1(answered - requested),
    heard: times.length,
    wrong: reports.reduce((sum, r) => sum + r.wrong, 0),
    missing: reports.reduce((sum, r) => sum + r.missing, 0),
    fromRequest: { first: round1(req[0]), p50: round1(percentile(req, 0.5)), p99: round1(percentile(req, 0.99)), max: round1(req[req.length - 1]) },
    fromResponse: { p50: round1(percentile(resp, 0.5)), p99: round1(percentile(resp, 0.99)), max: round1(resp[resp.length - 1]) },
    serviceCpuMs,
  };
}

// ---------------------------------------------------------------- the run

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const kb = (bytes: number) => round1(bytes / 1000);
const mib = (bytes: number) => round1(bytes / 1024 / 1024);

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: __dirname }).trim();
  } catch {
    return undefined;
  }
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const limit = openFileLimit();
  if (limit < STREAMS + 1000) {
    throw new Error(
      `ulimit -n is ${limit}: the service and each client hold one descriptor per stream; run as bash -c 'ulimit -n 65536; npm run bench:streams'`,
    );
  }
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;
  await ensurePostgres(adminUrl);
  const database = await createBenchDatabase(adminUrl);
  const env = {
    ...serviceEnv(database.url),
    SSE_MAX_PER_IP: String(STREAMS + WARM_UP_STREAMS),
    ...(STREAMS > 10_000 ? { SSE_MAX_CONNECTIONS: String(STREAMS) } : {}),
  };
  let service: Service | undefined;
  const clients: Client[] = [];
  const started = new Date();
  // the machine is shared: what else ran shows in the load average (1, 5, 15 minutes)
  const loadBefore = loadavg().map(round1);
  try {
    service = await startService(env);
    const port = Number(new URL(service.baseUrl).port);
    log(`service pid ${service.pid} at ${service.baseUrl}; ulimit -n ${limit}; ${CLIENT_PROCESSES} client process(es)`);
    const created = await send(service.baseUrl, planned({ method: 'PUT', path: `/v1/agents/${AGENT}`, body: { name: 'Ada', status: 'offline' } }));
    if (created.status !== 201 && created.status !== 200) throw new Error(`creating the agent answered ${created.status}: ${created.text}`);

    log(`warm-up: ${WARM_UP_STREAMS} streams, one flip each way`);
    const warm = startClient();
    const warmOpen = await openStreams([warm], port, WARM_UP_STREAMS);
    if (warmOpen.ok !== WARM_UP_STREAMS) throw new Error(`warm-up: ${warmOpen.ok} of ${WARM_UP_STREAMS} streams opened: ${JSON.stringify(warmOpen.failures)}`);
    for (const online of [true, false]) {
      const warmFlip = await flip(service, [warm], online);
      if (warmFlip.heard !== WARM_UP_STREAMS || warmFlip.wrong > 0) throw new Error(`warm-up flip: ${JSON.stringify(warmFlip)}`);
    }
    await warm.ask({ cmd: 'closeAll' }, 'closed');
    warm.stop();
    for (let i = 0; (await scrape(service)).open > 0; i++) {
      if (i > 100) throw new Error('the warm-up streams did not close');
      await sleep(50);
    }

    log('baseline memory');
    const baseline = await memory(service);

    log(`opening ${STREAMS} streams`);
    clients.push(...Array.from({ length: CLIENT_PROCESSES }, startClient));
    const opened = await openStreams(clients, port, STREAMS);
    log(`${opened.ok} opened in ${Math.round(opened.ms)} ms${opened.ok < STREAMS ? `; failures ${JSON.stringify(opened.failures)}` : ''}`);
    if (opened.sample && !opened.sample.includes('"online":false')) log(`!!! the first availability event was ${opened.sample}`);
    const afterOpen = await scrape(service);
    const loaded = await memory(service);

    const flips: Flip[] = [];
    for (let i = 0; i < FLIPS; i++) {
      const result = await flip(service, clients, i % 2 === 0);
      flips.push(result);
      log(
        `flip ${i + 1} (${result.online ? 'online' : 'offline'}): PUT ${result.putMs} ms, ${result.heard} heard, ` +
          `all from request ${result.fromRequest.max} ms, from response ${result.fromResponse.max} ms`,
      );
      await sleep(PAUSE_BETWEEN_FLIPS_MS);
    }
    const afterFlips = await scrape(service);
    const rssAfterFlips = vmRssBytes(service.pid);

    log('SIGTERM');
    const watching = await Promise.all(clients.map((c) => c.ask({ cmd: 'watchShutdown', timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'watching')));
    const watched = watching.reduce((sum, w) => sum + w.open, 0);
    const closedP = clients.map((c) => c.next('shutdown'));
    const signalled = monotonicMs();
    process.kill(service.pid, 'SIGTERM');
    const exit = await service.exited;
    const closed = await Promise.all(closedP);
    const endedAt = closed.flatMap((c) => c.endedAt).map((t) => t - signalled);
    const closedAt = closed.flatMap((c) => c.closedAt).map((t) => t - signalled);
    const shutdown = {
      streams: watched,
      exitMs: round1(exit.at - signalled),
      exitCode: exit.code,
      exitSignal: exit.signal,
      ended: endedAt.length,
      allEndedMs: round1(Math.max(...endedAt)),
      allSocketsClosedMs: round1(Math.max(...closedAt)),
      reset: closed.reduce((sum, c) => sum + c.reset, 0),
      cut: closed.reduce((sum, c) => sum + c.cut, 0),
      stillOpen: closed.reduce((sum, c) => sum + c.open, 0),
    };
    service = undefined;

    const n = opened.ok;
    const perStream = {
      rssSettledKB: kb((loaded.rssSettled - baseline.rssSettled) / n),
      rssAfterGcKB: kb((loaded.rssAfterGc - baseline.rssAfterGc) / n),
      heapAfterGcKB: kb((loaded.heapAfterGc - baseline.heapAfterGc) / n),
      heapSettledKB: kb((loaded.heapSettled - baseline.heapSettled) / n),
    };
    const toAll = flips.map((f) => f.fromRequest.max);
    const toAllFromResponse = flips.map((f) => f.fromResponse.max);
    const figures: Record<string, number> = {
      streams: n,
      'opened in (ms)': Math.round(opened.ms),
      'RSS per stream, after GC (KB)': perStream.rssAfterGcKB,
      'RSS per stream, 2 s settle (KB)': perStream.rssSettledKB,
      'heap per stream, after GC (KB)': perStream.heapAfterGcKB,
      'time to all, from the request, median of flips (ms)': round1(median(toAll)),
      'time to all, from the response, median of flips (ms)': round1(median(toAllFromResponse)),
      'SIGTERM to exit (ms)': shutdown.exitMs,
      'SIGTERM to all streams ended (ms)': shutdown.allEndedMs,
      'dropped as slow': afterFlips.droppedSlow,
    };
    const report = {
      scenario: 'streams',
      description: `${n} live streams (GET ${STREAM_PATH}) held by ${CLIENT_PROCESSES} client process(es): memory per stream, an availability change's delivery to all, shutdown`,
      instances: 1,
      connections: n,
      responseBytes: 0,
      figures,
      targetText: '',
      streams: {
        requested: STREAMS,
        opened: n,
        failures: opened.failures,
        openMs: round1(opened.ms),
        firstAvailability: opened.sample,
        openPerMetrics: afterOpen.open,
      },
      memory: { baseline, loaded, rssAfterFlips, perStream },
      flips,
      afterFlips,
      shutdown,
      settings: {
        STREAMS,
        FLIPS,
        CLIENT_PROCESSES,
        WARM_UP_STREAMS,
        OPEN_WINDOW,
        SETTLE_MS,
        AFTER_GC_MS,
        nodeArgs: ['--expose-gc', '-r', 'gc-on-signal.js'],
        ulimitN: limit,
      },
    };

    const memoryRows = [
      ['memory (MiB)', 'baseline', `with ${n}`, 'per stream (KB)'],
      ['RSS, 2 s settle', String(mib(baseline.rssSettled)), String(mib(loaded.rssSettled)), String(perStream.rssSettledKB)],
      ['RSS, 1 s after full GC', String(mib(baseline.rssAfterGc)), String(mib(loaded.rssAfterGc)), String(perStream.rssAfterGcKB)],
      ['heap used, after full GC', String(mib(baseline.heapAfterGc)), String(mib(loaded.heapAfterGc)), String(perStream.heapAfterGcKB)],
      ['heap used, settled (/metrics)', String(mib(baseline.heapSettled)), String(mib(loaded.heapSettled)), String(perStream.heapSettledKB)],
    ];
    const flipRows = [
      ['flip', 'PUT ms', 'heard', 'first', 'p50', 'p99', 'max = all', 'from response p50 / p99 / all', 'service CPU ms', 'wrong', 'missing'],
      ...flips.map((f, i) => [
        `${i + 1} ${f.online ? 'online' : 'offline'}`,
        String(f.putMs),
        String(f.heard),
        String(f.fromRequest.first),
        String(f.fromRequest.p50),
        String(f.fromRequest.p99),
        String(f.fromRequest.max),
        `${f.fromResponse.p50} / ${f.fromResponse.p99} / ${f.fromResponse.max}`,
        String(f.serviceCpuMs),
        String(f.wrong),
        String(f.missing),
      ]),
    ];
    process.stdout.write(
      `\n${n} of ${STREAMS} streams opened in ${Math.round(opened.ms)} ms (service's gauge: ${afterOpen.open})\n\n${table(memoryRows)}\n\n` +
        `delivery of an availability change to all ${n} (ms from just before the PUT, over clients):\n${table(flipRows)}\n\n` +
        `after the flips: RSS ${mib(rssAfterFlips)} MiB, dropped as slow ${afterFlips.droppedSlow}, open ${afterFlips.open}\n` +
        `SIGTERM with ${shutdown.streams} open: all streams ended in ${shutdown.allEndedMs} ms (${shutdown.ended} clean ends), all sockets closed in ${shutdown.allSocketsClosedMs} ms, ` +
        `exit (${shutdown.exitCode ?? shutdown.exitSignal}) in ${shutdown.exitMs} ms; reset ${shutdown.reset}, cut ${shutdown.cut}, still open ${shutdown.stillOpen}\n` +
        `load average (1 min) ${loadBefore[0]} before, ${round1(loadavg()[0])} after, on ${cpus().length} CPUs\n\n`,
    );
    const file = writeResults([report], {
      date: started.toISOString(),
      commit: gitCommit(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadAverage: { before: loadBefore, after: loadavg().map(round1) },
    });
    log(`results written to ${file}`);
  } finally {
    for (const c of clients) c.stop();
    if (service) {
      try {
        process.kill(service.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await service.exited;
    }
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[streams] failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
