import { Injectable } from '@nestjs/common';
import { ActionResolver } from '../actions/action-resolver';
import { delivered, type ResolvedAction } from '../actions/resolved-action';
import type { Plan } from '../evaluation';
import { Metrics } from '../metrics/metrics.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import type { Visitor } from '../visitors/model/visitor';
import { type ObservedVisitor, VisitorStore } from '../visitors/visitor-store';
import type { EventOutcome, FiredTrigger } from './event-outcome';
import { FiringLog } from './firing-log';
import type { FiringRecord } from './firings.repository';
import { RunOnceClaims } from './run-once-claims.repository';
import { RunOnceHistory } from './run-once-history';

/**
 * Carries out an event's plan (DESIGN §3), in four steps:
 *
 * 1. **claim** the run-once triggers it fires, each with a committed claim per visitor, so
 *    that of concurrent events exactly one fires it (a visitor's first event stores the
 *    visitor in the same statement);
 * 2. **resolve** the actions of what was claimed into messages with a sender;
 * 3. **give back** the claims of triggers that delivered nothing (they keep their run-once);
 * 4. **record** the firings (the log is written in batches, off the request).
 *
 * No transaction is held across the actions (external calls, agent picks).
 */
@Injectable()
export class CarryOutPlan {
  constructor(
    private readonly claims: RunOnceClaims,
    private readonly history: RunOnceHistory,
    private readonly visitors: VisitorStore,
    private readonly actions: ActionResolver,
    private readonly log: FiringLog,
    private readonly metrics: Metrics,
  ) {}

  async execute(plan: Plan<TriggerRecord>, observed: ObservedVisitor, now: Date): Promise<EventOutcome> {
    const token = observed.visitor.token;
    if (plan.fire.length === 0) {
      // most events: nothing to claim, resolve or record (a first event still stores its visitor)
      if (!observed.stored) await this.visitors.store(token, now);
      return { fired: [], scheduled: scheduledOf(plan) };
    }
    const claimed = await this.claim(plan.fire, observed, now);
    let resolved: ResolvedAction[][];
    try {
      resolved = await this.actions.resolve(claimed, observed.visitor);
    } catch (error) {
      await this.giveBack(token, claimed);
      throw error;
    }
    const fired: FiredTrigger[] = [];
    const records: FiringRecord[] = [];
    const deliveredNothing: TriggerRecord[] = [];
    claimed.forEach((trigger, i) => {
      const actions = resolved[i];
      if (!actions.some(delivered)) return void deliveredNothing.push(trigger);
      fired.push({ triggerId: trigger.id, triggerName: trigger.name, actions });
      records.push(firingRecord(trigger, token, now, actions));
      for (const action of actions) if (delivered(action)) this.metrics.triggerFired(trigger.id, action.source);
    });
    await this.giveBack(token, deliveredNothing);
    this.log.record(records);
    return { fired, scheduled: scheduledOf(plan) };
  }

  /** The triggers that may fire: every other trigger, and the run-once ones this event claimed. */
  private async claim(triggers: readonly TriggerRecord[], { visitor, stored }: ObservedVisitor, now: Date): Promise<TriggerRecord[]> {
    const runOnce = triggers.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id);
    const claimed = stored ? await this.claims.claim(visitor.token, runOnce) : await this.storeClaiming(visitor, now, runOnce);
    this.history.claimed(visitor.token, claimed);
    return triggers.filter((trigger) => !trigger.runOnce || claimed.has(trigger.id));
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

  private async giveBack(token: string, triggers: readonly TriggerRecord[]): Promise<void> {
    const runOnce = triggers.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id);
    await this.claims.giveBack(token, runOnce);
    this.history.givenBack(token, runOnce);
  }
}

function scheduledOf(plan: Plan<TriggerRecord>): EventOutcome['scheduled'] {
  return plan.schedule.map(({ trigger, afterSeconds }) => ({ triggerId: trigger.id, afterSeconds }));
}

function firingRecord(trigger: TriggerRecord, visitorToken: string, firedAt: Date, actions: readonly ResolvedAction[]): FiringRecord {
  return {
    triggerId: trigger.id,
    visitorToken,
    firedAt,
    actions: actions.map((a) => ({ name: a.name, source: a.source, delivered: delivered(a), ...(a.error ? { error: a.error } : {}) })),
  };
}
