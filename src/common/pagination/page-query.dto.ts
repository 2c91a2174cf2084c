import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalNotNull } from '../validation/optional-not-null.decorator';
import { PAGE_LIMITS } from './page';

/** Query strings arrive as text: whole numbers become numbers, anything else stays text and fails `@IsInt`. */
export const integerText = Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value));

/** `limit` and `offset` of every list; a list's query DTO extends it with its filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: PAGE_LIMITS.maxLimit, default: PAGE_LIMITS.defaultLimit })
  @OptionalNotNull()
  @integerText
  @IsInt({ message: '$property must be a whole number' })
  @Min(1)
  @Max(PAGE_LIMITS.maxLimit)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: PAGE_LIMITS.maxOffset, default: 0 })
  @OptionalNotNull()
  @integerText
  @IsInt({ message: '$property must be a whole number' })
  @Min(0)
  @Max(PAGE_LIMITS.maxOffset)
  offset?: number;
}
