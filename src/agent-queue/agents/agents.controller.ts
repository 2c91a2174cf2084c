import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../common/auth/access.decorator';
import { ApiProblemResponses } from '../../common/openapi/api-problem-responses.decorator';
import { toAgentDto, toAgentPageDto } from './agent.mapper';
import { AgentListQueryDto, UpdateAgentDto, UpsertAgentDto } from './agent-request.dto';
import { AgentDto, AgentPageDto } from './agent-response.dto';
import { AgentsService } from './agents.service';
import { UsernamePipe } from './username.pipe';

const UsernameParam = () => ApiParam({ name: 'username', schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' } });

@ApiTags('agents')
@Controller('v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List agents, by username; filters status, available, departmentId' })
  @ApiOkResponse({ type: AgentPageDto })
  @ApiProblemResponses(400)
  async list(@Query() query: AgentListQueryDto): Promise<AgentPageDto> {
    return toAgentPageDto(await this.agents.list(query));
  }

  @Get(':username')
  @RequireRole('viewer')
  @UsernameParam()
  @ApiOkResponse({ type: AgentDto })
  @ApiProblemResponses(400, 404)
  async get(@Param('username', UsernamePipe) username: string): Promise<AgentDto> {
    return toAgentDto(await this.agents.get(username));
  }

  @Put(':username')
  @RequireRole('manager')
  @UsernameParam()
  @ApiOperation({ summary: 'Create or replace an agent (idempotent upsert by username)' })
  @ApiCreatedResponse({ type: AgentDto, description: 'Created (with Location)' })
  @ApiOkResponse({ type: AgentDto, description: 'Replaced' })
  @ApiProblemResponses(400)
  async upsert(
    @Param('username', UsernamePipe) username: string,
    @Body() body: UpsertAgentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentDto> {
    const { agent, created } = await this.agents.upsert(username, body);
    if (created) reply.status(201).header('location', `/v1/agents/${encodeURIComponent(username)}`);
    else reply.status(200);
    return toAgentDto(agent);
  }

  @Patch(':username')
  @RequireRole('manager')
  @UsernameParam()
  @ApiOperation({ summary: 'Change some fields: status, availability, name, email, departments' })
  @ApiOkResponse({ type: AgentDto })
  @ApiProblemResponses(400, 404)
  async update(@Param('username', UsernamePipe) username: string, @Body() body: UpdateAgentDto): Promise<AgentDto> {
    return toAgentDto(await this.agents.update(username, body));
  }

  @Delete(':username')
  @RequireRole('manager')
  @HttpCode(204)
  @UsernameParam()
  @ApiOperation({ summary: 'Delete an agent, with its memberships' })
  @ApiNoContentResponse()
  @ApiProblemResponses(400, 404)
  async delete(@Param('username', UsernamePipe) username: string): Promise<void> {
    await this.agents.delete(username);
  }
}
