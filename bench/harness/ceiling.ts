import { join } from 'node:path';
import { type RunningProcess, startNodeProcess } from './processes';

const SCRIPT = join(__dirname, '..', 'ceiling-server.js');

/**
 * Starts the ceiling server (see ceiling-server.ts) in its own process: a bare Fastify
 * answering a fixed JSON of `bytes` bytes, to compare a scenario's throughput against.
 */
export function startCeiling(bytes: number): Promise<RunningProcess> {
  return startNodeProcess(SCRIPT, { CEILING_BYTES: String(bytes) }, { readyPath: '/ready' });
}
