import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface PlannedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** What the load worker runs: autocannon over these URLs, requests cycled per connection. */
export interface LoadPlan {
  readonly urls: readonly string[];
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requests: readonly PlannedRequest[];
}

export interface LoadResult {
  readonly requests: number;
  readonly durationSeconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly average: number; readonly max: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Record<string, number>;
}

const WORKER = join(__dirname, '..', 'load-worker.js');

/** Runs the plan in a separate process (autocannon) and returns its figures. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // the plan goes through stdin: thousands of requests would not fit in argv
    const child = spawn(process.execPath, [WORKER], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(JSON.stringify(plan));
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load worker exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
      } catch {
        reject(new Error(`load worker printed no result: ${out}${err}`));
      }
    });
  });
}

export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * One result for several rounds of the same load: counts and durations add up; p50 is the
 * median round's, p99 and max the worst round's (autocannon's histograms cannot be merged,
 * so the p99 is never better than any round's).
 */
export function combineRounds(rounds: readonly LoadResult[]): LoadResult {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const durationSeconds = rounds.reduce((sum, r) => sum + r.durationSeconds, 0);
  const statusCodes: Record<string, number> = {};
  for (const round of rounds) for (const [code, count] of Object.entries(round.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    requests,
    durationSeconds,
    requestsPerSecond: requests / durationSeconds,
    latencyMs: {
      p50: median(rounds.map((r) => r.latencyMs.p50)),
      p99: Math.max(...rounds.map((r) => r.latencyMs.p99)),
      average: rounds.reduce((sum, r) => sum + r.latencyMs.average * r.requests, 0) / Math.max(1, requests),
      max: Math.max(...rounds.map((r) => r.latencyMs.max)),
    },
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    timeouts: rounds.reduce((sum, r) => sum + r.timeouts, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    statusCodes,
  };
}

/** The median of the rounds' throughput ratios (service round i against ceiling round i, run back to back). */
export function medianRatio(service: readonly LoadResult[], ceiling: readonly LoadResult[]): number {
  return median(service.map((round, i) => round.requestsPerSecond / ceiling[i].requestsPerSecond));
}
