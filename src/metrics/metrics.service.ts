import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, type CounterConfiguration, Gauge, Histogram, type HistogramConfiguration, Registry } from 'prom-client';

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Requests Fastify matched to no route: one label, never the raw URL (it may carry tokens). */
const UNMATCHED_ROUTE = 'unmatched';

type HttpLabel = 'method' | 'route' | 'status_code';
type Series = ReturnType<Histogram<HttpLabel>['labels']>;

export type PickResult = 'picked' | 'none';

const EXTERNAL_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The service's Prometheus metrics, in a registry of its own per application instance (not
 * prom-client's global one), so that several apps in one process do not clash: request
 * durations by route, and the counters the features call. It depends on no feature.
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();

  private readonly httpDuration = this.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
  });
  /** The histogram's label children, one per method, route and status, made once each. */
  private readonly httpSeries = new Map<string, Series>();

  private readonly firings = this.counter({
    name: 'livechat_trigger_firings_total',
    help: 'Delivered actions of fired triggers, by trigger id and where the messages came from (static, external, fallback)',
    labelNames: ['trigger_id', 'outcome'] as const,
  });
  private readonly externalCalls = this.counter({
    name: 'livechat_external_service_calls_total',
    help: 'External-service calls by outcome (ok, error), error code and reason (circuit-open: not called)',
    labelNames: ['outcome', 'error', 'reason'] as const,
  });
  private readonly externalDuration = this.histogram({
    name: 'livechat_external_service_call_duration_seconds',
    help: 'Duration of external-service calls that were made, by outcome',
    labelNames: ['outcome'] as const,
    buckets: EXTERNAL_BUCKETS,
  });
  private readonly picks = this.counter({
    name: 'livechat_next_agent_picks_total',
    help: 'Next-agent picks from the queue: picked, or none available (a sticky reuse is not a pick)',
    labelNames: ['result'] as const,
  });
  private readonly cacheLookups = this.counter({
    name: 'livechat_trigger_cache_lookups_total',
    help: 'Trigger-cache lookups: hit (snapshot current) or miss (waited for a load)',
    labelNames: ['result'] as const,
    // counted in two plain fields and added when scraped (every widget request looks up the
    // cache; prom-client's inc() validates and hashes its labels each time)
    collect: () => this.addPendingLookups(),
  });
  private readonly pendingLookups = { hit: 0, miss: 0 };

  private readonly cacheInvalidations = this.counter({
    name: 'livechat_trigger_cache_invalidations_total',
    help: 'Trigger-cache invalidations (a local write, a change notification or a feed resync)',
  });
  private readonly cacheReloads = this.counter({ name: 'livechat_trigger_cache_reloads_total', help: 'Trigger-cache loads from the database' });
  private readonly openStreams = new Gauge({
    name: 'livechat_widget_streams_open',
    help: 'Open live streams (GET /v1/widget/stream)',
    registers: [this.registry],
  });
  private readonly droppedStreams = this.counter({
    name: 'livechat_widget_streams_dropped_total',
    help: 'Live streams closed by the server: slow (unsent output past SSE_MAX_BUFFERED_BYTES) or shutdown',
    labelNames: ['reason'],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** From the onResponse hook: `route` is Fastify's route template, `seconds` the elapsed time. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const key = `${method} ${route} ${statusCode}`;
    let series = this.httpSeries.get(key);
    if (!series) {
      series = this.httpDuration.labels(method, route ?? UNMATCHED_ROUTE, String(statusCode));
      this.httpSeries.set(key, series);
    }
    series.observe(seconds);
  }

  /** A delivered action of a fired trigger; `outcome` is where its messages came from. */
  triggerFired(triggerId: string, outcome: string): void {
    this.firings.inc({ trigger_id: triggerId, outcome });
  }

  externalCall(outcome: { ok: true } | { ok: false; error: string; reason?: string }, durationMs?: number): void {
    const ok = outcome.ok ? 'ok' : 'error';
    this.externalCalls.inc({ outcome: ok, error: outcome.ok ? '' : outcome.error, reason: outcome.ok ? '' : (outcome.reason ?? '') });
    if (durationMs !== undefined) this.externalDuration.observe({ outcome: ok }, durationMs / 1000);
  }

  nextAgentPick(result: PickResult): void {
    this.picks.inc({ result });
  }

  triggerCacheLookup(hit: boolean): void {
    this.pendingLookups[hit ? 'hit' : 'miss'] += 1;
  }

  triggerCacheInvalidated(): void {
    this.cacheInvalidations.inc();
  }

  triggerCacheReloaded(): void {
    this.cacheReloads.inc();
  }

  streamsOpen(count: number): void {
    this.openStreams.set(count);
  }

  streamDropped(reason: 'slow' | 'shutdown'): void {
    this.droppedStreams.inc({ reason });
  }

  private addPendingLookups(): void {
    for (const result of ['hit', 'miss'] as const) {
      if (this.pendingLookups[result] > 0) this.cacheLookups.inc({ result }, this.pendingLookups[result]);
      this.pendingLookups[result] = 0;
    }
  }

  private counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  private histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  /** The Prometheus text exposition. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}
