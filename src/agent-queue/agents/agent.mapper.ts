import type { Page } from '../../common/pagination/page';
import type { Agent } from './agent';
import type { AgentDto, AgentPageDto } from './agent-response.dto';

export function toAgentDto(agent: Agent): AgentDto {
  return {
    username: agent.username,
    name: agent.name,
    email: agent.email,
    status: agent.status,
    available: agent.available,
    departmentIds: [...agent.departmentIds],
    assignedCount: agent.assignedCount,
    lastRoutedAt: agent.lastRoutedAt?.toISOString() ?? null,
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
  };
}

export function toAgentPageDto(page: Page<Agent>): AgentPageDto {
  return { items: page.items.map(toAgentDto), total: page.total, limit: page.limit, offset: page.offset };
}
