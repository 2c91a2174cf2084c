/** Rocket.Chat's four conditions as OpenAPI documents them; parseConditions checks them (with the rules and groups). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PATTERN_LENGTH, MAX_TIME_ON_SITE_SECONDS } from '../../conditions';

export class PageUrlConditionDto {
  @ApiProperty({ enum: ['page-url'] })
  name: 'page-url';

  @ApiProperty({
    description: 'RE2 regular expression tested unanchored against the page URL (`.*/contact` matches `https://xyz.com/contact`)',
    minLength: 1,
    maxLength: MAX_PATTERN_LENGTH,
    example: '.*/contact',
  })
  value: string;
}

export class TimeOnSiteConditionDto {
  @ApiProperty({ enum: ['time-on-site'] })
  name: 'time-on-site';

  @ApiProperty({
    description: 'Seconds on site; a numeric string is accepted and stored as a number',
    oneOf: [
      { type: 'integer', minimum: 0, maximum: MAX_TIME_ON_SITE_SECONDS },
      { type: 'string', pattern: '^\\d{1,6}$' },
    ],
    example: 30,
  })
  value: number | string;
}

export class ChatOpenedByVisitorConditionDto {
  @ApiProperty({ enum: ['chat-opened-by-visitor'] })
  name: 'chat-opened-by-visitor';

  @ApiPropertyOptional({ type: 'string', nullable: true, enum: ['', null], description: 'No value: `null`, `""` or left out (stored as `null`)' })
  value?: null | '';
}

export class AfterGuestRegistrationConditionDto {
  @ApiProperty({ enum: ['after-guest-registration'] })
  name: 'after-guest-registration';

  @ApiPropertyOptional({ type: 'string', nullable: true, enum: ['', null], description: 'No value: `null`, `""` or left out (stored as `null`)' })
  value?: null | '';
}

export const CONDITION_VARIANTS = {
  'page-url': PageUrlConditionDto,
  'time-on-site': TimeOnSiteConditionDto,
  'chat-opened-by-visitor': ChatOpenedByVisitorConditionDto,
  'after-guest-registration': AfterGuestRegistrationConditionDto,
} as const;

export type ConditionDto = InstanceType<(typeof CONDITION_VARIANTS)[keyof typeof CONDITION_VARIANTS]>;
