import { createHash } from 'node:crypto';
import type { OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import type { BreakerResult, CircuitBreakerRegistry, InMemoryBreakerOptions } from './circuit-breakers';

export interface RedisBreakerOptions extends Omit<InMemoryBreakerOptions, 'maxEntries'> {
  /** Prefix of every key, e.g. `livechat-triggers:`. */
  readonly keyPrefix: string;
  /** How long a half-open probe may take before another instance may probe (above the 30 s call maximum). */
  readonly probeLeaseMs: number;
  /** Consecutive failures are forgotten after this long without another failure. */
  readonly failureMemoryMs: number;
}

/**
 * Circuit breakers shared by every instance through Redis, per service URL (hashed into the key):
 *
 * - `…:failures`: consecutive failures (INCR, reset by a success);
 * - `…:open`: set with a TTL of `halfOpenAfterMs` when the failures reach the threshold;
 *   while it exists every instance short-circuits;
 * - `…:tripped`: the breaker opened and has not closed since: once `open` expired, the
 *   instance that wins `SET …:probe NX PX` makes the one probe, the others short-circuit;
 *   the probe's success closes the breaker, its failure opens it again.
 *
 * When Redis fails the call goes to `local` (the in-memory breakers): an outage of Redis
 * degrades to per-instance breakers, never to refused calls. It owns the client and closes it.
 */
export class RedisCircuitBreakers implements CircuitBreakerRegistry, OnModuleDestroy {
  constructor(
    private readonly redis: Redis,
    private readonly local: CircuitBreakerRegistry,
    private readonly options: RedisBreakerOptions,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  async run<T>(key: string, call: () => Promise<T>, isFailure: (value: T) => boolean): Promise<BreakerResult<T>> {
    const keys = this.keysFor(key);
    let state: (string | null)[];
    try {
      state = await this.redis.mget(keys.open, keys.tripped);
    } catch {
      return this.local.run(key, call, isFailure);
    }
    const [open, tripped] = state;
    if (open !== null) return { shortCircuited: true };
    if (tripped !== null) {
      const probing = await this.redis.set(keys.probe, '1', 'PX', this.options.probeLeaseMs, 'NX').catch(() => 'OK');
      if (probing !== 'OK') return { shortCircuited: true };
    }
    let value: T;
    let failed: boolean;
    try {
      value = await call();
      failed = isFailure(value);
    } catch (error) {
      await this.recordFailure(key, keys, tripped !== null);
      throw error;
    }
    if (failed) await this.recordFailure(key, keys, tripped !== null);
    else await this.recordSuccess(key, keys, tripped !== null);
    return { shortCircuited: false, value };
  }

  private async recordFailure(url: string, keys: BreakerKeys, probing: boolean): Promise<void> {
    try {
      if (probing) {
        await this.open(keys);
        return;
      }
      const failures = await this.redis.multi().incr(keys.failures).pexpire(keys.failures, this.options.failureMemoryMs).exec();
      const count = Number(failures?.[0]?.[1] ?? 0);
      if (count >= this.options.consecutiveFailures) {
        await this.open(keys);
        this.options.onStateChange?.(url, 'open');
      }
    } catch {
      // Redis trouble: this failure goes uncounted; the call itself already answered
    }
  }

  private async open(keys: BreakerKeys): Promise<void> {
    await this.redis
      .multi()
      .set(keys.open, '1', 'PX', this.options.halfOpenAfterMs)
      .set(keys.tripped, '1', 'PX', this.options.halfOpenAfterMs + this.options.failureMemoryMs)
      .del(keys.failures, keys.probe)
      .exec();
  }

  private async recordSuccess(url: string, keys: BreakerKeys, probing: boolean): Promise<void> {
    try {
      if (probing) {
        await this.redis.del(keys.tripped, keys.probe, keys.failures);
        this.options.onStateChange?.(url, 'closed');
      } else {
        await this.redis.del(keys.failures);
      }
    } catch {
      // Redis trouble: the count stays; a later success resets it
    }
  }

  private keysFor(url: string): BreakerKeys {
    const base = `${this.options.keyPrefix}breaker:${createHash('sha256').update(url).digest('base64url').slice(0, 22)}`;
    return { failures: `${base}:failures`, open: `${base}:open`, tripped: `${base}:tripped`, probe: `${base}:probe` };
  }
}

interface BreakerKeys {
  readonly failures: string;
  readonly open: string;
  readonly tripped: string;
  readonly probe: string;
}
