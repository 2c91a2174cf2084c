import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination/page.dto';
import { AGENT_STATUSES, type AgentStatus } from './agent';

export class AgentDto {
  @ApiProperty({ example: 'morgan.lee', pattern: '^[A-Za-z0-9._-]{1,64}$' }) username: string;
  @ApiProperty({ example: 'Morgan Lee' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'morgan@example.com' }) email: string | null;
  @ApiProperty({ enum: AGENT_STATUSES }) status: AgentStatus;
  @ApiProperty({ description: 'Accepts chats' }) available: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) departmentIds: string[];
  @ApiProperty({ description: 'Picks so far (next-agent and queue senders)' }) assignedCount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Time of the last pick' })
  lastRoutedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class AgentPageDto extends PageDto {
  @ApiProperty({ type: [AgentDto] }) items: AgentDto[];
}
