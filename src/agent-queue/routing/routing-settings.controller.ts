import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/access.decorator';
import { ApiProblemResponses } from '../../common/openapi/api-problem-responses.decorator';
import { RoutingSettingsDto, RoutingSettingsInputDto } from './routing-settings.dto';
import { RoutingSettingsService } from './routing-settings.service';

@ApiTags('routing')
@Controller('v1/settings/routing')
export class RoutingSettingsController {
  constructor(private readonly settings: RoutingSettingsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Routing settings: method, away agents, fire without agent, fallback sender name, hide when offline' })
  @ApiOkResponse({ type: RoutingSettingsDto })
  read(): Promise<RoutingSettingsDto> {
    return this.settings.read();
  }

  @Put()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Replace the routing settings (omitted fields take their defaults)' })
  @ApiOkResponse({ type: RoutingSettingsDto })
  @ApiProblemResponses(400)
  replace(@Body() body: RoutingSettingsInputDto): Promise<RoutingSettingsDto> {
    return this.settings.replace(body);
  }
}
