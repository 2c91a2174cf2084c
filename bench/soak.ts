/**
 * Soak test: `npm run soak` (not part of CI).
 *
 * SOAK_MINUTES (default 10) of mixed load against the BUILT service on a throwaway database
 * of a real PostgreSQL, with a fake external service that fails 10% of the time. Samples the
 * service's RSS and open file descriptors from /proc (no debug endpoint), counts unhandled
 * rejections in its log, and compares the external-call fallback rate with the injected
 * fault rate. Exits 1 when a bar is missed.
 *
 * Env: SOAK_MINUTES, SOAK_CONNECTIONS (default 8), SOAK_VISITORS (default 5000),
 * BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createBenchDatabase, DEFAULT_ADMIN_URL, ensurePostgres } from './harness/postgres';
import { freePort } from './harness/processes';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
/**
 * Returning visitors: a bounded population, so the visitor caches (bounded LRUs of 20,000
 * visitors and 50,000 visit clocks) reach their steady state in the warm-up and RSS growth after it
 * means a leak, not a cache filling up. SOAK_VISITORS=0 makes every request a new visitor.
 */
const VISITORS = Number(process.env.SOAK_VISITORS ?? 5000);
const FAULT_RATE = 0.1;
// the V8 heap climbs to its working size (about 330 MB RSS here) for about 2 minutes
const WARM_UP_MS = Math.min(120_000, MINUTES * 60_000 * 0.2);
const SAMPLE_EVERY_MS = 5000;
const MAX_RSS_GROWTH_MB = 50;
const MANAGER_KEY = `soak-${randomBytes(12).toString('hex')}`;
const MAIN = join(__dirname, '..', 'src', 'main.js');

const log = (message: string) => process.stderr.write(`[soak] ${message}\n`);

interface Sample {
  at: number;
  rssMb: number;
  fds: number;
}

/** What the soak reads of an event's answer. */
interface EventAnswer {
  fired?: { actions?: { name: string; source: string }[] }[];
}

