import { Injectable } from '@nestjs/common';
import { SenderResolver } from '../senders/sender-resolver.service';
import type { Action, TriggerRecord } from '../triggers/model/trigger.types';
import type { Visitor } from '../visitors/model/visitor';
import { ExternalMessages, ExternalResolution } from '../external-service/external-messages.service';
import type { ResolvedAction } from './resolved-action';

type Draft = ExternalResolution | { readonly source: 'static'; readonly messages: readonly { msg: string; order: number }[] };

/**
 * Turns the actions of fired triggers into messages with a sender (DESIGN §3). Every
 * external service is called first, concurrently, each within its own timeout; only then
 * are senders resolved, in firing order, and only for actions that have something to say,
 * so a failed call or an empty fallback moves no agent queue.
 */
@Injectable()
export class ActionResolver {
  constructor(
    private readonly external: ExternalMessages,
    private readonly senders: SenderResolver,
  ) {}

  async resolve(triggers: readonly TriggerRecord[], visitor: Visitor): Promise<ResolvedAction[][]> {
    const drafts = await Promise.all(triggers.map((trigger) => Promise.all(trigger.actions.map((action) => this.draft(action, visitor)))));
    const resolved: ResolvedAction[][] = [];
    for (const [i, trigger] of triggers.entries()) {
      const actions: ResolvedAction[] = [];
      for (const [j, action] of trigger.actions.entries()) actions.push(await this.withSender(action, drafts[i][j], visitor));
      resolved.push(actions);
    }
    return resolved;
  }

  private async draft(action: Action, visitor: Visitor): Promise<Draft> {
    if (action.name === 'send-message') return { source: 'static', messages: [{ msg: action.params.msg, order: 0 }] };
    return this.external.fetch(action.params, { visitorToken: visitor.token, metadata: visitor.metadata });
  }

  private async withSender(action: Action, draft: Draft, visitor: Visitor): Promise<ResolvedAction> {
    const failure = 'error' in draft ? { error: draft.error, ...(draft.reason ? { reason: draft.reason } : {}) } : {};
    if (draft.messages.length === 0) return { name: action.name, source: draft.source, sender: null, messages: [], ...failure };
    const sender = await this.senders.resolve({
      sender: action.params.sender,
      name: action.params.name,
      visitorToken: visitor.token,
      departmentId: visitor.departmentId ?? undefined,
    });
    if (!sender.ok) return { name: action.name, source: draft.source, sender: null, messages: [], error: sender.error };
    return { name: action.name, source: draft.source, sender: sender.sender, messages: draft.messages, ...failure };
  }
}
