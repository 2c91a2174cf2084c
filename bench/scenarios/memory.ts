import { median } from '../harness/load';
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

/** How often memory is sampled during the second half of each interval. */
const SAMPLE_MS = 500;

/**
 * Samples of RSS and heap in use from `fromMs` until `done` settles. One instant is noisy:
 * the heap in use includes whatever garbage the next collection frees, and RSS follows it
 * (both swung by ±15–20% between runs with no trend).
 */
async function sampleMemory(baseUrl: string, fromMs: number, done: Promise<unknown>): Promise<{ rss: number; heapUsed: number }[]> {
  let finished = false;
  // both ways: the caller awaits `done` itself and sees its failure
  const stop = () => (finished = true);
  done.then(stop, stop);
  const samples: { rss: number; heapUsed: number }[] = [];
  while (!finished) {
    if (Date.now() >= fromMs) samples.push(await memoryOf(baseUrl));
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
  }
  return samples.length > 0 ? samples : [await memoryOf(baseUrl)];
}

/**
 * The heap that survived each full (mark-compact) collection in a stretch of the service's
 * `--trace-gc` output, in bytes: what the process really keeps. V8 prints MB meaning MiB.
 */
function liveHeapAfterCollections(trace: string): number[] {
  return [...trace.matchAll(/Mark-Compact[^\n]*?-> ([\d.]+) \(/g)].map((match) => Number(match[1]) * MIB);
}

interface Interval {
  /** Median RSS over the interval's second half. */
  readonly rss: number;
  /** Highest RSS sampled in the interval's second half. */
  readonly peakRss: number;
  /** Median heap surviving the interval's full collections, else the lowest heap in use sampled. */
  readonly liveHeap: number;
  readonly collections: number;
}

/**
 * The event mix for three "minutes": RSS after the first, and no growth from the second to
 * the third (a leak grows steadily; warm-up growth stops early), of RSS and of the live heap.
 */
async function measure(context: MeasureContext): Promise<Measurement> {
  const [baseUrl] = context.baseUrls;
  const start = await memoryOf(baseUrl);
  const intervals: Interval[] = [];
  let requests = 0;
  let last;
  for (let minute = 1; minute <= 3; minute++) {
    const traced = context.serviceOutput().length;
    const load = context.load(MINUTE_SECONDS);
    const sampling = sampleMemory(baseUrl, Date.now() + (MINUTE_SECONDS * 1000) / 2, load);
    last = await load;
    requests += last.requests;
    const samples = await sampling;
    const live = liveHeapAfterCollections(context.serviceOutput().slice(traced));
    const interval = {
      rss: median(samples.map((m) => m.rss)),
      peakRss: Math.max(...samples.map((m) => m.rss)),
      liveHeap: live.length > 0 ? median(live) : Math.min(...samples.map((m) => m.heapUsed)),
      collections: live.length,
    };
    intervals.push(interval);
    context.log(
      `minute ${minute}: RSS ${(interval.rss / MIB).toFixed(1)} MiB, live heap ${(interval.liveHeap / MIB).toFixed(1)} MiB ` +
        `(${live.length} full collections; ${requests} requests)`,
    );
  }
  const [first, second, third] = intervals;
  const growth = (third.rss - second.rss) / second.rss;
  // RSS alone hides a heap that still grows into memory V8 already holds
  const heapGrowth = (third.liveHeap - second.liveHeap) / second.liveHeap;
  return {
    figures: {
      'rss at start MiB': round(start.rss / MIB),
      'rss peak in minute 1 MiB': round(first.peakRss / MIB),
      'rss in minute 2 MiB': round(second.rss / MIB),
      'rss in minute 3 MiB': round(third.rss / MIB),
      'rss growth minute 2 → 3 %': round(growth * 100),
      'live heap in minute 2 MiB': round(second.liveHeap / MIB),
      'live heap in minute 3 MiB': round(third.liveHeap / MIB),
      'live heap growth minute 2 → 3 %': round(heapGrowth * 100),
      'full collections in minutes 2 and 3': second.collections + third.collections,
      requests,
    },
    targetText: `RSS ≤ ${MAX_RSS_BYTES / 1e6} MB at the end of minute 1; RSS and live heap growth ≤ ${GROWTH_TOLERANCE * 100}% minute 2 → 3`,
    met: first.peakRss <= MAX_RSS_BYTES && growth <= GROWTH_TOLERANCE && heapGrowth <= GROWTH_TOLERANCE,
    result: last,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

export const memoryScenario: Scenario = {
  name: 'memory',
  description: `RSS and live heap under the event mix, over three intervals of ${MINUTE_SECONDS} s`,
  instances: 1,
  connections: 50,
  durationSeconds: MINUTE_SECONDS,
  seed: seedTriggers,
  requests: () => eventMix(),
  // V8 reports the heap that survives each full collection: the live heap, without garbage
  nodeArgs: ['--trace-gc'],
  measure,
};
