import { Injectable } from '@nestjs/common';
import { isUuid } from '../departments/department';
import { routingCriteria } from '../routing/routing-criteria';
import { RoutingSettingsService } from '../routing/routing-settings.service';
import { RoutingRepository } from '../routing/routing.repository';
import { AvailabilityRepository } from './availability.repository';
import type { OfferedDepartment } from './offered-department';

/**
 * Whether anybody can take a chat (DESIGN §4's "available agent": accepts chats, online, or
 * away when `includeAwayAgents` is set, a member of the department when one is asked for,
 * while that department is enabled). The Rocket.Chat config's `online` and `agent.next`'s
 * choice of department read it here.
 */
@Injectable()
export class AgentAvailability {
  constructor(
    private readonly availability: AvailabilityRepository,
    private readonly routing: RoutingRepository,
    private readonly settings: RoutingSettingsService,
  ) {}

  /** How many agents are available now, in `departmentId` when given (an id we do not know: none). */
  async count(departmentId?: string): Promise<number> {
    if (departmentId !== undefined && !isUuid(departmentId)) return 0;
    const { statuses } = routingCriteria(await this.settings.read(), departmentId);
    return this.availability.count(statuses, departmentId?.toLowerCase() ?? null);
  }

  /** The first enabled department shown on registration that has an available agent (by name, case-insensitively; ties by id). */
  async firstRegistrationDepartment(): Promise<string | undefined> {
    const { statuses } = routingCriteria(await this.settings.read());
    return this.availability.firstRegistrationDepartmentWithAgents(statuses);
  }

  /** Whether `id` names a department (of any state). */
  async departmentExists(id: string): Promise<boolean> {
    return isUuid(id) && this.routing.departmentExists(id.toLowerCase());
  }

  /** The departments a widget may offer: enabled, with members. */
  offeredDepartments(): Promise<OfferedDepartment[]> {
    return this.availability.offeredDepartments();
  }
}
