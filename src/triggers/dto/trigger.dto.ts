import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDiscriminatedArray } from '../../common/openapi/api-discriminated-array';
import { PageDto } from '../../common/pagination/page.dto';
import { TRIGGER_LIMITS } from '../model/trigger-limits';
import { MATCH_MODES, MatchMode } from '../model/trigger.types';
import { ACTION_VARIANTS, ActionDto } from './action.dto';
import type { Condition } from '../../conditions';
import { ConditionsSchema, FrequencyDto } from './trigger-fields';

const L = TRIGGER_LIMITS;

/** A saved trigger, as every trigger route answers it. */
export class TriggerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: L.nameMaxLength, example: 'Contact page hello' }) name: string;
  @ApiProperty({ maxLength: L.descriptionMaxLength }) description: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty() runOnce: boolean;
  @ApiProperty({ type: 'integer', minimum: L.priorityMin, maximum: L.priorityMax }) priority: number;
  @ApiProperty({ enum: MATCH_MODES }) match: MatchMode;

  @ConditionsSchema('full')
  conditions: Condition[];

  @ApiDiscriminatedArray({ property: 'name', variants: ACTION_VARIANTS, required: true, minItems: L.actionsMin, maxItems: L.actionsMax })
  actions: ActionDto[];

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Fires from this instant on (UTC); null: no start' })
  activeFrom: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Fires only before this instant (UTC); null: no end' })
  activeUntil: string | null;

  @ApiProperty({ type: FrequencyDto, nullable: true, description: 'How often it may fire for one visitor; null: no limit beyond runOnce' })
  frequency: FrequencyDto | null;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Starts at 1, +1 on every change; the ETag is `"<version>"`' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TriggerWarningDto {
  @ApiProperty({ example: 'regex-backtracking-risk' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ example: 'conditions[0].value' }) path: string;
}

/** What create and update answer: the trigger, plus warnings (not stored) when there are any. */
export class TriggerWriteResultDto extends TriggerDto {
  @ApiPropertyOptional({ type: [TriggerWarningDto] }) warnings?: TriggerWarningDto[];
}

export class TriggerListDto extends PageDto {
  @ApiProperty({ type: [TriggerDto] }) items: TriggerDto[];
}
