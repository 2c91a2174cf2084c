import type { MeasureContext, Measurement, Scenario } from '../harness/scenario';
import { eventMix, seedTriggers } from './widget';

/** A minute by default; BENCH_MEMORY_MINUTE_SECONDS=10 for a trial run. */
const MINUTE_SECONDS = Number(process.env.BENCH_MEMORY_MINUTE_SECONDS ?? 60);
/** RSS may rise this much from the second minute to the third and still count as no growth. */
const GROWTH_TOLERANCE = 0.05;
const MIB = 1024 * 1024;
/** The ceiling on RSS after the first minute of the event mix (300 MB). */
const MAX_RSS_BYTES = 300 * 1000 * 1000;

/** The service's resident set and V8 heap in use, from its own /metrics (prom-client's default gauges). */
async function memoryOf(baseUrl: string): Promise<{ rss: number; heapUsed: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const gauge = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`no ${name} in /metrics`);
    return Number(line.split(' ')[1]);
  };
  return { rss: gauge('process_resident_memory_bytes'), heapUsed: gauge('nodejs_heap_size_used_bytes') };
}

/**
 * The event mix for three "minutes": RSS after the first, and no growth from the end of the
 * second to the end of the third (a leak grows steadily; warm-up growth stops early).
 */
async function measure(context: MeasureContext): Promise<Measurement> {
  const [baseUrl] = context.baseUrls;
  const memory = [await memoryOf(baseUrl)];
  let requests = 0;
  let last;
  for (let minute = 1; minute <= 3; minute++) {
    last = await context.load(MINUTE_SECONDS);
    requests += last.requests;
    memory.push(await memoryOf(baseUrl));
    const { rss, heapUsed } = memory[minute];
    context.log(`after ${minute * MINUTE_SECONDS} s: RSS ${(rss / MIB).toFixed(1)} MiB, heap used ${(heapUsed / MIB).toFixed(1)} MiB (${requests} requests)`);
  }
  const samples = memory.map((m) => m.rss);
  const growth = (samples[3] - samples[2]) / samples[2];
  // RSS alone hides a heap that still grows into memory V8 already holds
  const heapGrowth = (memory[3].heapUsed - memory[2].heapUsed) / memory[2].heapUsed;
  return {
    figures: {
      'rss at start MiB': round(samples[0] / MIB),
      [`rss after ${MINUTE_SECONDS} s MiB`]: round(samples[1] / MIB),
      [`rss after ${2 * MINUTE_SECONDS} s MiB`]: round(samples[2] / MIB),
      [`rss after ${3 * MINUTE_SECONDS} s MiB`]: round(samples[3] / MIB),
      'rss growth over the last interval %': round(growth * 100),
      'heap growth over the last interval %': round(heapGrowth * 100),
      [`heap used after ${2 * MINUTE_SECONDS} s MiB`]: round(memory[2].heapUsed / MIB),
      [`heap used after ${3 * MINUTE_SECONDS} s MiB`]: round(memory[3].heapUsed / MIB),
      requests,
    },
    targetText: `RSS ≤ ${MAX_RSS_BYTES / 1e6} MB after ${MINUTE_SECONDS} s; RSS and heap growth ≤ ${GROWTH_TOLERANCE * 100}% interval 2 → 3`,
    met: samples[1] <= MAX_RSS_BYTES && growth <= GROWTH_TOLERANCE && heapGrowth <= GROWTH_TOLERANCE,
    result: last,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

export const memoryScenario: Scenario = {
  name: 'memory',
  description: `RSS under the event mix, sampled every ${MINUTE_SECONDS} s for three intervals`,
  instances: 1,
  connections: 50,
  durationSeconds: MINUTE_SECONDS,
  seed: seedTriggers,
  requests: () => eventMix(),
  measure,
};