function sample(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { at: Date.now(), rssMb: rssKb / 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/** A CRM stand-in: 10% of the answers are 500s, the rest a valid message list. */
async function startFlakyUpstream(): Promise<{ url: string; hostPort: string; close(): void; counts: { ok: number; failed: number } }> {
  const counts = { ok: 0, failed: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const fail = Math.random() < FAULT_RATE;
      counts[fail ? 'failed' : 'ok'] += 1;
      res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
      res.end(fail ? '{"error":"injected"}' : '{"contents":[{"msg":"hello from the CRM","order":0}]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `http://${hostPort}/crm`, hostPort, counts, close: () => server.close() };
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  await ensurePostgres(adminUrl);
  const database = await createBenchDatabase(adminUrl);
  const upstream = await startFlakyUpstream();
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      API_KEYS: `soak:manager:${MANAGER_KEY}`,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_MINUTE: '0',
      EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort,
      DATA_DIR: `/tmp/lt-soak-${randomBytes(4).toString('hex')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serviceLog = '';
  child.stdout.on('data', (c: Buffer) => (serviceLog += c.toString()));
  child.stderr.on('data', (c: Buffer) => (serviceLog += c.toString()));
  let exitCode: number | string | undefined;
  child.on('exit', (code, signal) => (exitCode = code ?? signal ?? -1));
  const base = `http://127.0.0.1:${port}`;
  while (
    !(await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (exitCode !== undefined) throw new Error(`service exited (${exitCode}):\n${serviceLog}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const auth = { authorization: `Bearer ${MANAGER_KEY}` };
  const authJson = { ...auth, 'content-type': 'application/json' };
  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
    return { status: res.status, body: await res.text() };
  };
  await send('/v1/settings/external-service', { method: 'PUT', headers: authJson, body: JSON.stringify({ secretToken: 'soak-secret' }) });
  const trigger = (name: string, actions: unknown[], value: string) =>
    JSON.stringify({ name: `${name} ${randomBytes(3).toString('hex')}`, conditions: [{ name: 'page-url', value }], actions });
  const external = JSON.parse(
    (
      await send('/v1/triggers', {
        method: 'POST',
        headers: authJson,
        body: trigger(
          'crm',
          [
            {
              name: 'use-external-service',
              params: { sender: 'custom', name: 'CRM', serviceUrl: upstream.url, serviceTimeout: 2000, serviceFallbackMessage: 'later' },
            },
          ],
          '.*/crm',
        ),
      })
    ).body,
  ) as { id: string };
  for (let i = 0; i < 20; i++) {
    await send('/v1/triggers', {
      method: 'POST',
      headers: authJson,
      body: trigger(`static ${i}`, [{ name: 'send-message', params: { sender: 'custom', name: 'Bot', msg: 'Hi' } }], `.*/page-${i}`),
    });
  }

  const counts = { requests: 0, serverErrors: 0, networkErrors: 0, externalCalls: 0, fallbacks: 0, byStatus: {} as Record<number, number> };
  const problemCodes: Record<string, number> = {};
  const record = ({ status, body }: { status: number; body: string }) => {
    if (status >= 400) {
      const code = String((JSON.parse(body) as { code?: unknown }).code);
      problemCodes[code] = (problemCodes[code] ?? 0) + 1;
    }
    counts.requests += 1;
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
    if (status >= 500) counts.serverErrors += 1;
  };
  const countExternal = (source: string) => {
    counts.externalCalls += 1;
    if (source === 'fallback') counts.fallbacks += 1;
  };
  const started = Date.now();
  const until = started + MINUTES * 60_000;
  const worker = async (n: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const token = VISITORS > 0 ? `soak-visitor-${Math.floor(Math.random() * VISITORS)}` : `soak-${n}-${i}-${randomBytes(4).toString('hex')}`;
      try {
        switch (i % 10) {
          case 0:
          case 1: {
            // a visitor the service knows (the event registers it), then the direct call
            await send(`/v1/widget/visitors/${token}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ type: 'page-view', url: 'https://shop.example/' }),
            }).then(record);
            const res = await send(`/v1/widget/visitors/${token}/triggers/${external.id}/external-service`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{}',
            });
            record(res);
            if (res.status === 200) countExternal((JSON.parse(res.body) as { source: string }).source);
            break;
          }
          case 2:
            record(await send('/v1/widget/config'));
            break;
          case 3:
          case 4: {
            const res = await send(`/v1/widget/visitors/${token}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ type: 'page-view', url: 'https://shop.example/crm' }),
            });
            record(res);
            if (res.status === 200) {
              for (const fired of (JSON.parse(res.body) as EventAnswer).fired ?? []) {
                for (const action of fired.actions ?? []) {
                  if (action.name === 'use-external-service') countExternal(action.source);
                }
              }
            }
            break;
          }
          case 5:
          case 6: {
            const res = await send(`/v1/widget/visitors/${token}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ type: 'page-view', url: `https://shop.example/page-${i % 20}` }),
            });
            record(res);
            break;
          }
          case 7:
            record(await send('/v1/triggers?limit=20&sort=-priority', { headers: auth }));
            break;
          case 8: {
            const created = await send('/v1/triggers', {
              method: 'POST',
              headers: authJson,
              body: trigger('churn', [{ name: 'send-message', params: { sender: 'custom', name: 'Bot', msg: 'x' } }], '.*/churn'),
            });
            record(created);
            if (created.status === 201)
              record(await send(`/v1/triggers/${(JSON.parse(created.body) as { id: string }).id}`, { method: 'DELETE', headers: auth }));
            break;
          }
          default:
            record(await send(`/v1/triggers/${external.id}/stats`, { headers: auth }));
        }
      } catch {
        counts.networkErrors += 1;
      }
    }
  };
  const samples: Sample[] = [sample(child.pid!)];
  const sampler = setInterval(() => {
    if (exitCode === undefined) samples.push(sample(child.pid!));
  }, SAMPLE_EVERY_MS);
  const progress = setInterval(
    () =>
      log(
        `${Math.round((Date.now() - started) / 1000)} s: ${counts.requests} requests, RSS ${samples.at(-1)!.rssMb.toFixed(1)} MB, ${samples.at(-1)!.fds} fds`,
      ),
    60_000,
  );
  log(`${MINUTES} min, ${CONNECTIONS} connections, external faults ${FAULT_RATE * 100}%`);
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => worker(n)));
  clearInterval(sampler);
  clearInterval(progress);
  samples.push(sample(child.pid!));

  const afterWarmUp = samples.filter((s) => s.at >= started + WARM_UP_MS);
  const baseline = afterWarmUp[0] ?? samples[0];
  const last = samples.at(-1)!;
  // RSS saws up and down by ~100 MB with V8's collections: compare the medians of the first
  // and last thirds after the warm-up, a trend that one sample's timing cannot fake
  const third = Math.max(1, Math.floor(afterWarmUp.length / 3));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const rssTrend = median(afterWarmUp.slice(-third).map((s) => s.rssMb)) - median(afterWarmUp.slice(0, third).map((s) => s.rssMb));
  const peakRss = Math.max(...samples.map((s) => s.rssMb));
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  const unhandled = serviceLog.split('\n').filter((line) => /unhandled rejection|uncaught exception/i.test(line)).length;
  upstream.close();
  await database.drop();

  const externalCalls = counts.externalCalls;
  const upstreamAnswered = upstream.counts.ok + upstream.counts.failed;
  const shortCircuited = Math.max(0, externalCalls - upstreamAnswered);
  const report = {
    minutes: MINUTES,
    connections: CONNECTIONS,
    visitors: VISITORS || 'a new one per request',
    requests: counts.requests,
    requestsPerSecond: Math.round(counts.requests / ((Date.now() - started) / 1000)),
    byStatus: counts.byStatus,
    serverErrors: counts.serverErrors,
    networkErrors: counts.networkErrors,
    upstream: {
      answered: upstream.counts.ok + upstream.counts.failed,
      injectedFaultRate: +(upstream.counts.failed / Math.max(1, upstream.counts.ok + upstream.counts.failed)).toFixed(4),
    },
    externalActions: {
      total: externalCalls,
      fallbacks: counts.fallbacks,
      fallbackRate: +(counts.fallbacks / Math.max(1, externalCalls)).toFixed(4),
      // answered at once by an open circuit breaker (DESIGN §5: 5 consecutive failures open it for 30 s)
      shortCircuited: shortCircuited,
      fallbackRateOfCallsMade: +((counts.fallbacks - shortCircuited) / Math.max(1, upstreamAnswered)).toFixed(4),
    },
    problemCodes,
    rssMb: {
      afterWarmUp: +baseline.rssMb.toFixed(1),
      end: +last.rssMb.toFixed(1),
      peak: +peakRss.toFixed(1),
      lowest: +Math.min(...afterWarmUp.map((s) => s.rssMb)).toFixed(1),
      growthFirstToLastSample: +(last.rssMb - baseline.rssMb).toFixed(1),
      growth: +rssTrend.toFixed(1),
    },
    openFds: { afterWarmUp: baseline.fds, end: last.fds, max: Math.max(...samples.map((s) => s.fds)) },
    unhandledRejections: unhandled,
    exitCode: exitCode ?? 'running',
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const missed = [
    report.rssMb.growth >= MAX_RSS_GROWTH_MB && `RSS grew ${report.rssMb.growth} MB`,
    report.serverErrors > 0 && `${report.serverErrors} 5xx`,
    report.networkErrors > 0 && `${report.networkErrors} network errors`,
    unhandled > 0 && `${unhandled} unhandled rejections`,
    Math.abs(report.externalActions.fallbackRateOfCallsMade - report.upstream.injectedFaultRate) > 0.01 && 'fallback rate differs from the injected fault rate',
    report.openFds.end > report.openFds.afterWarmUp + 20 && 'file descriptors grew',
  ].filter(Boolean);
  if (missed.length) {
    log(`MISSED: ${missed.join('; ')}`);
    process.exitCode = 1;
  } else log('all bars met');
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
