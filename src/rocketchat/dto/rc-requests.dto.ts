import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsArray, IsNumber, IsObject, IsOptional, IsString, MinLength, ValidateNested } from 'class-validator';
import { PAGE_LIMITS } from '../../common/pagination/page';
import { type QueryValue, RC_DEFAULT_COUNT, RC_UPPER_COUNT_LIMIT, type RcRawListQuery } from '../rc-list-query';
import { RC_SORT_KEYS } from '../rocketchat-list.mapper';

/**
 * `GET livechat/triggers`: `{count, offset, sort}` and nothing else (Rocket.Chat's
 * `additionalProperties: false`). They stay text here: `parseRcListQuery` reads them as
 * Rocket.Chat does, coercions, truncation and caps included (docs/rocketchat.md).
 */
export class RcListQueryDto implements RcRawListQuery {
  @ApiPropertyOptional({
    type: 'number',
    default: RC_DEFAULT_COUNT,
    description:
      `A number as Rocket.Chat reads it (\`1e3\`, \`1.5\`, \`%205\`), truncated to a whole number; at most ${RC_UPPER_COUNT_LIMIT}. ` +
      `0 means as many as allowed (${PAGE_LIMITS.maxLimit} here, all in Rocket.Chat); -n means n, at most ${PAGE_LIMITS.maxLimit}; empty means the default`,
  })
  @Allow()
  count?: QueryValue;

  @ApiPropertyOptional({ type: 'number', default: 0, description: 'A number read and truncated as count; not negative; empty means 0' })
  @Allow()
  offset?: QueryValue;

  @ApiPropertyOptional({
    type: 'string',
    example: '{"name":-1}',
    description: `A JSON object with one key of ${RC_SORT_KEYS.join(', ')} and 1 or -1; default (or empty) {"name":1}`,
  })
  @Allow()
  sort?: QueryValue;
}

/** One `{key, value}` of `extraData`: visitor metadata as Rocket.Chat's widget sends it. */
export class RcExtraDataDto {
  @ApiProperty() @IsString() key: string;
  @ApiProperty() @IsString() value: string;
}

/** `extraData`: an array of `{key, value}`, or null. */
const ExtraData = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [RcExtraDataDto], nullable: true }),
    IsOptional(),
    IsArray({ message: 'extraData must be an array' }),
    ValidateNested({ each: true }),
    Type(() => RcExtraDataDto),
  );

/** `POST livechat/triggers/external-service/test`. */
export class RcSendTestDto {
  @ApiProperty({ example: 'https://crm.example.com/livechat' }) @IsString() webhookUrl: string;
  @ApiProperty({ example: 5000, description: 'Milliseconds; 0 means 1000 (as Rocket.Chat); otherwise 100 to 30000' }) @IsNumber() timeout: number;
  @ApiProperty({ example: '' }) @IsString() fallbackMessage: string;
  @ExtraData() extraData?: RcExtraDataDto[] | null;
}

/** `POST livechat/triggers/:_id/external-service/call`. */
export class RcCallDto {
  @ApiProperty({ description: 'The visitor token' }) @IsString() @MinLength(1) token: string;
  @ExtraData() extraData?: RcExtraDataDto[] | null;
}

/** `GET livechat/config`: accepted for compatibility; the triggers part does not depend on them. */
export class RcConfigQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() token?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() department?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() businessUnit?: string;
}

/** `GET livechat/agent.next/:token`. */
export class RcAgentNextQueryDto {
  @ApiPropertyOptional({ description: "A department id; default: the visitor's department" }) @IsOptional() @IsString() department?: string;
}

/** `pageInfo.location` of `page.visited`. */
export class RcPageLocationDto {
  @ApiProperty({ example: 'https://shop.example/pricing' }) @IsString() href: string;
}

/** `pageInfo` of `page.visited`: what changed (`url` or `title`), the title and the location. */
export class RcPageInfoDto {
  @ApiProperty({ example: 'url' }) @IsString() change: string;
  @ApiProperty({ example: 'Pricing' }) @IsString() title: string;
  @ApiProperty({ type: RcPageLocationDto }) @IsObject() @ValidateNested() @Type(() => RcPageLocationDto) location: RcPageLocationDto;
}

/** `POST livechat/page.visited` (Rocket.Chat's widget, on every page view). */
export class RcPageVisitedDto {
  @ApiProperty({ description: 'The visitor token' }) @IsString() @MinLength(1) token: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The visitor's room (none here)" }) @IsOptional() @IsString() rid?: string | null;
  @ApiProperty({ type: RcPageInfoDto }) @IsObject() @ValidateNested() @Type(() => RcPageInfoDto) pageInfo: RcPageInfoDto;
}
