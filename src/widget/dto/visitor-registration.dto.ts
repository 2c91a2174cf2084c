import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsVisitorMetadata } from './visitor-metadata.validator';

export class VisitorRegistrationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Morgan' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 254, example: 'morgan@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'A department id (unknown → 400)' })
  @IsOptional()
  @IsUUID()
  department?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', maxLength: 1024 }, example: { plan: 'pro' } })
  @IsOptional()
  @IsVisitorMetadata()
  metadata?: Record<string, string>;
}
