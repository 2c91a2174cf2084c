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
