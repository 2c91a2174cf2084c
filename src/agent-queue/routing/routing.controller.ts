import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/access.decorator';
import { ApiProblemResponses } from '../../common/openapi/api-problem-responses.decorator';
import { toAgentDto } from '../agents/agent.mapper';
import { NextAgentRequestDto, NextAgentResponseDto } from './next-agent.dto';
import { RoutingService } from './routing.service';

@ApiTags('routing')
@Controller('v1/routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Post('next-agent')
  @RequireRole('manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pick the next agent from the queue and record the pick',
    description: 'round-robin or least-assigned per the routing settings; 404 no-agent-available when nobody qualifies.',
  })
  @ApiOkResponse({ type: NextAgentResponseDto })
  @ApiProblemResponses(400, 404)
  async next(@Body() body: NextAgentRequestDto): Promise<NextAgentResponseDto> {
    return { agent: toAgentDto(await this.routing.nextAgent(body.departmentId?.toLowerCase())) };
  }
}
