import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WidgetConditionDto {
  @ApiProperty({ enum: ['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration'] }) name: string;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }], example: '.*/contact' }) value: string | number | null;
}

export class WidgetActionParamsDto {
  @ApiProperty({ enum: ['queue', 'custom'] }) sender: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ description: 'Static message (send-message only)' }) msg?: string;
}

export class WidgetActionDto {
  @ApiProperty({ enum: ['send-message', 'use-external-service'] }) name: string;
  @ApiProperty({ type: WidgetActionParamsDto }) params: WidgetActionParamsDto;
}

export class WidgetTriggerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() priority: number;
  @ApiProperty({ enum: ['all', 'any'] }) match: string;
  @ApiProperty() runOnce: boolean;
  @ApiProperty({ type: [WidgetConditionDto] }) conditions: WidgetConditionDto[];
  @ApiProperty({ type: [WidgetActionDto] }) actions: WidgetActionDto[];
}

export class WidgetConfigDto {
  @ApiProperty({ type: [WidgetTriggerDto], description: 'Enabled triggers in firing order; never a service URL or anything secret' })
  triggers: WidgetTriggerDto[];
}
