import { BrokenCircuitError, type CircuitBreakerPolicy, circuitBreaker, ConsecutiveBreaker, handleAll, IsolatedCircuitError } from 'cockatiel';
import { LRUCache } from 'lru-cache';

export type BreakerResult<T> = { readonly shortCircuited: true } | { readonly shortCircuited: false; readonly value: T };

/**
 * Circuit breakers keyed by service URL. This instance keeps them in memory; the
 * interface is what a shared (Redis) implementation would replace.
 */
export interface CircuitBreakerRegistry {
  /**
   * Runs `call` under the breaker of `key`, counting a value for which `isFailure` holds
   * (or a throw) as a failure; answers `shortCircuited` without calling when the breaker is open.
   */
  run<T>(key: string, call: () => Promise<T>, isFailure: (value: T) => boolean): Promise<BreakerResult<T>>;
}

export const CIRCUIT_BREAKER_REGISTRY = Symbol('CIRCUIT_BREAKER_REGISTRY');

export interface InMemoryBreakerOptions {
  /** Consecutive failures that open a breaker (DESIGN §5: 5). */
  readonly consecutiveFailures: number;
  /** How long an open breaker answers at once before it lets one probe through (30 s). */
  readonly halfOpenAfterMs: number;
  /** Breakers kept; the least recently used is dropped beyond it, so arbitrary URLs cannot grow memory. */
  readonly maxEntries: number;
  readonly onStateChange?: (key: string, state: 'open' | 'closed') => void;
}

export const DEFAULT_BREAKER_OPTIONS: InMemoryBreakerOptions = { consecutiveFailures: 5, halfOpenAfterMs: 30_000, maxEntries: 1000 };

/** A value that counts as a failure, carried through cockatiel (which counts throws) back to the caller. */
class CountedFailure<T> extends Error {
  constructor(readonly value: T) {
    super('counted as a failure');
  }
}

/** cockatiel breakers per key, the least recently used dropped beyond `maxEntries` (lru-cache). */
export class InMemoryCircuitBreakers implements CircuitBreakerRegistry {
  private readonly breakers: LRUCache<string, CircuitBreakerPolicy>;

  constructor(private readonly options: InMemoryBreakerOptions = DEFAULT_BREAKER_OPTIONS) {
    this.breakers = new LRUCache({ max: options.maxEntries });
  }

  get size(): number {
    return this.breakers.size;
  }

  async run<T>(key: string, call: () => Promise<T>, isFailure: (value: T) => boolean): Promise<BreakerResult<T>> {
    const breaker = this.breakerFor(key);
    try {
      const value = await breaker.execute(async () => {
        const result = await call();
        if (isFailure(result)) throw new CountedFailure(result);
        return result;
      });
      return { shortCircuited: false, value };
    } catch (error) {
      if (error instanceof CountedFailure) return { shortCircuited: false, value: error.value as T };
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) return { shortCircuited: true };
      throw error;
    }
  }

  private breakerFor(key: string): CircuitBreakerPolicy {
    const existing = this.breakers.get(key);
    if (existing) return existing;
    const breaker = circuitBreaker(handleAll, {
      halfOpenAfter: this.options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.options.consecutiveFailures),
    });
    const notify = this.options.onStateChange;
    if (notify) {
      breaker.onBreak(() => notify(key, 'open'));
      breaker.onReset(() => notify(key, 'closed'));
    }
    this.breakers.set(key, breaker);
    return breaker;
  }
}
