import { ApiProperty } from '@nestjs/swagger';
import { DEFAULT_PAGE_LIMIT } from './page';

/** The page fields of every list response; subclasses add `items`. */
export abstract class PageDto {
  @ApiProperty({ description: 'Matching items in all pages', example: 1 }) total: number;
  @ApiProperty({ example: DEFAULT_PAGE_LIMIT }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}
