import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MessageDto } from './event-response.dto';
import { IsVisitorMetadata } from './visitor-metadata.validator';

export class ExternalCallRequestDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', maxLength: 1024 }, description: "Merged into the visitor's metadata first" })
  @IsOptional()
  @IsVisitorMetadata()
  metadata?: Record<string, string>;
}

export class ExternalCallResponseDto {
  @ApiProperty({ format: 'uuid' }) triggerId: string;
  @ApiProperty({ enum: ['external', 'fallback'] }) source: 'external' | 'fallback';
  @ApiProperty({ type: [MessageDto] }) messages: MessageDto[];
  @ApiPropertyOptional({ enum: ['error-timeout', 'error-invalid-external-service-response', 'secret-token-not-configured'] }) error?: string;
  @ApiPropertyOptional({ example: 'http-status' }) reason?: string;
}
