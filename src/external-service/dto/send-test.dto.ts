import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_METADATA_KEY_LENGTH, MAX_METADATA_KEYS, MAX_METADATA_VALUE_LENGTH } from '../../visitors/model/visitor-metadata';
import { EXTERNAL_ERROR_CODES, ExternalErrorCode, FAILURE_REASONS, FailureReason } from '../external-outcome';
import { MAX_SERVICE_URL_LENGTH } from '../service-url';
import { IsMetadataObject } from './metadata-object.validator';
import { IsServiceUrl } from './service-url.validator';

export class SendTestRequestDto {
  @ApiProperty({
    format: 'uri',
    maxLength: MAX_SERVICE_URL_LENGTH,
    example: 'https://crm.example.com/livechat/greeting',
    description: 'Absolute http(s) URL without user info',
  })
  @IsServiceUrl()
  serviceUrl: string;

  @ApiProperty({ minimum: 100, maximum: 30000, example: 5000, description: 'One deadline for the whole call, in milliseconds' })
  @IsInt()
  @Min(100)
  @Max(30000)
  serviceTimeout: number;

  @ApiPropertyOptional({
    maxLength: 5000,
    example: 'Hi! How can we help?',
    description: 'Accepted for parity with the trigger action; the test reports the outcome only',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  serviceFallbackMessage?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: MAX_METADATA_VALUE_LENGTH },
    maxProperties: MAX_METADATA_KEYS,
    example: { name: 'Morgan', plan: 'pro' },
    description: `Sample visitor metadata (≤ ${MAX_METADATA_KEYS} keys, key ≤ ${MAX_METADATA_KEY_LENGTH}, value ≤ ${MAX_METADATA_VALUE_LENGTH}), sent as \`[{key, value}]\` in key order`,
  })
  @IsOptional()
  @IsMetadataObject()
  metadata?: Record<string, string>;
}

export class ExternalMessageDto {
  @ApiProperty({ example: 'Welcome back, Morgan!' }) msg: string;
  @ApiProperty({ example: 1 }) order: number;
}

export class SendTestResultDto {
  @ApiProperty({ description: 'The service answered valid contents' }) ok: boolean;

  @ApiPropertyOptional({ example: 200, description: 'HTTP status the service answered, when it answered one' })
  statusCode?: number;

  @ApiPropertyOptional({ type: [ExternalMessageDto], description: 'The messages, sorted by order (on success)' })
  contents?: ExternalMessageDto[];

  @ApiPropertyOptional({ enum: EXTERNAL_ERROR_CODES, enumName: 'ExternalServiceError' })
  error?: ExternalErrorCode;

  @ApiPropertyOptional({ enum: FAILURE_REASONS, enumName: 'ExternalServiceFailureReason' })
  reason?: FailureReason;

  @ApiProperty({ example: 142, description: 'How long the call took, in milliseconds' })
  durationMs: number;
}
