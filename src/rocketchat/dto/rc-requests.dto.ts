import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, IsOptional, IsString, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { PAGE_LIMITS } from '../../common/pagination/page';
import { integerText } from '../../common/pagination/page-query.dto';
import { RC_SORT_KEYS } from '../rocketchat-list.mapper';

/** `GET livechat/triggers`: `{count, offset, sort}` and nothing else. */
export class RcListQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    default: PAGE_LIMITS.defaultLimit,
    description: `At most ${PAGE_LIMITS.maxLimit}; 0 means as many as allowed`,
  })
  @IsOptional()
  @integerText
  @IsInt({ message: 'count must be a whole number' })
  @Min(0)
  count?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @integerText
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  @Max(PAGE_LIMITS.maxOffset)
  offset?: number;

  @ApiPropertyOptional({ example: '{"name":-1}', description: `A JSON object with one key of ${RC_SORT_KEYS.join(', ')} and 1 or -1; default {"name":1}` })
  @IsOptional()
  @IsString()
  sort?: string;
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
