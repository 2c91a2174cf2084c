import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import {
  CUSTOM_EVENT_NAME_PATTERN,
  EVENT_TYPES,
  EventType,
  MAX_TIME_ON_SITE_SECONDS,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  RULE_LIMITS,
  RULE_NAMES,
} from '../../conditions';
import { LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_LENGTH } from '../../conditions/language-tag';
import { IsInstant } from '../../common/validation/instant';
import { OptionalNotNull } from '../../common/validation/optional-not-null.decorator';
import { VISITOR_TOKEN_PATTERN } from '../../visitors/model/visitor-token';
import { IsLanguageTag } from '../../widget/dto/language-tag.validator';
import { IsVisitorMetadata } from '../../widget/dto/visitor-metadata.validator';
import { isReferrer } from '../../widget/model/visitor-event';

/** The longest `userAgent` explain takes (DESIGN §16). */
export const MAX_USER_AGENT_LENGTH = 1024;

const IsReferrer = () =>
  ValidateBy({ name: 'isReferrer', validator: { validate: isReferrer, defaultMessage: () => 'referrer must be "" or an absolute http(s) URL' } });

/**
 * A hypothetical event and visitor (DESIGN §11, §16). Event facts come from the request only
 * (defaults: 0 s on site and on page); with a `visitorToken`, stored visitor facts fill what
 * the request leaves out; explain never reads its own request's headers or IP as facts.
 */
export class ExplainRequestDto {
  @ApiPropertyOptional({ description: "Read this visitor's stored facts and run-once history (read-only); unknown → 400" })
  @IsOptional()
  @Matches(VISITOR_TOKEN_PATTERN, { message: 'visitorToken must be 8 to 128 characters of A-Z, a-z, 0-9, _ and -' })
  visitorToken?: string;

  @ApiProperty({ enum: EVENT_TYPES }) @IsIn(EVENT_TYPES) type: EventType;

  @ApiProperty({ maxLength: MAX_URL_LENGTH, example: 'https://shop.example/contact' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_URL_LENGTH)
  url: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_TIME_ON_SITE_SECONDS, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_TIME_ON_SITE_SECONDS)
  timeOnSiteSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_TIME_ON_SITE_SECONDS, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_TIME_ON_SITE_SECONDS)
  timeOnPageSeconds?: number;

  @ApiPropertyOptional({ maxLength: MAX_TITLE_LENGTH, description: 'The page title' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-03-29T01:30:00Z',
    description: 'Evaluate at this moment instead of now (with Z or an offset): schedules and the active span are read then',
  })
  @OptionalNotNull()
  @IsInstant()
  at?: string;

  @ApiPropertyOptional({ maxLength: MAX_URL_LENGTH, description: 'The visit\'s referrer: `""` (direct) or an http(s) URL' })
  @IsOptional()
  @IsReferrer()
  referrer?: string;

  @ApiPropertyOptional({ maxLength: MAX_LANGUAGE_TAG_LENGTH, pattern: LANGUAGE_TAG_PATTERN.source, description: "The visitor's language (BCP 47)" })
  @IsOptional()
  @IsLanguageTag()
  language?: string;

  @ApiPropertyOptional({ pattern: CUSTOM_EVENT_NAME_PATTERN.source, description: 'A `custom` event’s name (required with `type: custom`, refused otherwise)' })
  @IsOptional()
  @Matches(CUSTOM_EVENT_NAME_PATTERN, { message: 'name must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : -' })
  name?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 1024 },
    description: "Merged over the stored visitor's metadata, key by key",
  })
  @IsOptional()
  @IsVisitorMetadata()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: MAX_USER_AGENT_LENGTH, description: 'A `User-Agent` string: its device class is the `device` fact (default desktop)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_USER_AGENT_LENGTH)
  userAgent?: string;

  @ApiPropertyOptional({ pattern: '^[A-Z]{2}$', description: 'The visitor’s country (ISO 3166-1 alpha-2); absent when left out' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be two upper-case letters (ISO 3166-1 alpha-2)' })
  country?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "The visitor's department (`null`: none)" })
  @IsOptional()
  @IsUUID()
  department?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: RULE_LIMITS.countMax, description: 'Visits so far, this one included (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(RULE_LIMITS.countMax)
  visitCount?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: RULE_LIMITS.countMax, description: 'Chats opened before this event (default 0)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(RULE_LIMITS.countMax)
  chatsOpened?: number;

  @ApiPropertyOptional({ description: 'Override whether the visitor is registered' })
  @IsOptional()
  @IsBoolean()
  registered?: boolean;
}

export class ConditionReasonDto {
  @ApiProperty({ enum: ['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration', ...RULE_NAMES], description: "The leaf's name" })
  condition: string;

  @ApiProperty({ example: 'conditions[1].conditions[0]', description: 'Where the leaf is in the trigger' })
  path: string;

  @ApiProperty() met: boolean;
  @ApiProperty({ example: 'the URL matches .*/contact' }) detail: string;

  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    description: 'The value the leaf saw (`null` when absent): the URL, the seconds, the event type for edge conditions, the device class, …',
  })
  actual: string | number | boolean | null;
}

export class ExplainResultDto {
  @ApiProperty({ format: 'uuid' }) triggerId: string;
  @ApiProperty() triggerName: string;
  @ApiProperty() wouldFire: boolean;
  @ApiPropertyOptional({
    enum: ['disabled', 'inactive', 'run-once-consumed', 'registered-visitor', 'frequency', 'budget', 'snoozed', 'no-agent-available'],
    description:
      'What stops it whatever its conditions say, by precedence (`inactive`: outside activeFrom/activeUntil; `frequency`: its own cap or cooldown; `budget`: the proactive budget per visit, per day or its gap; `snoozed`: after a dismissal); `no-agent-available` only when they hold',
  })
  blockedBy?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the reported block ends, if known: cooldown end, next UTC midnight for a day cap, gap end, snooze end (none for visit and visitor caps)',
  })
  retryAt?: string;
  @ApiPropertyOptional({ description: 'Would fire after this many more seconds on site' }) afterSeconds?: number;
  @ApiProperty({ type: [ConditionReasonDto], description: 'One per rule and Rocket.Chat condition, in the trigger’s order' })
  reasons: ConditionReasonDto[];
}

export class ExplainResponseDto {
  @ApiProperty({ type: [ExplainResultDto], description: 'Every trigger, in firing order' }) results: ExplainResultDto[];
}
