import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EVENT_TYPES, EventType, MAX_TIME_ON_SITE_SECONDS, MAX_URL_LENGTH } from '../../conditions';
import { IsVisitorMetadata } from './visitor-metadata.validator';

export class VisitorEventDto {
  @ApiProperty({ enum: EVENT_TYPES, example: 'page-view' })
  @IsIn(EVENT_TYPES)
  type: EventType;

  @ApiProperty({ maxLength: MAX_URL_LENGTH, example: 'https://shop.example/contact' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_URL_LENGTH)
  url: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_TIME_ON_SITE_SECONDS, description: 'Measured by the widget; otherwise the server counts from the visit start' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_TIME_ON_SITE_SECONDS)
  timeOnSiteSeconds?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 1024 },
    description: 'Merged into the visitor\'s metadata (at most 20 keys in total)',
    example: { plan: 'pro' },
  })
  @IsOptional()
  @IsVisitorMetadata()
  metadata?: Record<string, string>;
}
