import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** Rocket.Chat's error envelope. */
export class RcFailureDto {
  @ApiProperty({ enum: [false] }) success: false;
  @ApiProperty({ example: 'conditions: conditions must have at least 1 item [invalid-params]' }) error: string;
  @ApiPropertyOptional({ example: 'invalid-params', description: 'The code, when the error has one' }) errorType?: string;
  @ApiPropertyOptional({ enum: ['error'], description: '401 only (Rocket.Chat keeps it for compatibility)' }) status?: string;
  @ApiPropertyOptional({ description: '401 only, same text as `error`' }) message?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid params (`errorType: "invalid-params"`) or a business error',
  401: 'Missing X-User-Id, or X-Auth-Token is not an API key',
  403: 'A viewer key (a user without view-livechat-manager)',
  429: 'Rate limit exceeded (see Retry-After)',
};

/** Documents Rocket.Chat-envelope error responses (never problem+json on this surface). */
export function ApiRcFailures(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(RcFailureDto),
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: { $ref: getSchemaPath(RcFailureDto) } } } }),
    ),
  );
}
