import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy, ValidateIf } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { PROACTIVE_LIMITS } from './proactive-settings';

const DESCRIPTIONS = {
  maxPerVisit: 'At most this many proactive firings per visit',
  maxPerDay: 'At most this many proactive firings per UTC calendar day',
  minGapSeconds: 'At least this many seconds between two events that fire proactively',
  snoozeAfterDismissSeconds: 'Nothing fires proactively for this many seconds after the visitor dismisses a message',
} as const;

/** A non-negative integer up to the field's limit, or null (no limit); omitted in a PUT: null. */
const LimitField = (field: keyof typeof PROACTIVE_LIMITS) =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      nullable: true,
      minimum: 0,
      maximum: PROACTIVE_LIMITS[field],
      default: null,
      description: `${DESCRIPTIONS[field]}; null: no limit`,
    }),
    ValidateIf((_object, value) => value !== undefined && value !== null),
    ValidateBy({
      name: 'proactiveLimit',
      validator: {
        validate: (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= PROACTIVE_LIMITS[field],
        defaultMessage: () => `${field} must be an integer from 0 to ${PROACTIVE_LIMITS[field]}, or null`,
      },
    }),
  );

/** `PUT /v1/settings/proactive`: replaces the settings; omitted fields are null (no limit). */
export class ProactiveSettingsInputDto {
  @LimitField('maxPerVisit') maxPerVisit?: number | null;
  @LimitField('maxPerDay') maxPerDay?: number | null;
  @LimitField('minGapSeconds') minGapSeconds?: number | null;
  @LimitField('snoozeAfterDismissSeconds') snoozeAfterDismissSeconds?: number | null;
}

const Answer = (field: keyof typeof PROACTIVE_LIMITS, example: number | null) =>
  ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: PROACTIVE_LIMITS[field],
    example,
    description: `${DESCRIPTIONS[field]}; null: no limit`,
  });

export class ProactiveSettingsDto {
  @Answer('maxPerVisit', 2) maxPerVisit: number | null;
  @Answer('maxPerDay', 5) maxPerDay: number | null;
  @Answer('minGapSeconds', 60) minGapSeconds: number | null;
  @Answer('snoozeAfterDismissSeconds', 600) snoozeAfterDismissSeconds: number | null;
}
