import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTOM_EVENT_NAME_PATTERN, MAX_EXCLUDED_TRIGGERS, MAX_TIME_ON_SITE_SECONDS, MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '../../conditions';
import { LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_LENGTH } from '../../conditions/language-tag';
import { WIDGET_EVENT_TYPES, type WidgetEventType } from '../model/visitor-event';

/**
 * The event body as documented. Validation is checkVisitorEvent's (parseVisitorEvent), not
 * class-validator's: this class only describes the body for OpenAPI.
 */
export class VisitorEventDto {
  @ApiProperty({
    enum: WIDGET_EVENT_TYPES,
    example: 'page-view',
    description:
      '`custom` is `LivechatTriggers.track(name)`: it needs `name`. `message-dismissed`: the visitor closed a fired message; it needs `firingId` and evaluates nothing',
  })
  type: WidgetEventType;

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
    type: 'integer',
    minimum: 0,
    maximum: MAX_TIME_ON_SITE_SECONDS,
    description: "Seconds since the page (or a single-page app's route) loaded; otherwise since the visitor's last page-view event",
  })
  timeOnPageSeconds?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 1024 },
    description: "Merged into the visitor's metadata (at most 20 keys in total)",
    example: { plan: 'pro' },
  })
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: MAX_TITLE_LENGTH, description: '`document.title`', example: 'Pricing' })
  title?: string;

  @ApiPropertyOptional({
    maxLength: MAX_URL_LENGTH,
    description:
      '`document.referrer` on the first event after a page load: `""` (a direct visit) or an absolute http(s) URL. The visit keeps the first one it hears',
    example: 'https://www.google.com/',
  })
  referrer?: string;

  @ApiPropertyOptional({
    maxLength: MAX_LANGUAGE_TAG_LENGTH,
    pattern: LANGUAGE_TAG_PATTERN.source,
    description: '`navigator.language` (BCP 47); counts for this event only',
    example: 'pt-BR',
  })
  language?: string;

  @ApiPropertyOptional({
    pattern: CUSTOM_EVENT_NAME_PATTERN.source,
    description: 'Required on a `custom` event, refused on any other',
    example: 'added-to-cart',
  })
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_EXCLUDED_TRIGGERS,
    description: 'Trigger ids not to fire, schedule or claim on this event (the widget re-evaluating after a push); unknown ids are ignored',
  })
  exclude?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Required on a `message-dismissed` event (the `firingId` of the fired entry whose message was closed), refused on any other',
  })
  firingId?: string;
}
