import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { PageDto } from '../../common/pagination/page.dto';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsInstant } from '../../common/validation/instant';
import { OptionalNotNull } from '../../common/validation/optional-not-null.decorator';
import { MAX_NAME_QUERY_LENGTH } from '../../triggers/model/list-query';
import { SCHEDULE_LIMITS } from '../model/schedule-limits';
import { WEEKDAYS, type Weekday } from '../model/schedule.types';
import { SCHEDULE_SORT_VALUES } from '../schedule';

const TIME = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', example: '09:00' } as const;
const TIME_TO = { type: 'string', pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', example: '17:30', description: '`24:00` is the next midnight' } as const;
const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A window of local wall-clock time, half-open `[from, to)`. */
export class TimeWindowDto {
  @ApiProperty(TIME) from: string;
  @ApiProperty(TIME_TO) to: string;
}

export class WeeklyWindowDto extends TimeWindowDto {
  @ApiProperty({ enum: WEEKDAYS }) day: Weekday;
}

export class ScheduleExceptionDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-12-25', description: "A local date in the schedule's zone" })
  date: string;

  @ApiProperty({
    type: [TimeWindowDto],
    maxItems: SCHEDULE_LIMITS.windowsPerExceptionMax,
    description: "Replace that date's weekly windows; `[]`: closed all day",
  })
  windows: TimeWindowDto[];
}

type BodyKind = 'full' | 'partial';

const NameField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({
      required: kind === 'full',
      minLength: 1,
      maxLength: SCHEDULE_LIMITS.nameMax,
      description: 'Trimmed; unique, case-insensitive',
      example: 'Support hours',
    }),
    ...(kind === 'full' ? [] : [OptionalNotNull()]),
    trim,
    IsString(),
    Length(1, SCHEDULE_LIMITS.nameMax, { message: `name must be 1 to ${SCHEDULE_LIMITS.nameMax} characters (after trimming)` }),
  );

const TimeZoneField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({ required: kind === 'full', maxLength: 100, example: 'Europe/Berlin', description: 'An IANA time zone, kept by name exactly as sent' }),
    // checked, with the windows, by the service (parseHours): every problem at its path
    Allow(),
  );

const WeeklyField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: [WeeklyWindowDto],
      maxItems: SCHEDULE_LIMITS.weeklyMax,
      description: 'Open windows per weekday, in the order sent; windows of one day may touch but not overlap',
      ...(kind === 'full' ? { default: [] } : {}),
    }),
    Allow(),
  );

const ExceptionsField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: [ScheduleExceptionDto],
      maxItems: SCHEDULE_LIMITS.exceptionsMax,
      description: 'Dates whose windows replace the weekly ones (holidays, special openings); dates unique',
      ...(kind === 'full' ? { default: [] } : {}),
    }),
    Allow(),
  );

/** A whole schedule (POST, PUT): omitted `weekly` and `exceptions` are `[]`. */
export class ScheduleInputDto {
  @NameField('full') name: string;
  @TimeZoneField('full') timeZone: string;
  @WeeklyField('full') weekly?: WeeklyWindowDto[];
  @ExceptionsField('full') exceptions?: ScheduleExceptionDto[];
}

/** Any subset of a schedule's fields (PATCH); arrays replace the stored ones whole. */
export class SchedulePatchDto {
  @NameField('partial') name?: string;
  @TimeZoneField('partial') timeZone?: string;
  @WeeklyField('partial') weekly?: WeeklyWindowDto[];
  @ExceptionsField('partial') exceptions?: ScheduleExceptionDto[];
}

/** A saved schedule, as every schedule route answers it. */
export class ScheduleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: SCHEDULE_LIMITS.nameMax }) name: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ type: [WeeklyWindowDto] }) weekly: WeeklyWindowDto[];
  @ApiProperty({ type: [ScheduleExceptionDto] }) exceptions: ScheduleExceptionDto[];
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Starts at 1, +1 on every change; the ETag is `"<version>"`' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ScheduleListDto extends PageDto {
  @ApiProperty({ type: [ScheduleDto] }) items: ScheduleDto[];
}

export class ListSchedulesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: SCHEDULE_SORT_VALUES,
    default: 'name',
    description: 'Sort field, `-` for descending; name sorts case-insensitively, ties by id',
  })
  @OptionalNotNull()
  @IsIn(SCHEDULE_SORT_VALUES, { message: `sort must be one of: ${SCHEDULE_SORT_VALUES.join(', ')}` })
  sort?: string;

  @ApiPropertyOptional({ maxLength: MAX_NAME_QUERY_LENGTH, description: 'Name contains this text (case-insensitive, literally)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(MAX_NAME_QUERY_LENGTH)
  q?: string;
}

export class ScheduleStatusQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-03-29T01:30:00Z', description: 'The moment to ask about, with `Z` or an offset; default now' })
  @OptionalNotNull()
  @IsInstant()
  at?: string;
}

export class ScheduleStatusDto {
  @ApiProperty({ description: 'Whether the schedule is open at `at`' }) open: boolean;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When it next opens or closes (UTC); null when it never changes again' })
  nextChangeAt: string | null;
}
