import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_LENGTH } from '../../conditions/language-tag';
import { IsLanguageTag } from './language-tag.validator';
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

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_LANGUAGE_TAG_LENGTH,
    pattern: LANGUAGE_TAG_PATTERN.source,
    description: "The visitor's language (BCP 47), used when an event sends none; `null` clears it, left out keeps it",
    example: 'pt-BR',
  })
  @ValidateIf((_body, value) => value !== null && value !== undefined)
  @IsLanguageTag()
  language?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', maxLength: 1024 }, example: { plan: 'pro' } })
  @IsOptional()
  @IsVisitorMetadata()
  metadata?: Record<string, string>;
}
