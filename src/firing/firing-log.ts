import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type FiringRecord, FiringsRepository } from './firings.repository';

/** Firings are written at least this often… */
const FLUSH_EVERY_MS = 1_000;
/** …or as soon as this many wait. */
const BATCH_SIZE = 500;
/** While the database is away, at most this many wait; the oldest go first. */
const MAX_PENDING = 20_000;

/**
 * The firing log (stats) on its way to the database: an event records its firings here and
 * answers without waiting for a write; they reach the database in batches, at least once a
 * second. Perf: the log's INSERT was one of the three queries a firing event waited for.
 *
 * Reading stats flushes first, so a reader sees every firing this instance answered;
 * another instance's firings show up within a second. A failed write keeps the batch for
 * the next flush (bounded by MAX_PENDING); shutdown flushes what is left.
 */
@Injectable()
export class FiringLog implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('FiringLog');
  private pending: FiringRecord[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private dropped = 0;

  constructor(private readonly firings: FiringsRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }

  record(records: readonly FiringRecord[]): void {
    if (records.length === 0) return;
    this.pending.push(...records);
    if (this.pending.length >= BATCH_SIZE) void this.flush().catch(() => undefined);
  }

  /** Writes everything recorded so far; resolves once it is in the database, rejects when that failed. */
  flush(): Promise<void> {
    this.writing = this.writing.catch(() => undefined).then(() => this.writePending());
    return this.writing;
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      await this.firings.record(batch);
    } catch (error) {
      this.keepForNextFlush(batch);
      this.logger.warn(`${batch.length} firings not written yet, will retry: ${(error as Error).message}`);
      throw error;
    }
  }

  private keepForNextFlush(batch: readonly FiringRecord[]): void {
    this.pending = [...batch, ...this.pending];
    const excess = this.pending.length - MAX_PENDING;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.dropped += excess;
      this.logger.error(`the database has been away too long: ${this.dropped} firings dropped from the stats so far`);
    }
  }
}
