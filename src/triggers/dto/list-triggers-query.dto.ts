import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { OptionalNotNull } from '../../common/validation/optional-not-null.decorator';
import { MAX_NAME_QUERY_LENGTH, SORT_VALUES } from '../model/list-query';

const booleanText = Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListTriggersQueryDto extends PageQueryDto {
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
    maxLength: MAX_NAME_QUERY_LENGTH,
    description: 'Name contains this text (case-insensitive, literally: % and _ are not wildcards)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(MAX_NAME_QUERY_LENGTH)
  q?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Only triggers whose rules name this department (a `department` rule's value, an `agents-available` rule's key), enabled or not",
  })
  @OptionalNotNull()
  @IsUUID('all', { message: 'departmentId must be a UUID' })
  departmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only triggers with a `schedule` rule naming this schedule, enabled or not' })
  @OptionalNotNull()
  @IsUUID('all', { message: 'scheduleId must be a UUID' })
  scheduleId?: string;
}
