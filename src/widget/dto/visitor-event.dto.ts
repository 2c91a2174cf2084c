import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, EventType, MAX_TIME_ON_SITE_SECONDS, MAX_URL_LENGTH } from '../../conditions';
import type { VisitorEvent } from '../model/visitor-event';

/**
 * The event body as documented. Validation is checkVisitorEvent's (parseVisitorEvent), not
 * class-validator's: this class only describes the body for OpenAPI.
 */
export class VisitorEventDto implements VisitorEvent {
  @ApiProperty({ enum: EVENT_TYPES, example: 'page-view' })
  type: EventType;

  @ApiProperty({ minLength: 1, maxLength: MAX_URL_LENGTH, example: 'https://shop.example/contact' })
  url: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_TIME_ON_SITE_SECONDS,
    description: 'Measured by the widget; otherwise the server counts from the visit start',
  })
  timeOnSiteSeconds?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 1024 },
    description: "Merged into the visitor's metadata (at most 20 keys in total)",
    example: { plan: 'pro' },
  })
  metadata?: Record<string, string>;
}
