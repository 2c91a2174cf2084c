import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChangeFeed } from '../database/change-feed';
import { Metrics } from '../metrics/metrics.service';
import { byFiringOrder, compileTrigger, CompiledTrigger } from '../evaluation';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { TriggersRepository } from '../triggers/triggers.repository';
import { TriggerSnapshot } from './trigger-snapshot';

/**
 * Enabled triggers, compiled once per version and held in memory, so evaluating an event
 * reads no trigger from the database. Every trigger write invalidates it at once in the
 * writing instance and, through the change feed, in every other one; a reconnect of the
 * feed reloads everything.
 */
@Injectable()
export class TriggerCache implements OnModuleInit {
  private readonly logger = new Logger('TriggerCache');
  private generation = 0;
  private snapshot?: TriggerSnapshot;
  private loading?: Promise<TriggerSnapshot>;
  /** Compiled triggers by id, reused while their version is unchanged. */
  private compiled = new Map<string, CompiledTrigger<TriggerRecord>>();

  constructor(
    private readonly triggers: TriggersRepository,
    private readonly changes: ChangeFeed,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.changes.subscribe('trigger_changes', () => this.invalidate());
    this.changes.onResync(() => this.invalidate());
  }

  invalidate(): void {
    this.generation += 1;
    this.snapshot = undefined;
    this.metrics.triggerCacheInvalidated(); // metrics
  }

  /** The current snapshot, loading it when a write invalidated the previous one. */
  current(): Promise<TriggerSnapshot> | TriggerSnapshot {
    const hit = this.snapshot !== undefined && this.snapshot.generation === this.generation;
    this.metrics.triggerCacheLookup(hit); // metrics
    if (hit) return this.snapshot!;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /**
   * `use` applied to the current snapshot: at once when it is loaded, after the load
   * otherwise (perf: the hot widget routes answer without a promise while the cache holds).
   */
  withCurrent<T>(use: (snapshot: TriggerSnapshot) => T): T | Promise<Awaited<T>> {
    const snapshot = this.current();
    // then() flattens a promise that `use` returns, which its typing does not say
    return snapshot instanceof Promise ? (snapshot.then(use) as Promise<Awaited<T>>) : use(snapshot);
  }

  private async load(): Promise<TriggerSnapshot> {
    for (;;) {
      const generation = this.generation;
      const records = await this.triggers.findAllEnabled();
      this.metrics.triggerCacheReloaded(); // metrics
      const next = new Map<string, CompiledTrigger<TriggerRecord>>();
      for (const record of records) {
        const known = this.compiled.get(record.id);
        next.set(record.id, known && known.trigger.version === record.version ? known : compileTrigger(record));
      }
      this.compiled = next;
      // a write that landed while loading bumped the generation: load again
      if (generation !== this.generation) continue;
      const ordered = [...next.values()].sort((a, b) => byFiringOrder(a.trigger, b.trigger));
      this.snapshot = new TriggerSnapshot(generation, ordered);
      this.logger.debug(`loaded ${ordered.length} enabled triggers (generation ${generation})`);
      return this.snapshot;
    }
  }
}
