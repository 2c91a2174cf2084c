import { Injectable } from '@nestjs/common';
import { ActionResolver } from '../actions/action-resolver';
import { delivered, type ResolvedAction } from '../actions/resolved-action';
import { blockedAfterWait, type Plan, type ProactiveBudget } from '../evaluation';
import { Metrics } from '../metrics/metrics.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import type { Visitor } from '../visitors/model/visitor';
import { type ObservedVisitor, VisitorStore } from '../visitors/visitor-store';
import type { EventOutcome, FiredTrigger } from './event-outcome';
import { FiringLog } from './firing-log';
import { FiringIds } from './firing-ids';
import type { FiringRecord } from './firings.repository';
import { LimitClaims } from './limit-claims.repository';
import { RunOnceClaims } from './run-once-claims.repository';
import { RunOnceHistory } from './run-once-history';

/** The triggers an event may fire, and how to give back what a trigger claimed when it delivers nothing. */
interface Claimed {
  readonly triggers: readonly TriggerRecord[];
  giveBack(triggers: readonly TriggerRecord[]): Promise<void>;
}

/**
 * Carries out an event's plan (DESIGN §3, §14), in four steps:
 *
 * 1. **claim** the limits of the triggers it fires, committed before anything resolves, so
 *    that concurrent events never fire past a limit: run-once alone with one claim per
 *    trigger (a visitor's first event stores the visitor in the same statement); a
 *    `frequency` or the proactive budget with every limit in one short transaction
 *    (LimitClaims);
 * 2. **resolve** the actions of what was claimed into messages with a sender;
 * 3. **give back** the claims of triggers that delivered nothing (they keep their limits);
 * 4. **record** the firings, each with its `firingId` (the log is written in batches, off the request).
 *
 * No transaction is held across the actions (external calls, agent picks). `scheduled`
 * leaves out a trigger whose limits would block it when its wait ends (one read of the
 * visitor's limits, only when a limited trigger would be scheduled).
 */
@Injectable()
export class CarryOutPlan {
  constructor(
    private readonly claims: RunOnceClaims,
    private readonly limits: LimitClaims,
    private readonly history: RunOnceHistory,
    private readonly visitors: VisitorStore,
    private readonly actions: ActionResolver,
    private readonly log: FiringLog,
    private readonly firingIds: FiringIds,
    private readonly metrics: Metrics,
  ) {}

  /** @param budget the proactive budget when it applies to this event (a proactive event, a limit set) */
  async execute(plan: Plan<TriggerRecord>, observed: ObservedVisitor, now: Date, budget?: ProactiveBudget): Promise<EventOutcome> {
    const token = observed.visitor.token;
    if (plan.fire.length === 0) {
      // most events: nothing to claim, resolve or record (a first event still stores its visitor)
      if (!observed.stored) await this.visitors.store(token, now);
      return { fired: [], scheduled: await this.scheduled(plan, observed, now, budget) };
    }
    const claimed =
      budget || plan.fire.some((trigger) => trigger.frequency)
        ? await this.claimLimits(plan.fire, observed, now, budget)
        : await this.claim(plan.fire, observed, now);
    let resolved: ResolvedAction[][];
    try {
      resolved = await this.actions.resolve(claimed.triggers, observed.visitor);
    } catch (error) {
      await claimed.giveBack(claimed.triggers);
      throw error;
    }
    const fired: FiredTrigger[] = [];
    const records: FiringRecord[] = [];
    const deliveredNothing: TriggerRecord[] = [];
    claimed.triggers.forEach((trigger, i) => {
      const actions = resolved[i];
      if (!actions.some(delivered)) return void deliveredNothing.push(trigger);
      const firingId = this.firingIds.issue(token);
      fired.push({ triggerId: trigger.id, triggerName: trigger.name, firingId, actions });
      records.push(firingRecord(trigger, firingId, token, now, actions));
      for (const action of actions) if (delivered(action)) this.metrics.triggerFired(trigger.id, action.source);
    });
    await claimed.giveBack(deliveredNothing);
    this.log.record(records);
    return { fired, scheduled: await this.scheduled(plan, observed, now, budget) };
  }

