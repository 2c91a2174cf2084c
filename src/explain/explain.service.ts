import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { compileTrigger, decide, type TracedVerdict, TriggerSnapshot, type VisitorFacts } from '../evaluation';
import { RunOnceClaims } from '../firing/run-once-claims.repository';
import { SenderResolver } from '../senders/sender-resolver.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { TriggersRepository } from '../triggers/triggers.repository';
import { VisitorStore } from '../visitors/visitor-store';
import type { ExplainRequestDto, ExplainResponseDto, ExplainResultDto } from './dto/explain.dto';

/**
 * Dry run (DESIGN §3): the decision the events route makes, over every trigger (disabled
 * ones included), with its trace kept, for a hypothetical visitor context. It reads only:
 * it claims no run-once, records no firing, picks no agent.
 */
@Injectable()
export class ExplainService {
  constructor(
    private readonly triggers: TriggersRepository,
    private readonly visitors: VisitorStore,
    private readonly claims: RunOnceClaims,
    private readonly senders: SenderResolver,
  ) {}

  async explain(request: ExplainRequestDto): Promise<ExplainResponseDto> {
    const now = new Date();
    const visitor = request.visitorToken ? await this.visitors.find(request.visitorToken) : undefined;
    if (request.visitorToken && !visitor) throw DomainError.validation([{ path: 'visitorToken', message: 'is not a known visitor' }]);
    const facts: VisitorFacts = {
      registered: request.registered ?? Boolean(visitor?.registeredAt),
      // the event always says its time on site (default 0), so the visit's start is never read
      visitStartedAt: now,
      runOnceShown: visitor ? await this.claims.shownTo(visitor.token) : new Set(),
    };
    const every = new TriggerSnapshot((await this.triggers.findAll()).map(compileTrigger));
    const event = { type: request.type, url: request.url, timeOnSiteSeconds: request.timeOnSiteSeconds ?? 0 };
    const { trace = [] } = decide(every, facts, event, now, { trace: true });
    const agentAvailable = this.lazyAgentCheck(request.visitorToken ?? 'explain-dry-run', visitor?.departmentId ?? undefined);
    const results: ExplainResultDto[] = [];
    for (const traced of trace) results.push(await this.result(traced, agentAvailable));
    return { results };
  }

  private async result({ trigger, verdict, reasons }: TracedVerdict<TriggerRecord>, agentAvailable: () => Promise<boolean>): Promise<ExplainResultDto> {
    const base = { triggerId: trigger.id, triggerName: trigger.name, reasons: [...reasons] };
    switch (verdict.outcome) {
      case 'skip':
        return { ...base, wouldFire: false, ...(verdict.blockedBy ? { blockedBy: verdict.blockedBy } : {}) };
      case 'schedule':
        return { ...base, wouldFire: false, afterSeconds: verdict.afterSeconds };
      case 'fire':
        // an action with a queue sender delivers nothing while no agent is available
        if (onlyQueueSenders(trigger) && !(await agentAvailable())) return { ...base, wouldFire: false, blockedBy: 'no-agent-available' };
        return { ...base, wouldFire: true };
    }
  }

  /** Asks the queue (without picking) at most once per explain. */
  private lazyAgentCheck(visitorToken: string, departmentId: string | undefined): () => Promise<boolean> {
    let answer: Promise<boolean> | undefined;
    return () => (answer ??= this.senders.preview({ sender: 'queue', visitorToken, departmentId }).then((r) => r.ok));
  }
}

/** Every action needs an agent: with none available, nothing would be delivered. */
function onlyQueueSenders(trigger: TriggerRecord): boolean {
  return trigger.actions.every((action) => action.params.sender === 'queue');
}
