import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ApiDiscriminatedArray } from '../../common/openapi/api-discriminated-array';
import { NestedUnionArray, ValidateByFieldErrors } from '../../common/validation/nested.decorators';
import { parseConditions } from '../../conditions';
import { FREQUENCY_LIMITS, FREQUENCY_PERIODS, type FrequencyPeriod } from '../../evaluation/limits';
import { frequencyProblems } from '../model/frequency';
import { IsInstant } from '../../common/validation/instant';
import { OptionalNotNull } from '../../common/validation/optional-not-null.decorator';
import { TRIGGER_DEFAULTS, TRIGGER_LIMITS } from '../model/trigger-limits';
import { MATCH_MODES } from '../model/trigger.types';
import { ACTION_VARIANTS, UnknownActionDto } from './action.dto';
import { CONDITION_VARIANTS } from './condition.dto';
import { conditionListSchema, TOP_LEVEL_CONDITIONS } from './condition-schemas';

/**
 * One decorator per trigger field, shared by the full body (create, replace) and the
 * partial one (PATCH). `full`: the required fields must be there and omitted optional
 * fields take their (documented) defaults; `partial`: every field may be left out.
 */
export type BodyKind = 'full' | 'partial';

const L = TRIGGER_LIMITS;
const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

function presence(kind: BodyKind, requiredInFull: boolean): PropertyDecorator[] {
  return kind === 'full' && requiredInFull ? [] : [OptionalNotNull()];
}

function defaultOf(kind: BodyKind, value: unknown): { default?: unknown } {
  return kind === 'full' ? { default: value } : {};
}

export const NameField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({
      required: kind === 'full',
      minLength: 1,
      maxLength: L.nameMaxLength,
      description: 'Trimmed; unique, case-insensitive',
      example: 'Contact page hello',
    }),
    ...presence(kind, true),
    trim,
    IsString(),
    Length(1, L.nameMaxLength, { message: `name must be 1 to ${L.nameMaxLength} characters (after trimming)` }),
  );

export const DescriptionField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({ required: false, maxLength: L.descriptionMaxLength, ...defaultOf(kind, TRIGGER_DEFAULTS.description) }),
    ...presence(kind, false),
    IsString(),
    MaxLength(L.descriptionMaxLength),
  );

export const FlagField = (kind: BodyKind, fallback: boolean, description: string) =>
  applyDecorators(ApiProperty({ required: false, description, ...defaultOf(kind, fallback) }), ...presence(kind, false), IsBoolean());

export const PriorityField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: 'integer',
      minimum: L.priorityMin,
      maximum: L.priorityMax,
      description: 'Lower fires first; ties by name',
      ...defaultOf(kind, TRIGGER_DEFAULTS.priority),
    }),
    ...presence(kind, false),
    IsInt(),
    Min(L.priorityMin),
    Max(L.priorityMax),
  );

export const MatchField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({ required: false, enum: MATCH_MODES, description: 'How the conditions combine', ...defaultOf(kind, TRIGGER_DEFAULTS.match) }),
    ...presence(kind, false),
    IsIn(MATCH_MODES, { message: `match must be one of: ${MATCH_MODES.join(', ')}` }),
  );

/** A bounded array of a tagged union keyed on `name`, each item checked against its own variant. */
function UnionArrayField(
  kind: BodyKind,
  label: string,
  variants: Record<string, new () => object>,
  fallback: new () => object,
  [min, max]: readonly [number, number],
  description: string,
) {
  return applyDecorators(
    ApiDiscriminatedArray({ property: 'name', variants, required: kind === 'full', minItems: min, maxItems: max, description }),
    ...presence(kind, true),
    NestedUnionArray({ label, minItems: min, maxItems: max, discriminator: 'name', variants, fallback }),
  );
}

/** How a trigger's conditions are documented (bodies and answers): Rocket.Chat's conditions, rules and groups (DESIGN §11, §16). */
export const ConditionsSchema = (kind: BodyKind) =>
  applyDecorators(
    (prototype: object) => {
      ApiExtraModels(...Object.values(CONDITION_VARIANTS))(prototype.constructor);
    },
    ApiProperty({
      ...conditionListSchema(TOP_LEVEL_CONDITIONS.min, TOP_LEVEL_CONDITIONS.max, 'Combined by `match`; at most 20 rules and conditions in all'),
      required: kind === 'full',
    }),
  );

/** A body's conditions, checked by parseConditions with every problem at its path. */
export const ConditionsField = (kind: BodyKind) =>
  applyDecorators(
    ConditionsSchema(kind),
    ...presence(kind, true),
    ValidateByFieldErrors((value) => parseConditions(value, '').problems),
  );

export const ActionsField = (kind: BodyKind) =>
  UnionArrayField(kind, 'actions', ACTION_VARIANTS, UnknownActionDto, [L.actionsMin, L.actionsMax], 'Run in order');

/** `activeFrom` / `activeUntil` (DESIGN §13, §16): an instant with `Z` or an offset, or null; answered in UTC. */
export const ActiveSpanField = (kind: BodyKind, end: 'from' | 'until') =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: 'string',
      format: 'date-time',
      nullable: true,
      example: end === 'from' ? '2026-12-01T00:00:00+01:00' : '2027-01-01T00:00:00+01:00',
      description:
        end === 'from'
          ? 'The trigger fires from this instant on (inclusive); null: no start. With Z or an offset; answered in UTC'
          : 'The trigger fires only before this instant (exclusive), which must be after activeFrom; null: no end',
      ...defaultOf(kind, null),
    }),
    ValidateIf((_object, value) => value !== undefined && value !== null),
    IsInstant(),
  );

/** How often a trigger may fire for one visitor (DESIGN §14). */
export class FrequencyDto {
  @ApiProperty({ type: 'integer', minimum: FREQUENCY_LIMITS.max.min, maximum: FREQUENCY_LIMITS.max.max, example: 3 }) max: number;
  @ApiProperty({ enum: FREQUENCY_PERIODS, description: '`visit`, UTC calendar `day`, or `visitor` (ever)', example: 'day' }) per: FrequencyPeriod;
  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: FREQUENCY_LIMITS.cooldownSeconds.min,
    maximum: FREQUENCY_LIMITS.cooldownSeconds.max,
    default: 0,
    description: 'Never fires again within this many seconds of its previous firing for the visitor',
  })
  cooldownSeconds?: number;
}

/** `frequency`: null (no limit beyond `runOnce`) or {max, per, cooldownSeconds}; refused with `runOnce: true`. */
export const FrequencyField = (kind: BodyKind) =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: FrequencyDto,
      nullable: true,
      description:
        'At most `max` firings per visitor per `per`, `cooldownSeconds` apart; null: every time its conditions hold (or once, with runOnce). Not with runOnce: true',
      ...defaultOf(kind, null),
    }),
    ValidateByFieldErrors(frequencyProblems),
  );
