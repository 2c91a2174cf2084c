import { Injectable } from '@nestjs/common';
import { AgentAvailability } from '../agent-queue/availability/agent-availability';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { decide, isProactiveEvent, limitsAnything, type RequestFacts, type VisitorFacts } from '../evaluation';
import { CarryOutPlan } from '../firing/carry-out-plan';
import { DismissFiring } from '../firing/dismiss-firing';
import type { EventOutcome } from '../firing/event-outcome';
import { RunOnceHistory } from '../firing/run-once-history';
import { type EnabledTriggers, TriggerCache } from '../trigger-cache/trigger-cache.service';
import { type ObservedVisitor, VisitorStore } from '../visitors/visitor-store';
import type { EvaluatedEvent, VisitorEvent } from './model/visitor-event';

/**
 * A visitor's widget reports an event; the server decides what fires (DESIGN §3, §11):
 * the enabled triggers (held compiled in memory), the visitor as this instance holds it
 * (read once, its visit clock advanced in memory), what it was shown of run-once
 * triggers, then the one decision, then the plan carried out (claims, messages, records).
 * An event that fires nothing reads and writes nothing once the visitor is held.
 */
@Injectable()
export class ReportEvent {
  constructor(
    private readonly triggers: TriggerCache,
    private readonly visitors: VisitorStore,
    private readonly runOnce: RunOnceHistory,
    private readonly carryOut: CarryOutPlan,
    private readonly availability: AgentAvailability,
    private readonly dismiss: DismissFiring,
  ) {}

  async execute(token: string, event: VisitorEvent, request: RequestFacts): Promise<EventOutcome> {
    const now = new Date();
    if (event.type === 'message-dismissed') {
      // no visit advanced, no visitor created, nothing evaluated (DESIGN §16)
      await this.dismiss.execute(token, event.firingId, now);
      return NOTHING_HAPPENS;
    }
    return this.evaluate(token, event, request, now);
  }

  private async evaluate(token: string, event: EvaluatedEvent, request: RequestFacts, now: Date): Promise<EventOutcome> {
    const enabled = this.triggers.held() ?? (await this.triggers.current());
    const observed = await this.visitors.observe(token, now, event);
    if (event.type === 'guest-registered' && !observed.visitor.registeredAt) {
      throw new DomainError(ErrorCode.VisitorNotRegistered, 'Register the visitor (PUT /v1/widget/visitors/{token}) before reporting guest-registered');
    }
    // the availability counts, held in memory, only when a trigger asks for them (DESIGN §12)
    const agents = enabled.derive('counts-agents', countsAgents) ? (this.availability.held() ?? (await this.availability.current())) : undefined;
    const plan = decide(enabled, visitorFacts(observed, await this.runOnce.of(observed)), event, now, { request, agents });
    // the proactive budget binds what the visitor did not ask for (DESIGN §16)
    const budget = isProactiveEvent(event.type) && limitsAnything(enabled.budget) ? enabled.budget : undefined;
    const outcome = await this.carryOut.execute(plan, observed, now, budget);
    // the event saw the count before it (DESIGN §16)
    if (event.type === 'chat-opened') await this.visitors.countChatOpened(token, now);
    return outcome;
  }
}

const NOTHING_HAPPENS: EventOutcome = Object.freeze({ fired: [], scheduled: [] });

function countsAgents(snapshot: EnabledTriggers): boolean {
  return snapshot.triggers.some((compiled) => compiled.leaves.some(({ leaf }) => leaf.name === 'agents-available'));
}

/** What the decision knows of the visitor an event comes from. */
function visitorFacts({ visitor, visitStartedAt, pageViewedAt }: ObservedVisitor, runOnceShown: ReadonlySet<string>): VisitorFacts {
  return {
    registered: visitor.registeredAt !== null,
    visitStartedAt,
    pageViewedAt,
    runOnceShown,
    departmentId: visitor.departmentId ?? undefined,
    language: visitor.language ?? undefined,
    visitCount: visitor.visitCount,
    chatsOpened: visitor.chatsOpened,
    referrer: visitor.visitReferrer ?? undefined,
    metadata: visitor.metadata,
  };
}
