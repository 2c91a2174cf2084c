/**
 * The load generator, run as its own process so that it does not share a CPU queue with
 * the runner: `node dist/bench/load-worker.js < plan.json` (a LoadPlan). Prints one JSON line.
 */
import { randomBytes } from 'node:crypto';
import type { LoadPlan, LoadResult } from './harness/load';

interface AutocannonResult {
  requests: { total: number };
  finish: Date;
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
/** autocannon's run: a promise of the result that is also an emitter of `start`. */
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult> & { once(event: 'start', listener: () => void): void };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

/**
 * `{{seq}}` in a path or body becomes a value unique to this run (fresh visitor tokens, say).
 * The regex is global so that replace() swaps every mark; presence is checked with
 * includes(), never test() (a /g regex keeps its lastIndex from one call to the next).
 */
const SEQ = /\{\{seq\}\}/g;
const SEQ_MARK = '{{seq}}';
const runId = randomBytes(4).toString('hex');
let seq = 0;

function withSequence(request: { path: string; body?: string }) {
  if (!request.path.includes(SEQ_MARK) && !request.body?.includes(SEQ_MARK)) return {};
  return {
    setupRequest: (req: { path: string; body?: string }) => {
      seq += 1;
      const value = `${runId}${seq}`;
      return { ...req, path: request.path.replace(SEQ, value), ...(request.body ? { body: request.body.replace(SEQ, value) } : {}) };
    },
  };
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const plan = JSON.parse(input) as LoadPlan;
  const before = Date.now();
  const run = autocannon({
    url: plan.urls,
    connections: plan.connections,
    duration: plan.durationSeconds,
    requests: plan.requests.map((r) => ({
      method: r.method,
      path: r.path,
      headers: r.headers,
      ...(r.body !== undefined ? { body: r.body } : {}),
      ...withSequence(r),
    })),
  });
  // autocannon starts its clock before it builds every request of every connection (2,000
  // requests × 50 connections took 1.2 s here, sending nothing) and emits `start` after: the
  // load lasts from `start` to the finish, and so does the measured duration
  let startedAt = before;
  run.once('start', () => (startedAt = Date.now()));
  const result = await run;
  const durationSeconds = (result.finish.getTime() - startedAt) / 1000;
  const out: LoadResult = {
    requests: result.requests.total,
    durationSeconds,
    requestsPerSecond: result.requests.total / durationSeconds,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, Number(s.count)])),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load worker failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
