import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, Equals, IsIn, IsInt, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { NestedObject } from '../../common/validation/nested.decorators';
import { OptionalNotNull } from '../../common/validation/optional-not-null.decorator';
import { TRIGGER_DEFAULTS, TRIGGER_LIMITS } from '../model/trigger-limits';
import { ACTION_NAMES, SENDER_TYPES, SenderType } from '../model/trigger.types';
import { IsSenderName, IsServiceUrl } from './action-params.validators';

const L = TRIGGER_LIMITS;

/** Who the message appears to come from. */
export class SenderParamsDto {
  @ApiPropertyOptional({
    enum: SENDER_TYPES,
    default: TRIGGER_DEFAULTS.sender,
    description: '`queue`: impersonate the next agent from the queue; `custom`: the sender named by `name`',
  })
  @OptionalNotNull()
  @IsIn(SENDER_TYPES, { message: `sender must be one of: ${SENDER_TYPES.join(', ')}` })
  sender?: SenderType;

  @ApiPropertyOptional({
    maxLength: L.senderNameMaxLength,
    description: "Required for a `custom` sender (an agent username gets that agent's profile); ignored and dropped for `queue`",
  })
  @IsSenderName()
  name?: string;
}

export class SendMessageParamsDto extends SenderParamsDto {
  @ApiProperty({ minLength: 1, maxLength: L.msgMaxLength, example: 'Hi! Need help?' })
  @IsString()
  @Length(1, L.msgMaxLength)
  msg: string;
}

export class UseExternalServiceParamsDto extends SenderParamsDto {
  @ApiProperty({
    format: 'uri',
    maxLength: L.serviceUrlMaxLength,
    description: 'Absolute http(s) URL without user name or password',
    example: 'https://crm.example.com/livechat',
  })
  @IsServiceUrl()
  serviceUrl: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: L.serviceTimeoutMin,
    maximum: L.serviceTimeoutMax,
    default: TRIGGER_DEFAULTS.serviceTimeout,
    description: 'Milliseconds',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(L.serviceTimeoutMin)
  @Max(L.serviceTimeoutMax)
  serviceTimeout?: number;

  @ApiPropertyOptional({
    maxLength: L.serviceFallbackMessageMaxLength,
    default: TRIGGER_DEFAULTS.serviceFallbackMessage,
    description: 'Shown when the call fails; empty: nothing is shown',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(L.serviceFallbackMessageMaxLength)
  serviceFallbackMessage?: string;
}

/** `params` is an object of the given class, checked field by field. */
function ParamsOf(type: new () => SenderParamsDto): PropertyDecorator {
  return applyDecorators(ApiProperty({ type }), NestedObject(type, 'params'));
}

export class SendMessageActionDto {
  @ApiProperty({ enum: ['send-message'] })
  @Equals('send-message')
  name: 'send-message';

  @ParamsOf(SendMessageParamsDto)
  params: SendMessageParamsDto;
}

export class UseExternalServiceActionDto {
  @ApiProperty({ enum: ['use-external-service'] })
  @Equals('use-external-service')
  name: 'use-external-service';

  @ParamsOf(UseExternalServiceParamsDto)
  params: UseExternalServiceParamsDto;
}

/** An action whose `name` is missing or unknown: the only error reported is about the name. */
export class UnknownActionDto {
  @IsIn(ACTION_NAMES, { message: `name must be one of: ${ACTION_NAMES.join(', ')}` })
  name: unknown;

  @Allow()
  params?: unknown;
}

export const ACTION_VARIANTS = {
  'send-message': SendMessageActionDto,
  'use-external-service': UseExternalServiceActionDto,
} as const;

export type ActionDto = SendMessageActionDto | UseExternalServiceActionDto;
