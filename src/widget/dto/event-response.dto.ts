import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MessageDto {
  @ApiProperty({ example: 'Hi! Need help?' }) msg: string;
  @ApiProperty({ example: 0 }) order: number;
}

export class SenderDto {
  @ApiProperty({ enum: ['queue', 'custom'] }) type: 'queue' | 'custom';
  @ApiProperty({ nullable: true, type: String, example: 'morgan.lee' }) username: string | null;
  @ApiProperty({ example: 'Morgan Lee' }) name: string;
}

export class ResolvedActionDto {
  @ApiProperty({ enum: ['send-message', 'use-external-service'] }) name: string;
  @ApiProperty({ enum: ['static', 'external', 'fallback'] }) source: string;
  @ApiProperty({ type: SenderDto, nullable: true, description: 'Null when the action delivered nothing' }) sender: SenderDto | null;
  @ApiProperty({ type: [MessageDto] }) messages: MessageDto[];
  @ApiPropertyOptional({ example: 'error-timeout', description: 'no-agent-available, or the external-service error' }) error?: string;
  @ApiPropertyOptional({ example: 'timeout' }) reason?: string;
}

export class FiredTriggerDto {
  @ApiProperty({ format: 'uuid' }) triggerId: string;
  @ApiProperty() triggerName: string;
  @ApiProperty({ format: 'uuid', description: 'This firing: a `message-dismissed` event names it when the visitor closes the message' }) firingId: string;
  @ApiProperty({ type: [ResolvedActionDto] }) actions: ResolvedActionDto[];
}

export class ScheduledTriggerDto {
  @ApiProperty({ format: 'uuid' }) triggerId: string;
  @ApiProperty({ example: 18, description: 'Send a time-on-site event after this many seconds' }) afterSeconds: number;
}

export class EventResponseDto {
  @ApiProperty({ type: [FiredTriggerDto], description: 'In priority order' }) fired: FiredTriggerDto[];
  @ApiProperty({ type: [ScheduledTriggerDto] }) scheduled: ScheduledTriggerDto[];
}
