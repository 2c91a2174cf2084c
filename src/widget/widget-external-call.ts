import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { ExternalMessages } from '../external-service/external-messages.service';
import { TriggerCache } from '../trigger-cache/trigger-cache.service';
import { VisitorStore } from '../visitors/visitor-store';
import type { ExternalCallResponseDto } from './dto/external-call.dto';

/**
 * Re-fetches one trigger's external-service messages for one known visitor (Rocket.Chat's
 * `external-service/call`): the trigger's first external-service action, with the visitor's
 * own metadata. It fires nothing and records nothing.
 */
@Injectable()
export class WidgetExternalCall {
  constructor(
    private readonly visitors: VisitorStore,
    private readonly triggers: TriggerCache,
    private readonly external: ExternalMessages,
  ) {}

  async call(token: string, triggerId: string, metadata?: Readonly<Record<string, string>>): Promise<ExternalCallResponseDto> {
    if (!(await this.visitors.find(token))) throw new DomainError(ErrorCode.VisitorNotFound, 'No visitor has this token');
    const trigger = (await this.triggers.current()).triggers.find((t) => t.trigger.id === triggerId.toLowerCase())?.trigger;
    if (!trigger) throw new DomainError(ErrorCode.TriggerNotFound, 'No enabled trigger has this id');
    const action = trigger.actions.find((a) => a.name === 'use-external-service');
    if (!action) throw new DomainError(ErrorCode.NotAnExternalServiceTrigger, 'The trigger has no use-external-service action');
    const { visitor } = await this.visitors.observe(token, new Date(), { type: 'external-service', metadata });
    const result = await this.external.fetch(action.params, { visitorToken: visitor.token, metadata: visitor.metadata });
    return { triggerId: trigger.id, ...result, messages: [...result.messages] };
  }
}
