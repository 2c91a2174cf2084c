import { Injectable } from '@nestjs/common';
import type { ProactiveBudget } from '../evaluation';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import type { Visitor } from '../visitors/model/visitor';
import { type ObservedVisitor, VisitorStore } from '../visitors/visitor-store';
import { LimitClaims } from './limit-claims.repository';
import { RunOnceClaims } from './run-once-claims.repository';
import { RunOnceHistory } from './run-once-history';

/** The triggers an event may fire, and how to give back what a trigger claimed when it delivers nothing. */
export interface Claimed {
  readonly triggers: readonly TriggerRecord[];
  giveBack(triggers: readonly TriggerRecord[]): Promise<void>;
}

/**
 * Claims the limits of the triggers an event fires (DESIGN §3, §14), committed before any
 * action resolves, so that concurrent events on any number of instances never fire past a
 * limit. Two ways: run-once alone with one claim per trigger (a visitor's first event stores
 * the visitor in the same statement), or — when a trigger has a `frequency` or the proactive
 * budget applies — every limit in one short transaction (LimitClaims). The run-once history
 * this instance holds follows both.
 */
@Injectable()
export class ClaimFirings {
  constructor(
    private readonly runOnce: RunOnceClaims,
    private readonly limits: LimitClaims,
    private readonly history: RunOnceHistory,
    private readonly visitors: VisitorStore,
  ) {}

  /** @param budget the proactive budget when it applies to this event */
  claim(triggers: readonly TriggerRecord[], observed: ObservedVisitor, now: Date, budget?: ProactiveBudget): Promise<Claimed> {
    const limited = budget !== undefined || triggers.some((trigger) => trigger.frequency);
    return limited ? this.everyLimit(triggers, observed, now, budget) : this.runOnceOnly(triggers, observed, now);
  }

  /** Run-once only: the triggers that may fire are every other trigger, and the run-once ones this event claimed. */
  private async runOnceOnly(triggers: readonly TriggerRecord[], { visitor, stored }: ObservedVisitor, now: Date): Promise<Claimed> {
    const runOnce = triggers.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id);
    const claimed = stored ? await this.runOnce.claim(visitor.token, runOnce) : await this.storeClaiming(visitor, now, runOnce);
    this.history.claimed(visitor.token, claimed);
    return {
      triggers: triggers.filter((trigger) => !trigger.runOnce || claimed.has(trigger.id)),
      giveBack: async (given) => {
        const ids = given.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id);
        await this.runOnce.giveBack(visitor.token, ids);
        this.history.givenBack(visitor.token, ids);
      },
    };
  }

  /** A visitor's first event stores it, with its claims when it has any (one statement). */
  private async storeClaiming({ token, visitReferrer }: Visitor, now: Date, runOnce: readonly string[]): Promise<ReadonlySet<string>> {
    if (runOnce.length > 0) {
      const claimed = await this.runOnce.claimStoringVisitor(token, now, visitReferrer, runOnce);
      if (claimed !== 'trigger-gone') {
        this.visitors.markStored(token, now);
        return claimed;
      }
    }
    // nothing to claim, or a trigger deleted meanwhile (that statement wrote nothing): store, then claim one by one
    await this.visitors.store(token, now);
    return this.runOnce.claim(token, runOnce);
  }

  /** Every limit (run-once, frequency, the budget) in one transaction; a first event stores its visitor in it. */
  private async everyLimit(triggers: readonly TriggerRecord[], { visitor, stored }: ObservedVisitor, now: Date, budget?: ProactiveBudget): Promise<Claimed> {
    const token = visitor.token;
    const storesVisitor = stored ? undefined : { referrer: visitor.visitReferrer };
    const { claimed, receipt, committed } = await this.limits.claim({ visitorToken: token, now, triggers, budget, storesVisitor });
    if (!stored) {
      if (committed) this.visitors.markStored(token, now);
      else await this.visitors.store(token, now);
    }
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
}
