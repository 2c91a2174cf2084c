import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../common/errors/domain-error';
import { violatedForeignKey } from '../common/errors/database-constraints';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/config.module';
import { ChangeFeed } from '../database/change-feed';
import { DueClocks } from './due-clocks';
import { clockWriteDue, startsVisit, type VisitClock, visitAt } from './model/visit-clock';
import { newVisitor, type Registration, type Visitor } from './model/visitor';
import { MAX_METADATA_KEYS, mergeMetadata, sameMetadata } from './model/visitor-metadata';
import { type StoredVisitor, type VisitorChange, VisitorsRepository } from './visitors.repository';

/** Visitors held in memory per instance (bounded so memory levels off under a stream of new visitors). */
const MAX_HELD_VISITORS = 20_000;
/** Visit clocks due for a write are written this often, in one statement. */
const FLUSH_CLOCKS_EVERY_MS = 5_000;

/** What an event tells the visitor store. */
export interface Observation {
  readonly type: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly referrer?: string;
}

/** A visitor as an event sees it. */
export interface ObservedVisitor {
  readonly visitor: Visitor;
  /** When the visitor's current visit began. */
  readonly visitStartedAt: Date;
  /** This instance's last `page-view` of the visitor in the current visit, before this event (time on page counts from it). */
  readonly pageViewedAt?: Date;
  /** False for a visitor seen for the first time: the event stores it (with its run-once claims). */
  readonly stored: boolean;
}

/** What this instance holds of one visitor: its data, its visit clock, whether it is stored. */
interface Held {
  visitor: Visitor;
  visit: VisitClock | undefined;
  /** When the clock was last written (or read). */
  clockWrittenAt: Date;
  stored: boolean;
  /** The write storing a visitor seen for the first time, shared by its concurrent first events. */
  storing?: Promise<void>;
  /** The last `page-view` event of the current visit this instance saw. */
  pageViewedAt?: Date;
}

/**
 * The one owner of visitor state in this instance. Visitors are held in an LRU cache whose
 * loader reads a visitor once however many events ask at the same time (`fetchMethod`), so
 * a known visitor's event reads nothing. The cache also holds each visitor's visit clock:
 * an event advances it in memory, and clocks reach the database in batches (at most once per
 * visitor per 30 s, at once when a visit starts), so an event that fires nothing writes
 * nothing (DESIGN §3). The start of a visit is the exception: it is counted at once, by one
 * conditional write that only one instance's can apply (DESIGN §16), and a `chat-opened`
 * event counts one more chat. A change made on another instance reloads the visitor's data
 * and keeps its clock; counts never go back.
 */
