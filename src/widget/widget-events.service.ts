import { Injectable } from '@nestjs/common';
import { ActionResolver } from '../actions/action-resolver';
import { delivered, ResolvedAction } from '../actions/resolved-action';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import type { VisitorContext } from '../conditions';
// the module itself, not the folder's index: a re-export is a getter on every call (perf, per trigger per event)
import { evaluateTrigger, VisitorFacts } from '../evaluation/evaluate-trigger';
import { Metrics } from '../metrics/metrics.service';
import { TriggerCache } from '../trigger-cache/trigger-cache.service';
import type { TriggerSnapshot } from '../trigger-cache/trigger-snapshot';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { FiringLedgerRepository, FiringRecord } from '../visitors/firing-ledger.repository';
import { FiringLog } from '../visitors/firing-log';
import { timeOnSiteSeconds, VisitState } from '../visitors/model/visit-clock';
import { newVisitor, Visitor } from '../visitors/model/visitor';
import { ObservedVisitor, VisitorsService } from '../visitors/visitors.service';
import type { VisitorEvent } from './model/visitor-event';

export interface FiredTrigger {
  readonly triggerId: string;
  readonly triggerName: string;
  readonly actions: readonly ResolvedAction[];
}

export interface EventOutcome {
  readonly fired: readonly FiredTrigger[];
  readonly scheduled: readonly { readonly triggerId: string; readonly afterSeconds: number }[];
}

const NOTHING_CONSUMED: ReadonlySet<string> = new Set();
/** What most events answer: nothing fires, nothing to schedule (the controller sends it pre-serialized). */
export const NOTHING: EventOutcome = Object.freeze({ fired: Object.freeze([]), scheduled: Object.freeze([]) });

/**
 * Decides what fires when a visitor's widget reports an event (DESIGN §3), race-free:
 * run-once triggers are claimed with a committed insert before their actions resolve, and
 * the claim is given back when nothing was delivered.
 */
@Injectable()
export class WidgetEventsService {
  constructor(
    private readonly visitors: VisitorsService,
    private readonly cache: TriggerCache,
    private readonly ledger: FiringLedgerRepository,
    private readonly firings: FiringLog,
    private readonly actions: ActionResolver,
    private readonly metrics: Metrics,
  ) {}

  /**
   * What the event fires and schedules. Answered without a promise when the triggers are
   * loaded, the visitor is held in memory and nothing fires (perf: most events; each await
   * was a turn of the microtask queue and an allocation on every event).
   */
  report(token: string, event: VisitorEvent): EventOutcome | Promise<EventOutcome> {
    const now = new Date();
    return this.cache.withCurrent((snapshot) => this.reportWith(snapshot, token, event, now));
  }

  private reportWith(snapshot: TriggerSnapshot, token: string, event: VisitorEvent, now: Date): EventOutcome | Promise<EventOutcome> {
    const held = event.metadata ? undefined : this.visitors.observeHeld(token, now);
    return held ? this.decideFor(snapshot, token, event, held, now) : this.reportFromStore(snapshot, token, event, now);
  }

  /** The event of a visitor this instance does not hold, or one that carries metadata: the visitor is read (or created) first. */
  private async reportFromStore(snapshot: TriggerSnapshot, token: string, event: VisitorEvent, now: Date): Promise<EventOutcome> {
    if (!event.metadata && event.type !== 'guest-registered' && !this.visitors.isLoading(token)) {
      const outcome = await this.reportFirstEvent(token, event, snapshot, now);
      if (outcome) return outcome;
    }
    return this.decideFor(snapshot, token, event, await this.visitors.observe(token, now, event.metadata), now);
  }

  private decideFor(
    snapshot: TriggerSnapshot,
    token: string,
    event: VisitorEvent,
    { visitor, visit }: ObservedVisitor,
    now: Date,
  ): EventOutcome | Promise<EventOutcome> {
    if (event.type === 'guest-registered' && !visitor.registeredAt) {
      throw new DomainError(ErrorCode.VisitorNotRegistered, 'Register the visitor (PUT /v1/widget/visitors/{token}) before reporting guest-registered');
    }
    const { firing, scheduled } = decide(snapshot, event, visitor, visit, now);
    if (firing.length === 0 && scheduled.length === 0) return NOTHING; // most events: no promise, no allocation
    return Promise.all([this.fire(firing, visitor, now), this.withoutConsumed(scheduled, token)]).then(([fired, stillScheduled]) =>
      outcomeOf(fired, stillScheduled),
    );
  }

