import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { IsOmittable, Trim } from '../shared/field-decorators';
import { DEFAULT_ROUTING_SETTINGS, FALLBACK_SENDER_NAME_MAX, ROUTING_METHODS, RoutingMethod } from './routing-settings';

const d = DEFAULT_ROUTING_SETTINGS;

/** `PUT /v1/settings/routing`: replaces the settings; omitted fields take their defaults. */
export class RoutingSettingsInputDto {
  @ApiPropertyOptional({ enum: ROUTING_METHODS, default: d.method })
  @IsOmittable()
  @IsIn(ROUTING_METHODS)
  method?: RoutingMethod;

  @ApiPropertyOptional({ default: d.includeAwayAgents, description: 'Route to agents whose status is away too' })
  @IsOmittable()
  @IsBoolean()
  includeAwayAgents?: boolean;

  @ApiPropertyOptional({ default: d.fireWithoutAgent, description: 'With no agent available, queue senders still deliver as fallbackSenderName' })
  @IsOmittable()
  @IsBoolean()
  fireWithoutAgent?: boolean;

  @ApiPropertyOptional({ default: d.fallbackSenderName, minLength: 1, maxLength: FALLBACK_SENDER_NAME_MAX })
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, FALLBACK_SENDER_NAME_MAX, { message: `$property must be 1 to ${FALLBACK_SENDER_NAME_MAX} characters (after trimming)` })
  fallbackSenderName?: string;

  @ApiPropertyOptional({ default: d.hideWhenOffline, description: 'The widget hides its chat bubble while no agent is available (for its department, if any)' })
  @IsOmittable()
  @IsBoolean()
  hideWhenOffline?: boolean;
}

export class RoutingSettingsDto {
  @ApiProperty({ enum: ROUTING_METHODS, example: d.method }) method: RoutingMethod;
  @ApiProperty({ example: d.includeAwayAgents }) includeAwayAgents: boolean;
  @ApiProperty({ example: d.fireWithoutAgent }) fireWithoutAgent: boolean;
  @ApiProperty({ example: d.fallbackSenderName }) fallbackSenderName: string;
  @ApiProperty({ example: d.hideWhenOffline }) hideWhenOffline: boolean;
}
