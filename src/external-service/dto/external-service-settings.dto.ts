import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { SECRET_TOKEN_MAX_LENGTH } from '../secret-token-rules';

export class ExternalServiceSettingsDto {
  @ApiProperty({ description: 'Whether a secret token is set (the token itself is never returned)', example: true })
  secretTokenConfigured: boolean;
}

/** Visible ASCII with inner spaces: the token travels in an HTTP header (`X-RocketChat-Livechat-Token`). */
const HEADER_SAFE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export class UpdateExternalServiceSettingsDto {
  @ApiProperty({
    type: 'string',
    nullable: true,
    minLength: 1,
    maxLength: SECRET_TOKEN_MAX_LENGTH,
    writeOnly: true,
    description:
      'Shared secret sent to external services and used to sign their requests; write-only. ' +
      '`null` clears it. Visible ASCII characters (inner spaces allowed), since it is sent as a header.',
    example: 'change-me-to-a-long-random-string',
  })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(1, SECRET_TOKEN_MAX_LENGTH)
  @Matches(HEADER_SAFE, { message: 'secretToken must be visible ASCII characters (inner spaces allowed): it is sent as an HTTP header' })
  secretToken: string | null;
}
