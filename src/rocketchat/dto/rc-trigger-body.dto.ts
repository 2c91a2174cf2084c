import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsBoolean, IsIn, IsNumber, IsOptional, IsString, ValidateBy } from 'class-validator';
import { CONDITION_NAMES } from '../../conditions';
import { NestedObject, NestedUnionArray } from '../../common/validation/nested.decorators';
import { UnknownActionDto } from '../../triggers/dto/action.dto';
import { SENDER_TYPES } from '../../triggers/model/trigger.types';

/**
 * Rocket.Chat's `POST livechat/triggers` schema (ROCKETCHAT.md §2.4): every field required,
 * at least one condition and one action, a value on every condition, no unknown property at
 * any level. Types are strict (Rocket.Chat's ajv coerces, which its tests never rely on).
 * The native model's own rules run afterwards, on the mapped trigger.
 */

/** No upper bound here: the native model's bounds apply to the mapped trigger. */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** A nullable, optional object checked against `type` (Rocket.Chat's `params: object, nullable`). */
function OptionalParams(type: new () => object): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type, nullable: true }),
    IsOptional(),
    NestedObject(type, 'params'),
    // null means "not given". class-transformer runs the transforms of a property last
    // registered first, so this one runs before NestedObject's (which refuses null)
    Transform(({ value }: { value: unknown }) => (value === null ? undefined : value)),
  );
}

const IsConditionValue = () =>
  ValidateBy({
    name: 'isRcConditionValue',
    validator: {
      validate: (value: unknown) => value === null || typeof value === 'string' || typeof value === 'number',
      defaultMessage: () => "must have required property 'value' (a string, or null)",
    },
  });

export class RcConditionDto {
  @ApiProperty({ enum: CONDITION_NAMES })
  @IsIn(CONDITION_NAMES, { message: `name must be one of: ${CONDITION_NAMES.join(', ')}` })
  name: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'page-url: a regex; time-on-site: seconds ("5"); the edge conditions: "" (accepted and dropped)',
  })
  @IsConditionValue()
  value: string | number | null;
}

export class RcSendMessageParamsDto {
  @ApiProperty({ enum: SENDER_TYPES }) @IsIn(SENDER_TYPES, { message: `sender must be one of: ${SENDER_TYPES.join(', ')}` }) sender: string;
  @ApiProperty() @IsString() msg: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() name?: string | null;
}

export class RcExternalServiceParamsDto {
  @ApiPropertyOptional({ enum: SENDER_TYPES })
  @IsOptional()
  @IsIn(SENDER_TYPES, { message: `sender must be one of: ${SENDER_TYPES.join(', ')}` })
  sender?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() name?: string | null;
  @ApiProperty({ example: 'https://crm.example.com/livechat' }) @IsString() serviceUrl: string;
  @ApiProperty({ example: 5000, description: 'Milliseconds' }) @IsNumber() serviceTimeout: number;
  @ApiProperty() @IsString() serviceFallbackMessage: string;
}

export class RcSendMessageActionDto {
  @ApiProperty({ enum: ['send-message'] }) @Equals('send-message') name: 'send-message';
  @OptionalParams(RcSendMessageParamsDto) params?: RcSendMessageParamsDto;
}

export class RcExternalServiceActionDto {
  @ApiProperty({ enum: ['use-external-service'] }) @Equals('use-external-service') name: 'use-external-service';
  @OptionalParams(RcExternalServiceParamsDto) params?: RcExternalServiceParamsDto;
}

const ACTION_VARIANTS = { 'send-message': RcSendMessageActionDto, 'use-external-service': RcExternalServiceActionDto };
const CONDITION_VARIANTS = Object.fromEntries(CONDITION_NAMES.map((name) => [name, RcConditionDto]));

@ApiExtraModels(RcSendMessageActionDto, RcExternalServiceActionDto)
export class RcTriggerBodyDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Given: update that trigger (an unknown id changes nothing); absent: create' })
  @IsOptional()
  @IsString()
  _id?: string | null;

  @ApiProperty() @IsString() name: string;
  @ApiProperty() @IsString() description: string;
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiProperty() @IsBoolean() runOnce: boolean;

  @ApiProperty({ type: [RcConditionDto], minItems: 1 })
  @NestedUnionArray({ label: 'conditions', minItems: 1, maxItems: UNBOUNDED, discriminator: 'name', variants: CONDITION_VARIANTS, fallback: RcConditionDto })
  conditions: RcConditionDto[];

  @ApiProperty({
    type: 'array',
    minItems: 1,
    items: {
      oneOf: [{ $ref: getSchemaPath(RcSendMessageActionDto) }, { $ref: getSchemaPath(RcExternalServiceActionDto) }],
      discriminator: {
        propertyName: 'name',
        mapping: { 'send-message': getSchemaPath(RcSendMessageActionDto), 'use-external-service': getSchemaPath(RcExternalServiceActionDto) },
      },
    },
  })
  @NestedUnionArray({ label: 'actions', minItems: 1, maxItems: UNBOUNDED, discriminator: 'name', variants: ACTION_VARIANTS, fallback: UnknownActionDto })
  actions: (RcSendMessageActionDto | RcExternalServiceActionDto)[];
}
