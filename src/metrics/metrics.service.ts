import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  /** Children by "method route status": the hot path does one string join and one map lookup. */
  private readonly httpChildren = new Map<string, Histogram.Internal<'method' | 'route' | 'status_code'>>();

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
  private readonly cacheLookups = new Counter({
    name: 'livechat_trigger_cache_lookups_total',
    help: 'Trigger-cache lookups: hit (snapshot current) or miss (waited for a load)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  /** Every event looks the cache up: its two children are resolved once. */
  private readonly cacheHits = this.cacheLookups.labels('hit');
  private readonly cacheMisses = this.cacheLookups.labels('miss');
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
    collectDefaultMetrics({ register: this.registry });
  }

  /** From the onResponse hook: `route` is Fastify's route template, `seconds` the elapsed time. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const key = `${method} ${route ?? UNMATCHED_ROUTE} ${statusCode}`;
    let child = this.httpChildren.get(key);
    if (!child) {
      child = this.httpDuration.labels(method, route ?? UNMATCHED_ROUTE, String(statusCode));
      this.httpChildren.set(key, child);
    }
    child.observe(seconds);
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
    (hit ? this.cacheHits : this.cacheMisses).inc();
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
