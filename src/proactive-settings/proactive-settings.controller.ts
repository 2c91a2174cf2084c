import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/access.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ProactiveSettingsDto, ProactiveSettingsInputDto } from './proactive-settings.dto';
import { ProactiveSettingsService } from './proactive-settings.service';

@ApiTags('proactive')
@Controller('v1/settings/proactive')
export class ProactiveSettingsController {
  constructor(private readonly settings: ProactiveSettingsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The proactive budget: firings per visit and per UTC day, the gap between them, the snooze after a dismissal' })
  @ApiOkResponse({ type: ProactiveSettingsDto })
  read(): Promise<ProactiveSettingsDto> {
    return this.settings.read();
  }

  @Put()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Replace the proactive budget (omitted fields: null, no limit)' })
  @ApiOkResponse({ type: ProactiveSettingsDto })
  @ApiProblemResponses(400)
  replace(@Body() body: ProactiveSettingsInputDto): Promise<ProactiveSettingsDto> {
    return this.settings.replace(body);
  }
}
