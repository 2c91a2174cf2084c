import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, Equals, IsIn } from 'class-validator';
import { CONDITION_NAMES, MAX_PATTERN_LENGTH, MAX_TIME_ON_SITE_SECONDS } from '../../conditions';
import { IsConditionValue } from './condition-value.validator';

export class PageUrlConditionDto {
  @ApiProperty({ enum: ['page-url'] })
  @Equals('page-url')
  name: 'page-url';

  @ApiProperty({
    description: 'RE2 regular expression tested unanchored against the page URL (`.*/contact` matches `https://xyz.com/contact`)',
    minLength: 1,
    maxLength: MAX_PATTERN_LENGTH,
    example: '.*/contact',
  })
  @IsConditionValue('page-url')
  value: string;
}

export class TimeOnSiteConditionDto {
  @ApiProperty({ enum: ['time-on-site'] })
  @Equals('time-on-site')
  name: 'time-on-site';

  @ApiProperty({
    description: 'Seconds on site; a numeric string is accepted and stored as a number',
    oneOf: [
      { type: 'integer', minimum: 0, maximum: MAX_TIME_ON_SITE_SECONDS },
      { type: 'string', pattern: '^\\d{1,6}$' },
    ],
    example: 30,
  })
  @IsConditionValue('time-on-site')
  value: number | string;
}

export class ChatOpenedByVisitorConditionDto {
  @ApiProperty({ enum: ['chat-opened-by-visitor'] })
  @Equals('chat-opened-by-visitor')
  name: 'chat-opened-by-visitor';

  @ApiPropertyOptional({ type: 'string', nullable: true, enum: ['', null], description: 'No value: `null`, `""` or left out (stored as `null`)' })
  @IsConditionValue('chat-opened-by-visitor')
  value?: null | '';
}

export class AfterGuestRegistrationConditionDto {
  @ApiProperty({ enum: ['after-guest-registration'] })
  @Equals('after-guest-registration')
  name: 'after-guest-registration';

  @ApiPropertyOptional({ type: 'string', nullable: true, enum: ['', null], description: 'No value: `null`, `""` or left out (stored as `null`)' })
  @IsConditionValue('after-guest-registration')
  value?: null | '';
}

/** A condition whose `name` is missing or unknown: the only error reported is about the name. */
export class UnknownConditionDto {
  @IsIn(CONDITION_NAMES, { message: `name must be one of: ${CONDITION_NAMES.join(', ')}` })
  name: unknown;

  @Allow()
  value?: unknown;
}

export const CONDITION_VARIANTS = {
  'page-url': PageUrlConditionDto,
  'time-on-site': TimeOnSiteConditionDto,
  'chat-opened-by-visitor': ChatOpenedByVisitorConditionDto,
  'after-guest-registration': AfterGuestRegistrationConditionDto,
} as const;

export type ConditionDto = InstanceType<(typeof CONDITION_VARIANTS)[keyof typeof CONDITION_VARIANTS]>;
