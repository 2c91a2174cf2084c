import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../common/errors/domain-error';
import { violatedForeignKey } from '../common/errors/database-constraints';
import { ChangeFeed } from '../database/change-feed';
import type { VisitState } from './model/visit-clock';
import { newVisitor, Registration, Visitor } from './model/visitor';
import { MAX_METADATA_KEYS } from './model/visitor-metadata';
import { MetadataChange, VisitorsRepository } from './visitors.repository';
import { VisitTracker } from './visit-tracker';

const FLUSH_EVERY_MS = 5_000;
/** Visitors held in memory per instance (bounded so memory levels off under a stream of new visitors). */
const MAX_CACHED_VISITORS = 20_000;

export interface ObservedVisitor {
  readonly visitor: Visitor;
  readonly visit: VisitState;
}

/**
 * Visitors as the widget sees them. Known visitors are served from memory (invalidated on
 * every registration or metadata change, across instances), so an event that fires nothing
 * touches the database only for a visitor this instance has not seen yet.
 */
@Injectable()
export class VisitorsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Visitors');
  private readonly cache = new LRUCache<string, Visitor>({ max: MAX_CACHED_VISITORS });
  /** Loads in flight: concurrent first events of one visitor (tabs, retries) share one. */
  private readonly loading = new Map<string, Promise<Visitor>>();
  private readonly visits = new VisitTracker();
  private flushTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly visitors: VisitorsRepository,
    private readonly changes: ChangeFeed,
  ) {}

  onModuleInit(): void {
    this.changes.subscribe('visitor_changes', (token) => this.forget(token));
    this.changes.onResync(() => {
      this.cache.clear();
      this.loading.clear();
    });
    this.flushTimer = setInterval(() => void this.flushVisits(), FLUSH_EVERY_MS);
    this.flushTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushVisits();
  }

  /** The visitor an event comes from (created on its first event), its metadata merged, its visit advanced. */
  async observe(token: string, now: Date, metadata?: Readonly<Record<string, string>>): Promise<ObservedVisitor> {
    let visitor = this.cache.get(token) ?? (await this.load(token, now));
    if (metadata && Object.keys(metadata).length > 0) {
      visitor = this.accepted(await this.visitors.mergeMetadata(visitor, metadata, now));
      this.cache.set(token, visitor);
    }
    return { visitor, visit: this.visits.advance(token, visitor, now) };
  }

  /**
   * `observe` for a visitor this instance holds, without waiting: undefined when it does not
   * (then `isLoading` tells whether a first event of it is in flight). Perf: most events come
   * from held visitors, and this is one cache lookup and no promise for them.
   */
  observeHeld(token: string, now: Date): ObservedVisitor | undefined {
    const visitor = this.cache.get(token);
    return visitor && { visitor, visit: this.visits.advance(token, visitor, now) };
  }

  /** True while a first event of the visitor is reading or creating it. */
  isLoading(token: string): boolean {
    return this.loading.has(token);
  }

  /**
   * A first event that fires run-once triggers if the visitor is new: creates the visitor
   * and claims the triggers in one committed statement (perf: one round trip and one commit
   * instead of two of each). Undefined, with no claim made, when the visitor existed already
   * (another instance saw it, or this one forgot it) or a trigger was deleted: the visitor is
   * then read as stored, and the caller takes the ordinary path. Events of this visitor that
   * arrive meanwhile wait for this statement, as for a load.
   */
  async createClaiming(
    token: string,
    now: Date,
    runOnceTriggerIds: readonly string[],
  ): Promise<(ObservedVisitor & { claimed: ReadonlySet<string> }) | undefined> {
    let claimed: ReadonlySet<string> | undefined;
    const visitor = await this.share(token, async () => {
      claimed = await this.visitors.createClaiming(token, now, runOnceTriggerIds);
      return claimed ? newVisitor(token, now) : (await this.visitors.findOrCreate(token, now)).visitor;
    });
    if (!claimed) return undefined;
    return { visitor, visit: this.visits.advance(token, visitor, now), claimed };
  }

  /** A visitor as stored (no event, nothing written). */
  async find(token: string): Promise<Visitor | undefined> {
    return this.cache.get(token) ?? (await this.visitors.find(token));
  }

  async register(token: string, registration: Registration, now: Date): Promise<Visitor> {
    let change: MetadataChange;
    try {
      change = await this.visitors.register(token, registration, now);
    } catch (error) {
      if (violatedForeignKey(error) === 'FK_visitors_department') {
        throw DomainError.validation([{ path: 'department', message: 'is not a known department id' }]);
      }
      throw error;
    }
    const visitor = this.accepted(change);
    this.loading.delete(token); // a load in flight read the visitor before this registration
    this.cache.set(token, visitor);
    return visitor;
  }

  /** Finds or creates the visitor once however many events ask at the same time. */
  private load(token: string, now: Date): Promise<Visitor> {
    return this.loading.get(token) ?? this.share(token, async () => (await this.visitors.findOrCreate(token, now)).visitor);
  }

  /** Runs `read` as the one load in flight for this visitor, and caches what it gives. */
  private share(token: string, read: () => Promise<Visitor>): Promise<Visitor> {
    const loading: Promise<Visitor> = read()
      .then((visitor) => {
        // a change announced meanwhile dropped this load: the next event reads again
        if (this.loading.get(token) === loading) this.cache.set(token, visitor);
        return visitor;
      })
      .finally(() => {
        if (this.loading.get(token) === loading) this.loading.delete(token);
      });
    this.loading.set(token, loading);
    return loading;
  }

  private forget(token: string): void {
    this.cache.delete(token);
    this.loading.delete(token);
  }

  private accepted(change: MetadataChange): Visitor {
    if (change.ok) return change.visitor;
    throw DomainError.validation([{ path: 'metadata', message: `a visitor keeps at most ${MAX_METADATA_KEYS} metadata keys` }]);
  }

  private async flushVisits(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.visits.takeDue(new Date());
    if (batch.size === 0) return;
    this.flushing = this.visitors
      .saveVisits(batch)
      .catch((error: Error) => {
        this.logger.warn(`visit clocks not saved (${batch.size} visitors), will retry: ${error.message}`);
        this.visits.requeue(batch);
      })
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }
}
