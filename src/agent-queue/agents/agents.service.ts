import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { type Page, pageRequest } from '../../common/pagination/page';
import { unknownReferencesError } from '../shared/unknown-references';
import { Agent, AGENT_DEFAULTS, AgentFields } from './agent';
import type { AgentListQueryDto, UpdateAgentDto, UpsertAgentDto } from './agent-request.dto';
import { AgentsRepository, AgentWrite } from './agents.repository';

@Injectable()
export class AgentsService {
  constructor(private readonly agents: AgentsRepository) {}

  async list(query: AgentListQueryDto): Promise<Page<Agent>> {
    const page = pageRequest(query);
    const { items, total } = await this.agents.page({ status: query.status, available: query.available, departmentId: query.departmentId }, page);
    return { items, total, ...page };
  }

  /** The agent, or `undefined` (no error): for callers that treat "no such agent" as an answer. */
  find(username: string): Promise<Agent | undefined> {
    return this.agents.findByUsername(username);
  }

  async get(username: string): Promise<Agent> {
    const agent = await this.find(username);
    if (!agent) throw DomainError.notFound(`Agent "${username}"`);
    return agent;
  }

  /** Idempotent: the same body twice leaves the agent as the first call did. */
  async upsert(username: string, body: UpsertAgentDto): Promise<{ agent: Agent; created: boolean }> {
    const fields: AgentFields = {
      name: body.name,
      email: body.email ?? AGENT_DEFAULTS.email,
      status: body.status ?? AGENT_DEFAULTS.status,
      available: body.available ?? AGENT_DEFAULTS.available,
      departmentIds: body.departmentIds ?? AGENT_DEFAULTS.departmentIds,
    };
    const written = this.written(await this.agents.upsert(username, fields), username, fields.departmentIds ?? []);
    return { agent: written.agent, created: written.created };
  }

  async update(username: string, body: UpdateAgentDto): Promise<Agent> {
    const change: Partial<AgentFields> = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.available !== undefined ? { available: body.available } : {}),
      ...(body.departmentIds !== undefined ? { departmentIds: body.departmentIds } : {}),
    };
    return this.written(await this.agents.update(username, change), username, body.departmentIds ?? []).agent;
  }

  async delete(username: string): Promise<void> {
    if (!(await this.agents.delete(username))) throw DomainError.notFound(`Agent "${username}"`);
  }

  private written(result: AgentWrite, username: string, departmentIds: readonly string[]): { agent: Agent; created: boolean } {
    switch (result.kind) {
      case 'written':
        return result;
      case 'not-found':
        throw DomainError.notFound(`Agent "${username}"`);
      case 'unknown-departments':
        throw unknownReferencesError('departmentIds', departmentIds, result.departmentIds, 'department', (id) => id.toLowerCase());
    }
  }
}
