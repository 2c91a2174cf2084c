import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { byFiringOrder, compileTrigger, explainTrigger } from '../evaluation';
import { SenderResolver } from '../senders/sender-resolver.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { TriggersRepository } from '../triggers/triggers.repository';
import { FiringLedgerRepository } from '../visitors/firing-ledger.repository';
import { VisitorsService } from '../visitors/visitors.service';
import type { ExplainRequestDto, ExplainResponseDto, ExplainResultDto } from './dto/explain.dto';

/**
 * Dry-run evaluation of a hypothetical visitor context: what would fire, and why not. It
 * reads only: it claims no run-once, records no firing, picks no agent.
 */
@Injectable()
export class ExplainService {
  constructor(
    private readonly triggers: TriggersRepository,
    private readonly visitors: VisitorsService,
    private readonly ledger: FiringLedgerRepository,
    private readonly senders: SenderResolver,
  ) {}

  async explain(request: ExplainRequestDto): Promise<ExplainResponseDto> {
    const visitor = request.visitorToken ? await this.visitors.find(request.visitorToken) : undefined;
    if (request.visitorToken && !visitor) throw DomainError.validation([{ path: 'visitorToken', message: 'is not a known visitor' }]);
    const facts = {
      registered: request.registered ?? Boolean(visitor?.registeredAt),
      consumedRunOnce: visitor ? await this.ledger.consumedRunOnce(visitor.token) : new Set<string>(),
    };
    const context = { eventType: request.type, url: request.url, timeOnSiteSeconds: request.timeOnSiteSeconds ?? 0 };
    const agentAvailable = this.lazyAgentCheck(request.visitorToken ?? 'explain-dry-run', visitor?.departmentId ?? undefined);
    const records = (await this.triggers.findAll()).sort(byFiringOrder);
    const results: ExplainResultDto[] = [];
    for (const record of records) {
      const decision = explainTrigger(compileTrigger(record), context, facts);
      const base = { triggerId: record.id, triggerName: record.name, reasons: [...decision.reasons] };
      if (decision.outcome === 'skip') {
        results.push({ ...base, wouldFire: false, ...(decision.blockedBy ? { blockedBy: decision.blockedBy } : {}) });
      } else if (decision.outcome === 'schedule') {
        results.push({ ...base, wouldFire: false, afterSeconds: decision.afterSeconds });
      } else if (onlyQueueSenders(record) && !(await agentAvailable())) {
        results.push({ ...base, wouldFire: false, blockedBy: 'no-agent-available' });
      } else {
        results.push({ ...base, wouldFire: true });
      }
    }
    return { results };
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
