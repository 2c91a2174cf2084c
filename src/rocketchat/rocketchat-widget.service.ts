import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AgentsService } from '../agent-queue/agents/agents.service';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import type { ExternalErrorCode, FailureReason } from '../external-service/external-outcome';
import { SenderResolver } from '../senders/sender-resolver.service';
import { TriggerCache } from '../trigger-cache/trigger-cache.service';
import { VisitorStore } from '../visitors/visitor-store';
import { ExternalCallRequestDto } from '../widget/dto/external-call.dto';
import { WidgetExternalCall } from '../widget/widget-external-call';
import type { RcAgentDto } from './dto/rc-responses.dto';
import type { RcCallDto } from './dto/rc-requests.dto';
import { metadataOf } from './extra-data';
import { assertNativeRules } from './native-rules';
import { RcConfig, renderRcConfig } from './rocketchat-config.mapper';
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
    private readonly externalCall: WidgetExternalCall,
  ) {}

  /** The triggers part of `/livechat/config`, computed once per snapshot of enabled triggers. */
  async config(): Promise<RcConfig> {
    return (await this.triggers.current()).derive('rocketchat-config', renderRcConfig);
  }

  /**
   * `agent.next`: the visitor's queue sender, as a trigger would resolve it: sticky per
   * visitor, otherwise a recorded pick from the department's queue (the one asked for, else
   * the visitor's). Only known visitors may ask, so made-up tokens cannot spin the queue.
   */
  async nextAgent(token: string, department: string | undefined): Promise<RcAgentDto> {
    const visitor = await this.visitors.find(token);
    if (!visitor) throw new DomainError(ErrorCode.VisitorNotFound, 'No visitor has this token');
    const departmentId = department || visitor.departmentId || undefined;
    // an id that is not a uuid names no department, whose queue has nobody
    if (departmentId !== undefined && !isUUID(departmentId, 'all')) throw noAgent();
    const resolved = await this.senders.resolve({ sender: 'queue', visitorToken: visitor.token, departmentId: departmentId?.toLowerCase() });
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
