import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { Metrics } from '../../metrics/metrics.service';
import type { Agent } from '../agents/agent';
import { DepartmentHours } from '../shared/department-hours';
import type { PickMemory } from './pick-memory';
import { routingCriteria } from './routing-criteria';
import type { RoutingSettings } from './routing-settings';
import { RoutingSettingsService } from './routing-settings.service';
import { RoutingRepository } from './routing.repository';

export type PickOutcome =
  | { readonly kind: 'picked'; readonly agent: Agent; /** a remembered agent, not a new pick */ readonly reused: boolean }
  | { readonly kind: 'no-agent' }
  | { readonly kind: 'unknown-department' };

/** "The next agent from the queue" (DESIGN §4). */
@Injectable()
export class RoutingService {
  constructor(
    private readonly routing: RoutingRepository,
    private readonly settings: RoutingSettingsService,
    private readonly metrics: Metrics,
    private readonly hours: DepartmentHours,
  ) {}

  /** `POST /v1/routing/next-agent`: picks and records, or says why nobody. */
  async nextAgent(departmentId?: string): Promise<Agent> {
    const outcome = await this.pick(departmentId, await this.settings.read());
    switch (outcome.kind) {
      case 'picked':
        return outcome.agent;
      case 'unknown-department':
        throw DomainError.validation([{ path: 'departmentId', message: `unknown department "${departmentId}"` }]);
      case 'no-agent':
        throw new DomainError(ErrorCode.NoAgentAvailable, departmentId === undefined ? 'No agent is available' : 'No agent of this department is available');
    }
  }

  /**
   * Picks the next agent under the routing lock and records the pick. With `memory`, an
   * agent remembered there and still available is returned instead, and moves no queue.
   */
  async pick(departmentId: string | undefined, settings: RoutingSettings, memory?: PickMemory): Promise<PickOutcome> {
    if (await this.closed(departmentId)) return this.noAgent(departmentId);
    const criteria = routingCriteria(settings, departmentId);
    if (!memory) {
      const agent = await this.routing.pick(criteria);
      this.metrics.nextAgentPick(agent ? 'picked' : 'none'); // metrics
      return agent ? { kind: 'picked', agent, reused: false } : this.noAgent(departmentId);
    }
    const found = await this.routing.exclusively(async (tx) => {
      const remembered = await memory.recall(tx);
      const kept = remembered ? await this.routing.findAvailable(remembered, criteria, tx) : undefined;
      if (kept) return { agent: kept, reused: true };
      const agent = await this.routing.pick(criteria, tx);
      if (agent) await memory.remember(tx, agent.username);
      return agent && { agent, reused: false };
    });
    if (!found?.reused) this.metrics.nextAgentPick(found ? 'picked' : 'none'); // metrics
    return found ? { kind: 'picked', ...found } : this.noAgent(departmentId);
  }

  /** The agent the next pick would go to; records nothing (dry runs). */
  async peek(departmentId: string | undefined, settings: RoutingSettings): Promise<PickOutcome> {
    if (await this.closed(departmentId)) return this.noAgent(departmentId);
    const agent = await this.routing.peek(routingCriteria(settings, departmentId));
    return agent ? { kind: 'picked', agent, reused: false } : this.noAgent(departmentId);
  }

  /** The agent when it is available for this queue right now. */
  async findAvailable(username: string, departmentId: string | undefined, settings: RoutingSettings): Promise<Agent | undefined> {
    if (await this.closed(departmentId)) return undefined;
    return this.routing.findAvailable(username, routingCriteria(settings, departmentId));
  }

  /** A pick for a department whose schedule is closed finds nobody (DESIGN §13); without a department, schedules do not count. */
  private async closed(departmentId: string | undefined): Promise<boolean> {
    return departmentId !== undefined && !(await this.hours.isOpen(departmentId));
  }

  private async noAgent(departmentId: string | undefined): Promise<PickOutcome> {
    const unknown = departmentId !== undefined && !(await this.routing.departmentExists(departmentId));
    return { kind: unknown ? 'unknown-department' : 'no-agent' };
  }
}
