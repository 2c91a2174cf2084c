import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../harness/load';
import { startNodeProcess } from '../harness/processes';
import type { MeasureContext, Measurement, Scenario } from '../harness/scenario';

const SERVER_TARGET_MS = 3000;
const EMBEDDED_TARGET_MS = 8000;
const RESTARTS = 3;

/** Milliseconds from spawning `node dist/src/main.js` to `/health/ready` answering 200. */
async function timeToReady(context: MeasureContext, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const service = await startNodeProcess(context.mainScript, env, { readyPath: '/health/ready', pollMs: 10 });
  const elapsed = performance.now() - started;
  await service.stop();
  return Math.round(elapsed);
}

/**
 * Start-up on a PostgreSQL server whose schema is current (a restart or a new replica: the
 * harness's instance applied the migrations), and embedded: a first start in an empty data
 * directory (PGlite creates its cluster and runs every migration), then restarts.
 */
async function measure(context: MeasureContext): Promise<Measurement> {
  const server: number[] = [];
  for (let i = 0; i < RESTARTS; i++) server.push(await timeToReady(context, { ...context.env }));
  const dataDir = mkdtempSync(join(tmpdir(), 'lt-bench-startup-'));
  const embeddedEnv = { ...context.env, DATA_DIR: dataDir };
  delete (embeddedEnv as Record<string, string | undefined>).DATABASE_URL;
  const embedded: number[] = [];
  try {
    for (let i = 0; i < RESTARTS; i++) embedded.push(await timeToReady(context, embeddedEnv));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  context.log(`server ${server.join(', ')} ms; embedded ${embedded.join(', ')} ms (first start first)`);
  const embeddedRestart = median(embedded.slice(1));
  return {
    figures: {
      'server median ms': median(server),
      'server max ms': Math.max(...server),
      'embedded first start ms': embedded[0],
      'embedded restart median ms': embeddedRestart,
    },
    targetText: `server ≤ ${SERVER_TARGET_MS} ms, embedded ≤ ${EMBEDDED_TARGET_MS} ms`,
    met: Math.max(...server) <= SERVER_TARGET_MS && Math.max(...embedded) <= EMBEDDED_TARGET_MS,
  };
}

export const startupScenario: Scenario = {
  name: 'startup',
  description: 'spawn to /health/ready: PostgreSQL server (schema current) and embedded (first start, restarts)',
  instances: 1,
  connections: 1,
  durationSeconds: 0,
  seed: () => Promise.resolve(),
  requests: () => [{ method: 'GET', path: '/health/ready', authenticated: false }],
  measure,
};
