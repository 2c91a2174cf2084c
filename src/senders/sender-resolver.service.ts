import { Injectable } from '@nestjs/common';
import type { Agent } from '../agent-queue/agents/agent';
import { AgentsService } from '../agent-queue/agents/agents.service';
import type { PickOutcome } from '../agent-queue/routing/routing.service';
import { RoutingService } from '../agent-queue/routing/routing.service';
import type { RoutingSettings } from '../agent-queue/routing/routing-settings';
import { RoutingSettingsService } from '../agent-queue/routing/routing-settings.service';
import { customSender, mayNameAnAgent, queueSender, SenderRequest, SenderResult, senderWithoutAgent } from './sender';
import { StickyAgentsRepository } from './sticky-agents.repository';

/**
 * Resolves the sender of a trigger action. A queue sender impersonates the visitor's sticky
 * agent while it stays available (no new pick), and otherwise the next agent from the
 * visitor's department queue (a pick, remembered for an hour). "No agent" is a result,
 * not an exception: the caller reports it as the action's error.
 */
@Injectable()
export class SenderResolver {
  constructor(
    private readonly agents: AgentsService,
    private readonly routing: RoutingService,
    private readonly settings: RoutingSettingsService,
    private readonly sticky: StickyAgentsRepository,
  ) {}

  async resolve(request: SenderRequest): Promise<SenderResult> {
    if (request.sender === 'custom') return this.custom(request.name);
    const settings = await this.settings.read();
    const kept = await this.stickyAgent(request, settings);
    if (kept) return queueSender(kept);
    const outcome = await this.routing.pick(request.departmentId, settings, this.sticky.memoryFor(request.visitorToken));
    return this.fromOutcome(outcome, settings);
  }

  /** What {@link resolve} would answer now, without picking or remembering (dry runs). */
  async preview(request: SenderRequest): Promise<SenderResult> {
    if (request.sender === 'custom') return this.custom(request.name);
    const settings = await this.settings.read();
    const kept = await this.stickyAgent(request, settings);
    if (kept) return queueSender(kept);
    return this.fromOutcome(await this.routing.peek(request.departmentId, settings), settings);
  }

  private async custom(name: string | undefined): Promise<SenderResult> {
    const displayName = name ?? '';
    const agent = mayNameAnAgent(displayName) ? await this.agents.find(displayName) : undefined;
    return customSender(displayName, agent);
  }

  /** The visitor's agent from an earlier pick, when it is fresh and still available for this queue. */
  private async stickyAgent(request: SenderRequest, settings: RoutingSettings): Promise<Agent | undefined> {
    const username = await this.sticky.findFresh(request.visitorToken);
    return username ? this.routing.findAvailable(username, request.departmentId, settings) : undefined;
  }

  /** An unknown department (deleted since the visitor registered) routes to nobody. */
  private fromOutcome(outcome: PickOutcome, settings: RoutingSettings): SenderResult {
    return outcome.kind === 'picked' ? queueSender(outcome.agent) : senderWithoutAgent(settings);
  }
}
