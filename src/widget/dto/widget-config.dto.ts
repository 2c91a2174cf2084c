import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONDITION_NAMES, GROUP_MATCHES, RULE_NAMES } from '../../conditions';

/**
 * A condition as the widget sees it (DESIGN §11): Rocket.Chat's conditions whole, rules by
 * name only (except `time-on-page`, with `op` and `value`), groups with their shape.
 */
export class WidgetConditionDto {
  @ApiProperty({ enum: [...CONDITION_NAMES, ...RULE_NAMES, 'group'] }) name: string;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }], example: '.*/contact' }) value?: string | number | null;
  @ApiPropertyOptional({ enum: ['gte', 'lt'], description: '`time-on-page` only' }) op?: string;
  @ApiPropertyOptional({ enum: GROUP_MATCHES, description: 'A group only' }) match?: string;
  @ApiPropertyOptional({ type: () => [WidgetConditionDto], description: 'A group only' }) conditions?: WidgetConditionDto[];
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
