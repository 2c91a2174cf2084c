import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/access.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { LivechatSettingsDto, LivechatSettingsInputDto } from './livechat-settings.dto';
import { LivechatSettingsService } from './livechat-settings.service';

@ApiTags('rocketchat')
@Controller('v1/settings/livechat')
export class LivechatSettingsController {
  constructor(private readonly settings: LivechatSettingsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Rocket.Chat widget settings: enabled, title, colour, forms, language (used only by /api/v1/livechat/config)' })
  @ApiOkResponse({ type: LivechatSettingsDto })
  read(): Promise<LivechatSettingsDto> {
    return this.settings.read();
  }

  @Put()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Replace the Rocket.Chat widget settings (omitted fields take their defaults)' })
  @ApiOkResponse({ type: LivechatSettingsDto })
  @ApiProblemResponses(400)
  replace(@Body() body: LivechatSettingsInputDto): Promise<LivechatSettingsDto> {
    return this.settings.replace(body);
  }
}
