import type { AgentStatus } from '../agents/agent';
import type { RoutingMethod, RoutingSettings } from './routing-settings';

/**
 * Which queue a pick is for (DESIGN §4), as the routing functions in the database take it:
 * who qualifies and in what order is decided there, in one place (the RoutingPickFunction
 * migration).
 */
export interface RoutingCriteria {
  readonly method: RoutingMethod;
  /** Presence that counts as available: online, and away when the settings say so. */
  readonly statuses: readonly AgentStatus[];
  /** Only members of this (enabled) department; `undefined` routes among every agent. */
  readonly departmentId?: string;
}

export function routingCriteria(settings: Pick<RoutingSettings, 'method' | 'includeAwayAgents'>, departmentId?: string): RoutingCriteria {
  return {
    method: settings.method,
    statuses: settings.includeAwayAgents ? ['online', 'away'] : ['online'],
    ...(departmentId !== undefined ? { departmentId } : {}),
  };
}