@Injectable()
export class VisitorStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Visitors');
  private readonly held = new LRUCache<string, Held, Date>({
    max: MAX_HELD_VISITORS,
    fetchMethod: (token, stale, { context: now }) => this.load(token, stale, now),
  });
  private readonly dueClocks = new DueClocks();
  private flushTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  private readonly idleSeconds: number;

  constructor(
    private readonly visitors: VisitorsRepository,
    private readonly changes: ChangeFeed,
    @InjectConfig() config: AppConfig,
  ) {
    this.idleSeconds = config.visitIdleSeconds;
  }

  onModuleInit(): void {
    this.changes.subscribe('visitor_changes', (token) => this.reloadIfHeld(token));
    this.changes.onResync(() => this.held.clear());
    this.flushTimer = setInterval(() => void this.flushClocks(), FLUSH_CLOCKS_EVERY_MS);
    this.flushTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushClocks();
  }

  /**
   * The visitor an event at `now` comes from, with `metadata` merged in (a write when it
   * changes something), its visit advanced (a write when a visit starts) and the visit's
   * first referrer kept. A visitor seen for the first time is not stored yet: the event
   * stores it (see {@link markStored}).
   */
  async observe(token: string, now: Date, event: Observation): Promise<ObservedVisitor> {
    const held = this.held.get(token) ?? (await this.held.fetch(token, { context: now }))!;
    if (event.metadata && Object.keys(event.metadata).length > 0) await this.merge(held, token, event.metadata, now);
    // only the start of a visit writes (and waits): an event within a visit stays in memory
    const visitStart = this.advance(token, held, now, event.referrer);
    if (visitStart) await visitStart;
    if (event.referrer !== undefined && held.visitor.visitReferrer === null) await this.keepReferrer(token, held, event.referrer);
    const { pageViewedAt } = held;
    if (event.type === 'page-view') held.pageViewedAt = now;
    return { visitor: held.visitor, visitStartedAt: held.visit!.startedAt, pageViewedAt, stored: held.stored };
  }

  /** A `chat-opened` event was evaluated: one more chat opened (stores the visitor first if need be). */
  async countChatOpened(token: string, now: Date): Promise<void> {
    await this.store(token, now);
    const stored = await this.visitors.countChatOpened(token);
    const held = this.held.peek(token);
    if (stored && held) held.visitor = stored.visitor;
  }

  /**
   * Stores a visitor seen for the first time (its event fires no run-once trigger). A page
   * that sends several events at once stores its visitor once: they share one write.
   */
  async store(token: string, now: Date): Promise<void> {
    const held = this.held.peek(token);
    if (held?.stored) return;
    if (held?.storing) return held.storing;
    const storing = this.visitors
      .storeNew(token, now, held?.visitor.visitReferrer ?? null)
      .then(() => this.markStored(token, now))
      .finally(() => held && (held.storing = undefined));
    if (held) held.storing = storing;
    await storing;
  }

  /** The event of a visitor seen for the first time stored it (its visit clock included). */
  markStored(token: string, now: Date): void {
    const held = this.held.peek(token);
    if (!held || held.stored) return;
    held.stored = true;
    held.clockWrittenAt = now;
  }

  /**
   * When the visit that a moment `at` belongs to started, as this instance knows the visitor
   * (explain: per-visit limits count in it); nothing advanced or written. Undefined for an
   * unknown visitor; `at` itself when the visit would be a new one by then.
   */
  async visitStartAt(token: string, at: Date): Promise<Date | undefined> {
    const clock = this.held.peek(token)?.visit ?? (await this.visitors.find(token))?.visit;
    return clock && visitAt(clock, at, this.idleSeconds * 1000).startedAt;
  }

  /** A stored visitor as it is (no event: nothing advanced, nothing written, nothing held). */
  async find(token: string): Promise<Visitor | undefined> {
    const held = this.held.peek(token);
    if (held?.stored) return held.visitor;
    return (await this.visitors.find(token))?.visitor;
  }

  /** Registers the guest (DESIGN §6); stores the visitor if it sent no event yet. */
  async register(token: string, registration: Registration, now: Date): Promise<Visitor> {
    let change: VisitorChange;
    try {
      change = await this.visitors.register(token, registration, now);
    } catch (error) {
      if (violatedForeignKey(error) === 'FK_visitors_department') {
        throw DomainError.validation([{ path: 'department', message: 'is not a known department id' }]);
      }
      throw error;
    }
    const { visitor } = this.keep(token, accepted(change));
    return visitor;
  }

  private async load(token: string, stale: Held | undefined, now: Date): Promise<Held> {
    const stored = await this.visitors.find(token);
    if (!stored) return { visitor: newVisitor(token), visit: undefined, clockWrittenAt: now, stored: false };
    // a reload (another instance changed the visitor) keeps this instance's clock, unless the stored visit is newer
    if (stale?.visit) return reloaded(stale, stale.visit, stored);
    return { visitor: stored.visitor, visit: stored.visit, clockWrittenAt: stored.visit.lastSeenAt, stored: true };
  }

  private async merge(held: Held, token: string, metadata: Readonly<Record<string, string>>, now: Date): Promise<void> {
    const merged = mergeMetadata(held.visitor.metadata, metadata);
    if (!merged) throw tooManyKeys();
    if (held.stored && sameMetadata(merged, held.visitor.metadata)) return;
    const { visitor } = accepted(await this.visitors.mergeMetadata(token, metadata, now));
    held.visitor = visitor;
    if (!held.stored) {
      held.stored = true;
      held.clockWrittenAt = now;
    }
  }

  /**
   * Moves the visit clock to `now`. Within a visit, a clock due for a write joins the next
   * batch. A new visit of a stored visitor is one conditional write (the promise answered):
   * it applies unless another instance started the visit, whose start and count this one
   * then takes.
   */
  private advance(token: string, held: Held, now: Date, referrer: string | undefined): Promise<void> | undefined {
    const previous = held.visit;
    const visit = visitAt(previous, now, this.idleSeconds * 1000);
    held.visit = visit;
    if (!startsVisit(previous, visit)) {
      if (held.stored && clockWriteDue(previous!, visit, held.clockWrittenAt)) {
        this.dueClocks.add(token, visit);
        held.clockWrittenAt = now;
      }
      return undefined;
    }
    held.pageViewedAt = undefined;
    if (!previous || !held.stored) {
      // the first visit: counted when the visitor is stored
      held.visitor = { ...held.visitor, visitReferrer: referrer ?? null };
      return undefined;
    }
    return this.startVisit(token, held, now, referrer);
  }

  private async startVisit(token: string, held: Held, now: Date, referrer: string | undefined): Promise<void> {
    const stored = (await this.visitors.startVisit(token, now, referrer ?? null, this.idleSeconds)) ?? (await this.visitors.find(token));
    if (stored) {
      held.visitor = stored.visitor;
      held.visit = { startedAt: stored.visit.startedAt, lastSeenAt: now };
    }
    held.clockWrittenAt = now;
  }

  /** The visit's first referrer, when its first event carried none (one conditional write). */
  private async keepReferrer(token: string, held: Held, referrer: string): Promise<void> {
    const stored = held.stored ? await this.visitors.keepReferrer(token, referrer, held.visit!.startedAt) : undefined;
    held.visitor = stored?.visitor ?? { ...held.visitor, visitReferrer: referrer };
  }

  /** The visitor as a write on this instance left it: held data replaced, held clock kept. */
  private keep(token: string, stored: StoredVisitor): StoredVisitor {
    const held = this.held.peek(token);
    if (held) {
      held.visitor = stored.visitor;
      held.stored = true;
    } else {
      this.held.set(token, { visitor: stored.visitor, visit: stored.visit, clockWrittenAt: stored.visit.lastSeenAt, stored: true });
    }
    return stored;
  }

  private reloadIfHeld(token: string): void {
    if (!this.held.has(token)) return;
    this.held.fetch(token, { forceRefresh: true, context: new Date() }).catch(() => this.held.delete(token));
  }

  private async flushClocks(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.dueClocks.size === 0) return;
    const batch = this.dueClocks.take();
    this.flushing = this.visitors
      .saveClocks(batch)
      .catch((error: Error) => {
        this.logger.warn(`visit clocks not saved (${batch.size} visitors), will retry: ${error.message}`);
        this.dueClocks.putBack(batch);
      })
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }
}

/** A visitor reloaded after another instance changed it: counts never go back, and the newer visit wins. */
function reloaded(stale: Held, visit: VisitClock, stored: StoredVisitor): Held {
  const visitor = {
    ...stored.visitor,
    visitCount: Math.max(stored.visitor.visitCount, stale.visitor.visitCount),
    chatsOpened: Math.max(stored.visitor.chatsOpened, stale.visitor.chatsOpened),
  };
  const newer = stored.visit.startedAt > visit.startedAt;
  return { ...stale, visitor, visit: newer ? stored.visit : visit, pageViewedAt: newer ? undefined : stale.pageViewedAt, stored: true };
}

function tooManyKeys(): DomainError {
  return DomainError.validation([{ path: 'metadata', message: `a visitor keeps at most ${MAX_METADATA_KEYS} metadata keys` }]);
}

function accepted(change: VisitorChange): StoredVisitor {
  if (change.ok) return change.stored;
  throw tooManyKeys();
}
