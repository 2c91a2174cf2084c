import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EVENT_TYPES, EventType, MAX_TIME_ON_SITE_SECONDS, MAX_URL_LENGTH } from '../../conditions';
import { VISITOR_TOKEN_PATTERN } from '../../visitors/model/visitor-token';

export class ExplainRequestDto {
  @ApiPropertyOptional({ description: "Read this visitor's registration and run-once history (read-only); unknown → 400" })
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

  @ApiPropertyOptional({ description: 'Override whether the visitor is registered' })
  @IsOptional()
  @IsBoolean()
  registered?: boolean;
}

export class ConditionReasonDto {
  @ApiProperty({ enum: ['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration'] }) condition: string;
  @ApiProperty() met: boolean;
  @ApiProperty({ example: 'the URL matches .*/contact' }) detail: string;
}

export class ExplainResultDto {
  @ApiProperty({ format: 'uuid' }) triggerId: string;
  @ApiProperty() triggerName: string;
  @ApiProperty() wouldFire: boolean;
  @ApiPropertyOptional({ enum: ['disabled', 'run-once-consumed', 'registered-visitor', 'no-agent-available'] }) blockedBy?: string;
  @ApiPropertyOptional({ description: 'Would fire after this many more seconds on site' }) afterSeconds?: number;
  @ApiProperty({ type: [ConditionReasonDto] }) reasons: ConditionReasonDto[];
}

export class ExplainResponseDto {
  @ApiProperty({ type: [ExplainResultDto], description: 'Every trigger, in firing order' }) results: ExplainResultDto[];
}
