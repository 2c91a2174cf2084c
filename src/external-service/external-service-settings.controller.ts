import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/access.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ExternalServiceSettingsDto, UpdateExternalServiceSettingsDto } from './dto/external-service-settings.dto';
import { SecretTokenStore } from './secret-token.store';

@ApiTags('external-service')
@Controller('v1/settings/external-service')
export class ExternalServiceSettingsController {
  constructor(private readonly secretToken: SecretTokenStore) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Whether the external-service secret token is set (never the token)' })
  @ApiOkResponse({ type: ExternalServiceSettingsDto })
  read(): Promise<ExternalServiceSettingsDto> {
    return this.secretToken.status();
  }

  @Put()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Set the secret token (write-only, encrypted at rest), or clear it with null' })
  @ApiOkResponse({ type: ExternalServiceSettingsDto })
  @ApiProblemResponses(400)
  replace(@Body() body: UpdateExternalServiceSettingsDto): Promise<ExternalServiceSettingsDto> {
    return this.secretToken.replace(body.secretToken);
  }
}
