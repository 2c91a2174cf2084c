import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ChangeFeed } from '../database/change-feed';
import { compileTrigger, type CompiledTrigger, TriggerSnapshot } from '../evaluation';
import { Metrics } from '../metrics/metrics.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { TriggersRepository } from '../triggers/triggers.repository';

/** The enabled triggers, compiled, in firing order. */
export type EnabledTriggers = TriggerSnapshot<TriggerRecord>;

/**
 * Enabled triggers, compiled once per version and held in memory, so evaluating an event
 * reads no trigger from the database. Every trigger write invalidates it at once in the
 * writing instance and, through the change feed, in every other one; a reconnect of the
 * feed reloads everything.
 */
@Injectable()
export class TriggerCache implements OnModuleInit {
  private readonly logger = new Logger('TriggerCache');
  /** Bumped by every invalidation: a load that started before one is not kept. */
  private generation = 0;
  private snapshot?: { readonly generation: number; readonly triggers: EnabledTriggers };
  private loading?: Promise<EnabledTriggers>;
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
    this.metrics.triggerCacheInvalidated();
  }

  /** The current snapshot if it is loaded, without waiting (a hit is counted; else ask {@link current}). */
  held(): EnabledTriggers | undefined {
    if (this.snapshot?.generation !== this.generation) return undefined;
    this.metrics.triggerCacheLookup(true);
    return this.snapshot.triggers;
  }

  /** The current snapshot, loaded when a write invalidated the previous one. */
  async current(): Promise<EnabledTriggers> {
    const hit = this.snapshot?.generation === this.generation;
    this.metrics.triggerCacheLookup(hit);
    if (hit) return this.snapshot!.triggers;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<EnabledTriggers> {
    for (;;) {
      const generation = this.generation;
      const records = await this.triggers.findAllEnabled();
      this.metrics.triggerCacheReloaded();
      const next = new Map<string, CompiledTrigger<TriggerRecord>>();
      for (const record of records) {
        const known = this.compiled.get(record.id);
        next.set(record.id, known && known.trigger.version === record.version ? known : compileTrigger(record));
      }
      this.compiled = next;
      // a write that landed while loading bumped the generation: load again
      if (generation !== this.generation) continue;
      const triggers = new TriggerSnapshot([...next.values()]);
      this.snapshot = { generation, triggers };
      this.logger.debug(`loaded ${records.length} enabled triggers (generation ${generation})`);
      return triggers;
    }
  }
}
