import { Injectable } from '@nestjs/common';
import { AgentAvailability } from '../agent-queue/availability/agent-availability';
import { DomainError } from '../common/errors/domain-error';
import { parseInstant } from '../common/validation/instant';
import { compileTrigger, decide, NO_LIMITS_USED, type RequestFacts, type TracedVerdict, TriggerSnapshot, type VisitorFacts } from '../evaluation';
import { LimitClaims } from '../firing/limit-claims.repository';
import { RunOnceClaims } from '../firing/run-once-claims.repository';
import { ProactiveSettingsService } from '../proactive-settings/proactive-settings.service';
import { deviceClassOf } from '../request-facts/device-class';
import { RequestFactsService } from '../request-facts/request-facts.service';
import { compileSchedules } from '../schedules/schedule';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { SenderResolver } from '../senders/sender-resolver.service';
import type { TriggerRecord } from '../triggers/model/trigger.types';
import { TriggersRepository } from '../triggers/triggers.repository';
import type { Visitor } from '../visitors/model/visitor';
import { mergeMetadata } from '../visitors/model/visitor-metadata';
import { VisitorStore } from '../visitors/visitor-store';
import type { ConditionReasonDto, ExplainRequestDto, ExplainResponseDto, ExplainResultDto } from './dto/explain.dto';

const NO_COUNTRY_SOURCE = 'no country source is configured (COUNTRY_HEADER with TRUST_PROXY, or GEOIP_DB)';

/**
 * Dry run (DESIGN §3, §11): the decision the events route makes, over every trigger
 * (disabled ones included), with its trace kept, for a hypothetical event and visitor. Event
 * facts come from the request only; with a `visitorToken`, the stored visitor fills what the
 * request leaves out. It reads only: it claims no run-once, records no firing, picks no
 * agent, counts no visit, and never takes its own request's headers or IP as facts.
 */
@Injectable()
export class ExplainService {
  constructor(
    private readonly triggers: TriggersRepository,
    private readonly visitors: VisitorStore,
    private readonly claims: RunOnceClaims,
    private readonly senders: SenderResolver,
    private readonly requestFacts: RequestFactsService,
    private readonly availability: AgentAvailability,
    private readonly schedules: SchedulesRepository,
    private readonly limits: LimitClaims,
    private readonly proactive: ProactiveSettingsService,
  ) {}

  async explain(request: ExplainRequestDto): Promise<ExplainResponseDto> {
    if ((request.type === 'custom') !== (request.name !== undefined)) {
      throw DomainError.validation([
        { path: 'name', message: request.type === 'custom' ? 'a custom event needs a name' : 'only a custom event carries a name' },
      ]);
    }
    const now = request.at === undefined ? new Date() : parseInstant(request.at)!;
    const visitor = request.visitorToken ? await this.visitors.find(request.visitorToken) : undefined;
    if (request.visitorToken && !visitor) throw DomainError.validation([{ path: 'visitorToken', message: 'is not a known visitor' }]);
    const facts = await this.visitorFacts(request, visitor, now);
    const [records, schedules, budget] = await Promise.all([this.triggers.findAll(), this.schedules.findAll(), this.proactive.read()]);
    const every = new TriggerSnapshot(records.map(compileTrigger), compileSchedules(schedules), budget);
    const event = {
      type: request.type,
      url: request.url,
      timeOnSiteSeconds: request.timeOnSiteSeconds ?? 0,
      timeOnPageSeconds: request.timeOnPageSeconds ?? 0,
      title: request.title,
      language: request.language,
      name: request.name,
    };
    const agents = await this.availability.current();
    const { trace = [] } = decide(every, facts, event, now, { trace: true, request: givenRequestFacts(request), agents });
    const departmentId = facts.departmentId;
    const agentAvailable = this.lazyAgentCheck(request.visitorToken ?? 'explain-dry-run', departmentId);
    const countryUnknowable = request.country === undefined && this.requestFacts.countrySource() === undefined;
    const results: ExplainResultDto[] = [];
    for (const traced of trace) results.push(await this.result(traced, agentAvailable, countryUnknowable));
    return { results };
  }

  /** The stored visitor's facts, each overridden by the request's when it gives one. */
  private async visitorFacts(request: ExplainRequestDto, visitor: Visitor | undefined, now: Date): Promise<VisitorFacts> {
    const metadata = mergeMetadata(visitor?.metadata ?? [], request.metadata ?? {}) ?? [];
    const department = request.department !== undefined ? request.department : visitor?.departmentId;
    const [visitStartedAt, runOnceShown, limitsUsed] = visitor
      ? await Promise.all([this.visitors.visitStartAt(visitor.token, now), this.claims.shownTo(visitor.token), this.limits.stateOf(visitor.token)])
      : [undefined, new Set<string>(), NO_LIMITS_USED];
    return {
      registered: request.registered ?? Boolean(visitor?.registeredAt),
      // the event always says its time on site and on page (default 0): the visit's start only names the visit per-visit limits count in
      visitStartedAt: visitStartedAt ?? now,
      runOnceShown,
      limitsUsed,
      departmentId: department ?? undefined,
      language: visitor?.language ?? undefined,
      visitCount: request.visitCount ?? visitor?.visitCount ?? 1,
      chatsOpened: request.chatsOpened ?? visitor?.chatsOpened ?? 0,
      referrer: request.referrer ?? visitor?.visitReferrer ?? undefined,
      metadata,
    };
  }

  private async result(
    { trigger, verdict, reasons }: TracedVerdict<TriggerRecord>,
    agentAvailable: () => Promise<boolean>,
    countryUnknowable: boolean,
  ): Promise<ExplainResultDto> {
    const base = { triggerId: trigger.id, triggerName: trigger.name, reasons: reasons.map((reason) => reasonDto(reason, countryUnknowable)) };
    switch (verdict.outcome) {
      case 'skip':
        return {
          ...base,
          wouldFire: false,
          ...(verdict.blockedBy ? { blockedBy: verdict.blockedBy } : {}),
          ...(verdict.retryAtMs !== undefined ? { retryAt: new Date(verdict.retryAtMs).toISOString() } : {}),
        };
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

/** The request facts explain was given: a device from `userAgent` (default desktop), the `country` as given; no `Accept-Language`. */
function givenRequestFacts(request: ExplainRequestDto): RequestFacts {
  return { device: () => deviceClassOf(request.userAgent), country: () => request.country, acceptLanguage: () => undefined };
}

function reasonDto(reason: TracedVerdict<TriggerRecord>['reasons'][number], countryUnknowable: boolean): ConditionReasonDto {
  const { condition, path, met, actual } = reason;
  const detail = condition === 'country' && actual === null && countryUnknowable ? `${reason.detail} (${NO_COUNTRY_SOURCE})` : reason.detail;
  return { condition, path, met, detail, actual: actual as ConditionReasonDto['actual'] };
}

/** Every action needs an agent: with none available, nothing would be delivered. */
function onlyQueueSenders(trigger: TriggerRecord): boolean {
  return trigger.actions.every((action) => action.params.sender === 'queue');
}
