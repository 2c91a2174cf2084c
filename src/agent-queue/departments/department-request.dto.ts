import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { USERNAME_PATTERN, USERNAME_RULE } from '../agents/agent';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsOmittable, QueryBoolean, Trim } from '../shared/field-decorators';

export const MAX_DEPARTMENT_MEMBERS = 1000;

const NameField = () => applyDecorators(Trim(), IsString(), Length(1, 100, { message: '$property must be 1 to 100 characters (after trimming)' }));
const ScheduleIdField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true, description }),
    ValidateIf((_object, value) => value !== undefined && value !== null),
    IsUUID('all', { message: '$property must be a schedule id (a UUID) or null' }),
  );
const FlagField = (description: string) => applyDecorators(ApiPropertyOptional({ type: Boolean, description }), IsOmittable(), IsBoolean());

/** `POST /v1/departments`. */
export class CreateDepartmentDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Sales', description: 'Unique, ignoring case' })
  @NameField()
  name: string;

  @FlagField('Routes to its members; default `true` (a disabled department routes to nobody)')
  enabled?: boolean;

  @FlagField('Offered on the registration form; default `true`')
  showOnRegistration?: boolean;

  @ScheduleIdField('The schedule it follows (while closed it has no available agent); default null: always open')
  scheduleId?: string | null;
}

/** `PATCH /v1/departments/{id}`: any subset. */
export class UpdateDepartmentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOmittable()
  @NameField()
  name?: string;

  @FlagField('Routes to its members (a disabled department routes to nobody)')
  enabled?: boolean;

  @FlagField('Offered on the registration form')
  showOnRegistration?: boolean;

  @ScheduleIdField('The schedule it follows (while closed it has no available agent); null: none')
  scheduleId?: string | null;
}

/** `PUT /v1/departments/{id}/agents`: exactly these agents become the members. */
export class DepartmentMembersDto {
  @ApiProperty({ type: [String], maxItems: MAX_DEPARTMENT_MEMBERS, example: ['morgan.lee', 'sam'] })
  @IsArray()
  @ArrayMaxSize(MAX_DEPARTMENT_MEMBERS)
  @IsString({ each: true })
  @Matches(USERNAME_PATTERN, { each: true, message: `each of $property ${USERNAME_RULE}` })
  usernames: string[];
}

export class DepartmentListQueryDto extends PageQueryDto {
  @QueryBoolean('Only enabled (true) or disabled (false) departments')
  enabled?: boolean;

  @QueryBoolean('Only departments offered (true) or not (false) on the registration form')
  showOnRegistration?: boolean;
}
