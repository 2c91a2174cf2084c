import { ApiProperty } from '@nestjs/swagger';
import { PAGE_LIMITS } from './page';

/** The page fields of every list response; a list's DTO extends it with its `items`. */
export abstract class PageDto {
  @ApiProperty({ type: 'integer', description: 'Matching items in all pages', example: 1 }) total: number;
  @ApiProperty({ type: 'integer', example: PAGE_LIMITS.defaultLimit }) limit: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset: number;
}
