import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsOmittable, QueryBoolean, Trim } from '../shared/field-decorators';
import { AGENT_STATUSES, type AgentStatus } from './agent';

const MAX_DEPARTMENTS_PER_AGENT = 100;

const NameField = () => applyDecorators(Trim(), IsString(), Length(1, 100, { message: '$property must be 1 to 100 characters (after trimming)' }));
const EmailField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 254, description: '`null` for none' }),
    IsOptional(),
    IsEmail(),
    MaxLength(254),
  );
const StatusField = (description: string) => applyDecorators(ApiPropertyOptional({ enum: AGENT_STATUSES, description }), IsOmittable(), IsIn(AGENT_STATUSES));
const AvailableField = (description: string) => applyDecorators(ApiPropertyOptional({ type: Boolean, description }), IsOmittable(), IsBoolean());
const DepartmentIdsField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_DEPARTMENTS_PER_AGENT, description }),
    IsOmittable(),
    IsArray(),
    ArrayMaxSize(MAX_DEPARTMENTS_PER_AGENT),
    IsUUID('all', { each: true }),
  );

/** `PUT /v1/agents/{username}`: replaces the agent; omitted fields take their defaults. */
export class UpsertAgentDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Morgan Lee' })
  @NameField()
  name: string;

  @EmailField()
  email?: string | null;

  @StatusField('Presence; default `offline`')
  status?: AgentStatus;

  @AvailableField('Accepts chats; default `true`')
  available?: boolean;

  @DepartmentIdsField('Departments the agent belongs to; default none (replaces the memberships)')
  departmentIds?: string[];
}

/** `PATCH /v1/agents/{username}`: any subset of the fields; arrays are replaced whole. */
export class UpdateAgentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOmittable()
  @NameField()
  name?: string;

  @EmailField()
  email?: string | null;

  @StatusField('Presence')
  status?: AgentStatus;

  @AvailableField('Accepts chats')
  available?: boolean;

  @DepartmentIdsField('Departments the agent belongs to (replaces the memberships)')
  departmentIds?: string[];
}

export class AgentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGENT_STATUSES })
  @IsOptional()
  @IsIn(AGENT_STATUSES)
  status?: AgentStatus;

  @QueryBoolean('Only agents that accept chats (true) or not (false)')
  available?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only members of this department' })
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;
}