  /** Run-once only: the triggers that may fire are every other trigger, and the run-once ones this event claimed. */
  private async claim(triggers: readonly TriggerRecord[], { visitor, stored }: ObservedVisitor, now: Date): Promise<Claimed> {
    const runOnce = triggers.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id);
    const claimed = stored ? await this.claims.claim(visitor.token, runOnce) : await this.storeClaiming(visitor, now, runOnce);
    this.history.claimed(visitor.token, claimed);
    return {
      triggers: triggers.filter((trigger) => !trigger.runOnce || claimed.has(trigger.id)),
      giveBack: async (given) => {
        const ids = given.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id);
        await this.claims.giveBack(visitor.token, ids);
        this.history.givenBack(visitor.token, ids);
      },
    };
  }

  /** A visitor's first event stores it, with its claims when it has any (one statement). */
  private async storeClaiming({ token, visitReferrer }: Visitor, now: Date, runOnce: readonly string[]): Promise<ReadonlySet<string>> {
    if (runOnce.length > 0) {
      const claimed = await this.claims.claimStoringVisitor(token, now, visitReferrer, runOnce);
      if (claimed !== 'trigger-gone') {
        this.visitors.markStored(token, now);
        return claimed;
      }
    }
    // nothing to claim, or a trigger deleted meanwhile (that statement wrote nothing): store, then claim one by one
    await this.visitors.store(token, now);
    return this.claims.claim(token, runOnce);
  }

  /** Every limit (run-once, frequency, the budget) in one transaction; a first event stores its visitor before. */
  private async claimLimits(triggers: readonly TriggerRecord[], observed: ObservedVisitor, now: Date, budget?: ProactiveBudget): Promise<Claimed> {
    const token = observed.visitor.token;
    if (!observed.stored) await this.visitors.store(token, now);
    const { claimed, receipt } = await this.limits.claim({ visitorToken: token, now, triggers, budget });
    const runOnce = (given: readonly TriggerRecord[]) => new Set(given.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id));
    this.history.claimed(token, runOnce(triggers.filter((trigger) => claimed.has(trigger.id))));
    return {
      triggers: triggers.filter((trigger) => claimed.has(trigger.id)),
      giveBack: async (given) => {
        await this.limits.giveBack(
          receipt,
          given.map((trigger) => trigger.id),
        );
        this.history.givenBack(token, runOnce(given));
      },
    };
  }

  /** The plan's scheduled triggers, less those a limit would block when their wait ends (DESIGN §16). */
  private async scheduled(plan: Plan<TriggerRecord>, observed: ObservedVisitor, now: Date, budget?: ProactiveBudget): Promise<EventOutcome['scheduled']> {
    const limited = plan.schedule.length > 0 && (budget !== undefined || plan.schedule.some(({ trigger }) => trigger.frequency));
    if (!limited) return plan.schedule.map(({ trigger, afterSeconds }) => ({ triggerId: trigger.id, afterSeconds }));
    // read after this event's claims: the caps as they stand now include its firings
    const used = await this.limits.stateOf(observed.visitor.token);
    const moment = { visitStartedAtMs: used.visitStartedAtMs ?? observed.visitStartedAt.getTime(), nowMs: now.getTime(), granted: 0 };
    return plan.schedule
      .filter(({ trigger, afterSeconds }) => {
        const laterMs = moment.nowMs + afterSeconds * 1000;
        return !blockedAfterWait(trigger.frequency, used.counters.get(trigger.id), budget, used.budget, { ...moment, laterMs });
      })
      .map(({ trigger, afterSeconds }) => ({ triggerId: trigger.id, afterSeconds }));
  }
}

function firingRecord(trigger: TriggerRecord, firingId: string, visitorToken: string, firedAt: Date, actions: readonly ResolvedAction[]): FiringRecord {
  return {
    firingId,
    triggerId: trigger.id,
    visitorToken,
    firedAt,
    actions: actions.map((a) => ({ name: a.name, source: a.source, delivered: delivered(a), ...(a.error ? { error: a.error } : {}) })),
  };
}