  /**
   * The event of a visitor this instance does not know, decided as for a new visitor. When
   * that fires run-once triggers, the visitor is created and they are claimed in one
   * statement (the welcome message on a first page view: one round trip and one commit
   * instead of two of each). Undefined when there is nothing to claim, or when the visitor
   * existed already: the ordinary path then reads it and decides again.
   */
  private async reportFirstEvent(token: string, event: VisitorEvent, snapshot: TriggerSnapshot, now: Date): Promise<EventOutcome | undefined> {
    const assumed = newVisitor(token, now);
    const { firing, scheduled } = decide(snapshot, event, assumed, assumed, now);
    const runOnce = firing.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id);
    if (runOnce.length === 0) return undefined;
    const created = await this.visitors.createClaiming(token, now, runOnce);
    if (!created) return undefined;
    // a visitor created just now has no earlier claim: nothing scheduled is consumed
    return outcomeOf(await this.fire(firing, created.visitor, now, created.claimed), scheduled);
  }

  /** `claimed`: run-once triggers already claimed for this visitor; the others are claimed here. */
  private async fire(candidates: readonly TriggerRecord[], visitor: Visitor, now: Date, claimed?: ReadonlySet<string>): Promise<FiredTrigger[]> {
    if (candidates.length === 0) return [];
    const claims = claimed
      ? candidates.map((t) => !t.runOnce || claimed.has(t.id))
      : await Promise.all(candidates.map((t) => (t.runOnce ? this.ledger.claimRunOnce(t.id, visitor.token) : true)));
    const triggers = candidates.filter((_, i) => claims[i]);
    const runOnceClaimed = triggers.filter((t) => t.runOnce);
    let resolved: ResolvedAction[][];
    try {
      resolved = await this.actions.resolve(triggers, visitor);
    } catch (error) {
      await Promise.all(runOnceClaimed.map((t) => this.ledger.releaseRunOnce(t.id, visitor.token)));
      throw error;
    }
    const fired: FiredTrigger[] = [];
    const records: FiringRecord[] = [];
    const releases: Promise<void>[] = [];
    triggers.forEach((trigger, i) => {
      const actions = resolved[i];
      if (actions.some(delivered)) {
        fired.push({ triggerId: trigger.id, triggerName: trigger.name, actions });
        for (const action of actions) if (delivered(action)) this.metrics.triggerFired(trigger.id, action.source); // metrics
        records.push({
          triggerId: trigger.id,
          visitorToken: visitor.token,
          firedAt: now,
          actions: actions.map((a) => ({ name: a.name, source: a.source, delivered: delivered(a), ...(a.error ? { error: a.error } : {}) })),
        });
      } else if (trigger.runOnce) {
        releases.push(this.ledger.releaseRunOnce(trigger.id, visitor.token));
      }
    });
    this.firings.record(records);
    await Promise.all(releases);
    return fired;
  }

  /** Scheduling a run-once trigger the visitor already had would set a timer for nothing. */
  private async withoutConsumed<T extends { trigger: TriggerRecord }>(scheduled: readonly T[], token: string): Promise<readonly T[]> {
    if (!scheduled.some(({ trigger }) => trigger.runOnce)) return scheduled;
    const consumed = await this.ledger.consumedRunOnce(token);
    return scheduled.filter(({ trigger }) => !consumed.has(trigger.id));
  }
}

interface Decision {
  readonly firing: TriggerRecord[];
  readonly scheduled: { readonly trigger: TriggerRecord; readonly afterSeconds: number }[];
}

/** What the event does with this visitor's triggers: those that fire now and those to schedule. */
function decide(snapshot: TriggerSnapshot, event: VisitorEvent, visitor: Visitor, visit: VisitState, now: Date): Decision {
  const matchingUrlPatterns = snapshot.pageUrls.matching(event.url);
  const context: VisitorContext = {
    eventType: event.type,
    url: event.url,
    timeOnSiteSeconds: timeOnSiteSeconds(event.timeOnSiteSeconds, visit, now),
    matchingUrlPatterns,
  };
  // run-once history is not read up front: a claim decides for triggers that fire
  const facts: VisitorFacts = { registered: visitor.registeredAt !== null, consumedRunOnce: NOTHING_CONSUMED };
  const firing: TriggerRecord[] = [];
  const scheduled: { trigger: TriggerRecord; afterSeconds: number }[] = [];
  // only the triggers this event could move: the rest would be skipped (CandidateIndex)
  for (const compiled of snapshot.candidates.forEvent(event.type, matchingUrlPatterns)) {
    const decision = evaluateTrigger(compiled, context, facts);
    if (decision.outcome === 'fire') firing.push(compiled.trigger);
    else if (decision.outcome === 'schedule') scheduled.push({ trigger: compiled.trigger, afterSeconds: decision.afterSeconds });
  }
  return { firing, scheduled };
}

function outcomeOf(fired: readonly FiredTrigger[], scheduled: readonly Decision['scheduled'][number][]): EventOutcome {
  return { fired, scheduled: scheduled.map(({ trigger, afterSeconds }) => ({ triggerId: trigger.id, afterSeconds })) };
}
