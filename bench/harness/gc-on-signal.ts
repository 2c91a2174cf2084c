/**
 * Preload for a benchmarked service (`node --expose-gc -r dist/bench/harness/gc-on-signal.js
 * dist/src/main.js`): on SIGUSR2 it runs two full collections and prints one line to stderr,
 * `[gc-on-signal] {"gc":true,"rss":…,"heapUsed":…,…}` (bytes, `process.memoryUsage()` right
 * after the collections). The service itself has no debug trigger; this one exists only in
 * the bench's process. Without `--expose-gc` the line says `"gc":false` (nothing collected).
 */
import { GC_REPORT_MARKER, type GcReport } from './streams-protocol';

const gc = (globalThis as { gc?: () => void }).gc;

process.on('SIGUSR2', () => {
  const started = performance.now();
  if (gc) {
    // the second collection frees what the first one's weak callbacks let go
    gc();
    gc();
  }
  const gcMs = performance.now() - started;
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const report: GcReport = { gc: gc !== undefined, rss, heapUsed, heapTotal, external, arrayBuffers, gcMs };
  process.stderr.write(`${GC_REPORT_MARKER}${JSON.stringify(report)}\n`);
});
