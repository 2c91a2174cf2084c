import { Injectable } from '@nestjs/common';
import { AgentAvailability } from '../agent-queue/availability/agent-availability';
import { AgentsService } from '../agent-queue/agents/agents.service';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import type { ExternalErrorCode, FailureReason } from '../external-service/external-outcome';
import { LivechatSettingsService } from '../livechat-settings/livechat-settings.service';
import { RocketChatUpstream } from '../rocketchat-upstream/rocketchat-upstream';
import { SenderResolver } from '../senders/sender-resolver.service';
import { TriggerCache } from '../trigger-cache/trigger-cache.service';
import { isVisitorToken } from '../visitors/model/visitor-token';
import { VisitorStore } from '../visitors/visitor-store';
import { ExternalCallRequestDto } from '../widget/dto/external-call.dto';
import { WidgetExternalCall } from '../widget/widget-external-call';
import type { RcAgentDto } from './dto/rc-responses.dto';
import type { RcCallDto, RcConfigQueryDto } from './dto/rc-requests.dto';
import { metadataOf } from './extra-data';
import { assertNativeRules } from './native-rules';
import { localRcConfig, RC_DISABLED, type RcConfigAnswer, rcConfigTriggers, rcGuest, upstreamRcConfig } from './rocketchat-config.mapper';
import { RcExternalAnswer, toRcExternalAnswer } from './rocketchat-external.mapper';

const noAgent = () => new DomainError(ErrorCode.NoAgentAvailable, 'No agent is available');

/** Rocket.Chat's public widget routes over the native widget services: mapping only. */
@Injectable()
export class RocketChatWidgetService {
  constructor(
    private readonly triggers: TriggerCache,
    private readonly visitors: VisitorStore,
    private readonly senders: SenderResolver,
    private readonly agents: AgentsService,
    private readonly availability: AgentAvailability,
    private readonly settings: LivechatSettingsService,
    private readonly upstream: RocketChatUpstream,
    private readonly externalCall: WidgetExternalCall,
  ) {}

  /**
   * `/livechat/config` (DESIGN §7.2): Rocket.Chat's whole shape, with our triggers, `online`
   * (an agent available, in `?department=` when given) and `guest` (a registered visitor);
   * the rest from Rocket.Chat itself when `ROCKETCHAT_URL` is set and answers, else ours.
   */
  async config(query: RcConfigQueryDto): Promise<RcConfigAnswer> {
    const settings = await this.settings.read();
    if (!settings.enabled) return RC_DISABLED;
    const department = query.department || undefined;
    const [snapshot, available, visitor, upstream, departments] = await Promise.all([
      this.triggers.current(),
      this.availability.count(department),
      query.token && isVisitorToken(query.token) ? this.visitors.find(query.token) : undefined,
      this.upstream.widgetConfig({ department, businessUnit: query.businessUnit || undefined }),
      // Rocket.Chat's own config lists its own departments
      this.upstream.configured ? undefined : this.availability.offeredDepartments(),
    ]);
    const own = { triggers: rcConfigTriggers(snapshot, Date.now()), online: available > 0, guest: rcGuest(visitor) };
    if (upstream) return upstreamRcConfig(upstream, own);
    return localRcConfig(settings, departments ?? (await this.availability.offeredDepartments()), own);
  }

  /**
   * `agent.next`: the visitor's queue sender, as a trigger would resolve it: sticky per
   * visitor, otherwise a recorded pick. Any well-formed token is answered, as Rocket.Chat
   * does; a token of no visitor stores the visitor (as its first event would), so the pick
   * stays with it. The department, in order: the one asked for (an id we do not know counts
   * as absent), the visitor's, the first enabled department shown on registration that has an
   * available agent, else every agent.
   */
  async nextAgent(token: string, department: string | undefined): Promise<RcAgentDto> {
    let visitor = await this.visitors.find(token);
    if (!visitor) {
      await this.visitors.store(token, new Date());
      visitor = await this.visitors.find(token);
    }
    const asked = department && (await this.availability.departmentExists(department)) ? department.toLowerCase() : undefined;
    const departmentId = asked ?? visitor?.departmentId ?? (await this.availability.firstRegistrationDepartment());
    const resolved = await this.senders.resolve({ sender: 'queue', visitorToken: token, departmentId });
    const username = resolved.ok ? resolved.sender.username : null;
    const agent = username === null ? undefined : await this.agents.find(username);
    if (!agent) throw noAgent();
    return { _id: agent.username, username: agent.username, name: agent.name, status: agent.status };
  }

  /** `external-service/call` through the native widget call: same visitor, trigger and metadata rules. */
  async call(triggerId: string, body: RcCallDto): Promise<RcExternalAnswer> {
    const metadata = metadataOf(body.extraData);
    await assertNativeRules(ExternalCallRequestDto, { metadata }, { metadata: 'extraData' });
    const result = await this.externalCall.call(body.token, triggerId, metadata);
    const fallbackMessage = result.source === 'fallback' ? (result.messages[0]?.msg ?? '') : '';
    return toRcExternalAnswer(
      result.triggerId,
      { messages: result.messages, error: result.error as ExternalErrorCode | undefined, facts: { reason: result.reason as FailureReason | undefined } },
      fallbackMessage,
    );
  }
}
