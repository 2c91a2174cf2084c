import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ChangeFeed } from '../database/change-feed';
import { LiveValue } from '../database/live-value';
import { compileTrigger, type CompiledTrigger, TriggerSnapshot } from '../evaluation';
import { Metrics } from '../metrics/metrics.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { TriggersRepository } from '../triggers/triggers.repository';
import { compileSchedules } from '../schedules/schedule';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { ProactiveSettingsService } from '../proactive-settings/proactive-settings.service';

/** The enabled triggers, compiled, in firing order. */
export type EnabledTriggers = TriggerSnapshot<TriggerRecord>;

/**
 * After a change, the snapshot is rebuilt this soon by itself (one rebuild for a burst of
 * writes), so the live stream can tell widgets within 2 s (DESIGN §16: ≤ 250 ms).
 */
const REBUILD_AFTER_MS = 100;

/**
 * Enabled triggers, compiled once per version and held in memory with every schedule
 * (DESIGN §13) and the proactive budget (§14), so evaluating an event reads no trigger and no schedule from the database. Every trigger write invalidates it at once in the
 * writing instance and, through the change feed, in every other one; a reconnect of the
 * feed reloads everything. After an invalidation the snapshot is rebuilt eagerly, and
 * `onRebuilt` listeners hear each new one.
 */
@Injectable()
export class TriggerCache implements OnModuleInit, OnApplicationShutdown {
  private readonly snapshot = new LiveValue(() => this.load(), { name: 'TriggerCache', reloadAfterMs: REBUILD_AFTER_MS });
  /** Compiled triggers by id, reused while their version is unchanged. */
  private compiled = new Map<string, CompiledTrigger<TriggerRecord>>();

  constructor(
    private readonly triggers: TriggersRepository,
    private readonly schedules: SchedulesRepository,
    private readonly proactive: ProactiveSettingsService,
    private readonly changes: ChangeFeed,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.changes.subscribe('trigger_changes', () => this.invalidate());
    this.changes.onResync(() => this.invalidate());
  }

  onApplicationShutdown(): void {
    this.snapshot.stop();
  }

  invalidate(): void {
    this.snapshot.invalidate();
    this.metrics.triggerCacheInvalidated();
  }

  /** The current snapshot if it is loaded, without waiting (a hit is counted; else ask {@link current}). */
  held(): EnabledTriggers | undefined {
    const held = this.snapshot.held();
    if (held) this.metrics.triggerCacheLookup(true);
    return held;
  }

  /** The current snapshot, loaded when a write invalidated the previous one. */
  current(): Promise<EnabledTriggers> {
    this.metrics.triggerCacheLookup(this.snapshot.held() !== undefined);
    return this.snapshot.current();
  }

  /** Called with every rebuilt snapshot. */
  onRebuilt(listener: (snapshot: EnabledTriggers) => void): void {
    this.snapshot.onLoaded(listener);
  }

  private async load(): Promise<EnabledTriggers> {
    const [records, schedules, budget] = await Promise.all([this.triggers.findAllEnabled(), this.schedules.findAll(), this.proactive.read()]);
    this.metrics.triggerCacheReloaded();
    const next = new Map<string, CompiledTrigger<TriggerRecord>>();
    for (const record of records) {
      const known = this.compiled.get(record.id);
      next.set(record.id, known && known.trigger.version === record.version ? known : compileTrigger(record));
    }
    this.compiled = next;
    return new TriggerSnapshot([...next.values()], compileSchedules(schedules), budget);
  }
}
