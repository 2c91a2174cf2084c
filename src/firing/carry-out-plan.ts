import { Injectable } from '@nestjs/common';
import { ActionResolver } from '../actions/action-resolver';
import { delivered, type ResolvedAction } from '../actions/resolved-action';
import { blockedAfterWait, type Plan, type ProactiveBudget } from '../evaluation';
import { Metrics } from '../metrics/metrics.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { type ObservedVisitor, VisitorStore } from '../visitors/visitor-store';
import { ClaimFirings } from './claim-firings';
import type { EventOutcome, FiredTrigger } from './event-outcome';
import { FiringLog } from './firing-log';
import { FiringIds } from './firing-ids';
import type { FiringRecord } from './firings.repository';
import { LimitClaims } from './limit-claims.repository';

/**
 * Carries out an event's plan (DESIGN §3, §14), in four steps:
 *
 * 1. **claim** the limits of the triggers it fires, committed before anything resolves, so
 *    that concurrent events never fire past a limit (ClaimFirings);
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
    private readonly claims: ClaimFirings,
    private readonly limits: LimitClaims,
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
    const claimed = await this.claims.claim(plan.fire, observed, now, budget);
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
