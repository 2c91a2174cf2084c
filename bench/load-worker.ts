/**
 * The load generator, run as its own process so that it does not share a CPU queue with
 * the runner: `node dist/bench/load-worker.js < plan.json` (a LoadPlan). Prints one JSON line.
 */
import { randomBytes } from 'node:crypto';
import type { LoadPlan, LoadResult } from './harness/load';

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

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
  const result = await autocannon({
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
  const out: LoadResult = {
    requests: result.requests.total,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, Number(s.count)])),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load worker failed: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
