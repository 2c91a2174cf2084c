import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RC_CONDITION_NAMES } from '../rc-expressible';

class RcSuccessFlag {
  @ApiProperty({ enum: [true] }) success: true;
}

export class RcSuccessDto extends RcSuccessFlag {}

export class RcConditionDocDto {
  @ApiProperty({ enum: RC_CONDITION_NAMES }) name: string;
  @ApiProperty({ description: 'Always a string, as Rocket.Chat stores it: "5" for time on site, "" for the edge conditions' }) value: string;
}

export class RcActionDocDto {
  @ApiProperty({ enum: ['send-message', 'use-external-service'] }) name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '`{sender, name, msg}` or `{sender, name, serviceUrl, serviceTimeout, serviceFallbackMessage}`',
  })
  params: Record<string, unknown>;
}

/** Rocket.Chat's `ILivechatTrigger`. */
export class RcTriggerDto {
  @ApiProperty({ description: 'The native trigger id (a uuid)' }) _id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty() runOnce: boolean;
  @ApiProperty({ type: [RcConditionDocDto] }) conditions: RcConditionDocDto[];
  @ApiProperty({ type: [RcActionDocDto] }) actions: RcActionDocDto[];
  @ApiProperty({ format: 'date-time' }) _updatedAt: string;
}

export class RcTriggerListDto extends RcSuccessFlag {
  @ApiProperty({ type: [RcTriggerDto] }) triggers: RcTriggerDto[];
  @ApiProperty({ description: 'Triggers in this page' }) count: number;
  @ApiProperty() offset: number;
  @ApiProperty({ description: 'All triggers' }) total: number;
}

export class RcTriggerResultDto extends RcSuccessFlag {
  @ApiProperty({ type: RcTriggerDto, nullable: true, description: 'null for an unknown id' }) trigger: RcTriggerDto | null;
}

export class RcExternalMessageDto {
  @ApiProperty() msg: string;
  @ApiProperty() order: number;
}

export class RcExternalResponseDto {
  @ApiProperty({ example: 200 }) statusCode: number;
  @ApiProperty({ type: [RcExternalMessageDto] }) contents: RcExternalMessageDto[];
}

export class RcExternalSuccessDto extends RcSuccessFlag {
  @ApiProperty({ example: 'test-trigger' }) triggerId: string;
  @ApiProperty({ type: RcExternalResponseDto }) response: RcExternalResponseDto;
}

export class RcExternalFailureDto {
  @ApiProperty({ enum: [false] }) success: false;
  @ApiPropertyOptional({ example: 'test-trigger' }) triggerId?: string;
  @ApiProperty({ enum: ['error-timeout', 'error-invalid-external-service-response', 'Livechat secret token is not configured'] }) error: string;
  @ApiPropertyOptional({ example: 'HTTP 500', description: "A short text of ours, never the service's own body" }) response?: string;
  @ApiPropertyOptional() fallbackMessage?: string;
}

export class RcConfigActionDto {
  @ApiProperty({ enum: ['send-message', 'use-external-service'] }) name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '`{sender, name?, msg?}`: never a service URL, timeout or fallback' })
  params: Record<string, unknown>;
}

export class RcConfigTriggerDto {
  @ApiProperty() _id: string;
  @ApiProperty({ type: [RcConfigActionDto] }) actions: RcConfigActionDto[];
  @ApiProperty({ type: [RcConditionDocDto] }) conditions: RcConditionDocDto[];
  @ApiProperty() runOnce: boolean;
}

export class RcGuestDto {
  @ApiProperty({ description: 'The visitor token' }) _id: string;
  @ApiProperty() token: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { address: { type: 'string' } } } }) visitorEmails?: { address: string }[];
  @ApiPropertyOptional({ description: 'A department id' }) department?: string;
}

export class RcConfigDepartmentDto {
  @ApiProperty() _id: string;
  @ApiProperty() name: string;
  @ApiProperty() showOnRegistration: boolean;
  @ApiProperty() showOnOfflineForm: boolean;
  @ApiProperty({ type: [String], example: [] }) departmentsAllowedToForward: string[];
}

const ROCKET_CHAT_OBJECT = { type: 'object', additionalProperties: true } as const;

export class RcConfigBodyDto {
  @ApiProperty({ description: 'false (the livechat settings, or Rocket.Chat upstream): the only key' }) enabled: boolean;
  @ApiPropertyOptional({ ...ROCKET_CHAT_OBJECT, description: "Rocket.Chat's widget settings (registrationForm, displayOfflineForm, language, …)" })
  settings?: Record<string, unknown>;
  @ApiPropertyOptional({ ...ROCKET_CHAT_OBJECT, description: 'title, color, offlineTitle, offlineColor, position, actionLinks' }) theme?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ ...ROCKET_CHAT_OBJECT, description: "Rocket.Chat's widget texts (offline and registration messages)" }) messages?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ ...ROCKET_CHAT_OBJECT, description: '{items, values}' }) survey?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [RcConfigTriggerDto], description: "Enabled triggers Rocket.Chat's model can express, in firing order" })
  triggers?: RcConfigTriggerDto[];
  @ApiPropertyOptional({ type: [RcConfigDepartmentDto], description: 'Enabled departments with members' }) departments?: RcConfigDepartmentDto[];
  @ApiPropertyOptional({ ...ROCKET_CHAT_OBJECT, description: '{sound, emojis}' }) resources?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'An agent is available (in ?department= when given)' }) online?: boolean;
  @ApiPropertyOptional({ type: RcGuestDto, description: 'Only for a registered visitor named by ?token=' }) guest?: RcGuestDto;
}

export class RcConfigDto extends RcSuccessFlag {
  @ApiProperty({ type: RcConfigBodyDto }) config: RcConfigBodyDto;
}

export class RcAgentDto {
  @ApiProperty({ description: 'The username (agents are keyed by username here)' }) _id: string;
  @ApiProperty() username: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['online', 'away', 'offline'] }) status: string;
}

export class RcAgentNextDto extends RcSuccessFlag {
  @ApiProperty({ type: RcAgentDto }) agent: RcAgentDto;
}
