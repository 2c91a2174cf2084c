import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Metric, Registry } from 'prom-client';
import { RequestDurations } from './request-durations';

/** How one delivered action got its messages (the stats' outcomes). */
export type FiringOutcome = 'static' | 'external' | 'fallback';
export type PickResult = 'picked' | 'none';

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const EXTERNAL_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Requests Fastify matched to no route: one label, never the raw URL (it may carry tokens). */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * The service's Prometheus metrics, in a registry of its own per application instance (not
 * prom-client's global one), so that several apps in one process do not clash. Features
 * call it; it depends on no feature.
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();

  private readonly httpDuration = new RequestDurations(
    'http_request_duration_seconds',
    'HTTP request duration by route template, method and status code',
    HTTP_BUCKETS,
  );

  private readonly firings = new Counter({
    name: 'livechat_trigger_firings_total',
    help: 'Delivered actions of fired triggers, by trigger id and where the messages came from (static, external, fallback)',
    labelNames: ['trigger_id', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly externalCalls = new Counter({
    name: 'livechat_external_service_calls_total',
    help: 'External-service calls by outcome (ok, error), error code and reason (circuit-open: not called)',
    labelNames: ['outcome', 'error', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly externalDuration = new Histogram({
    name: 'livechat_external_service_call_duration_seconds',
    help: 'Duration of external-service calls that were made, by outcome',
    labelNames: ['outcome'] as const,
    buckets: EXTERNAL_BUCKETS,
    registers: [this.registry],
  });
  private readonly picks = new Counter({
    name: 'livechat_next_agent_picks_total',
    help: 'Next-agent picks from the queue: picked, or none available (a sticky reuse is not a pick)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  /** Every widget request looks the cache up: counted here, added to the counter when it is scraped (perf). */
  private readonly unscrapedLookups = { hit: 0, miss: 0 };
  private readonly cacheLookups = new Counter({
    name: 'livechat_trigger_cache_lookups_total',
    help: 'Trigger-cache lookups: hit (snapshot current) or miss (waited for a load)',
    labelNames: ['result'] as const,
    registers: [this.registry],
    collect: () => this.addUnscrapedLookups(),
  });
  private readonly cacheInvalidations = new Counter({
    name: 'livechat_trigger_cache_invalidations_total',
    help: 'Trigger-cache invalidations (a local write, a change notification or a feed resync)',
    registers: [this.registry],
  });
  private readonly cacheReloads = new Counter({
    name: 'livechat_trigger_cache_reloads_total',
    help: 'Trigger-cache loads from the database',
    registers: [this.registry],
  });

  constructor() {
    this.registry.registerMetric(this.httpDuration as unknown as Metric);
    collectDefaultMetrics({ register: this.registry });
  }

  /** From the onResponse hook: `route` is Fastify's route template, `seconds` the elapsed time. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.httpDuration.observe(method, route ?? UNMATCHED_ROUTE, statusCode, seconds);
  }

  triggerFired(triggerId: string, outcome: FiringOutcome): void {
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
    if (hit) this.unscrapedLookups.hit += 1;
    else this.unscrapedLookups.miss += 1;
  }

  private addUnscrapedLookups(): void {
    for (const result of ['hit', 'miss'] as const) {
      if (this.unscrapedLookups[result] > 0) this.cacheLookups.inc({ result }, this.unscrapedLookups[result]);
      this.unscrapedLookups[result] = 0;
    }
  }

  triggerCacheInvalidated(): void {
    this.cacheInvalidations.inc();
  }

  triggerCacheReloaded(): void {
    this.cacheReloads.inc();
  }

  /** The Prometheus text exposition. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}
