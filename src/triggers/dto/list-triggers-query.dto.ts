import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/optional-not-null.decorator';
import { LIST_LIMITS, SORT_VALUES } from '../model/list-query';

/** Query strings arrive as text: whole numbers become numbers, anything else stays text and fails `@IsInt`. */
export const integerText = Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value));
const booleanText = Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListTriggersQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LIST_LIMITS.maxLimit, default: LIST_LIMITS.defaultLimit })
  @OptionalNotNull()
  @integerText
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(LIST_LIMITS.maxLimit)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: LIST_LIMITS.maxOffset, default: 0 })
  @OptionalNotNull()
  @integerText
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  @Max(LIST_LIMITS.maxOffset)
  offset?: number;

  @ApiPropertyOptional({ enum: SORT_VALUES, default: 'name', description: 'Sort field, `-` for descending; name sorts case-insensitively, ties by id' })
  @OptionalNotNull()
  @IsIn(SORT_VALUES, { message: `sort must be one of: ${SORT_VALUES.join(', ')}` })
  sort?: string;

  @ApiPropertyOptional({ type: 'boolean', description: 'Only enabled (true) or disabled (false) triggers' })
  @OptionalNotNull()
  @booleanText
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({
    maxLength: LIST_LIMITS.maxQueryLength,
    description: 'Name contains this text (case-insensitive, literally: % and _ are not wildcards)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(LIST_LIMITS.maxQueryLength)
  q?: string;
}
