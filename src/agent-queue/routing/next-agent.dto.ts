import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { AgentDto } from '../agents/agent-response.dto';
import { IsOmittable } from '../shared/field-decorators';

/** `POST /v1/routing/next-agent`. */
export class NextAgentRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Route among this department's members; omitted: among all agents" })
  @IsOmittable()
  @IsUUID('all')
  departmentId?: string;
}

export class NextAgentResponseDto {
  @ApiProperty({ type: AgentDto }) agent: AgentDto;
}
