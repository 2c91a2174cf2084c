import { Body, Controller, Get, HttpCode, Options, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/access.decorator';
import { WidgetRoute } from '../common/http/widget-route.decorator';
import { ApiRcFailures } from './dto/rc-failure.dto';
import { RcAgentNextQueryDto, RcCallDto, RcConfigQueryDto } from './dto/rc-requests.dto';
import { RcAgentNextDto, RcConfigDto, RcExternalFailureDto, RcExternalSuccessDto } from './dto/rc-responses.dto';
import type { RcConfig } from './rocketchat-config.mapper';
import type { RcExternalAnswer } from './rocketchat-external.mapper';
import { answered } from './rocketchat-triggers.controller';
import { RocketChatWidgetService } from './rocketchat-widget.service';

/** Rocket.Chat's public routes the livechat widget calls (CORS and rate limits as on the native widget routes). */
@ApiTags('rocketchat')
@Public()
@ApiRcFailures(400, 429)
@Controller('api/v1/livechat')
export class RocketChatWidgetController {
  constructor(private readonly widget: RocketChatWidgetService) {}

  @Get('config')
  @WidgetRoute()
  @ApiOperation({ summary: 'Widget config: the enabled triggers as `{_id, actions, conditions, runOnce}`' })
  @ApiOkResponse({ type: RcConfigDto })
  config(@Query() _query: RcConfigQueryDto): Promise<RcConfig> {
    return this.widget.config();
  }

  @Get('agent.next/:token')
  @WidgetRoute()
  @ApiOperation({ summary: "The visitor's next agent from the queue (records a pick; sticky per visitor); known visitors only" })
  @ApiOkResponse({ type: RcAgentNextDto })
  async nextAgent(@Param('token') token: string, @Query() query: RcAgentNextQueryDto): Promise<RcAgentNextDto> {
    return { agent: await this.widget.nextAgent(token, query.department), success: true };
  }

  @Post('triggers/:_id/external-service/call')
  @HttpCode(200)
  @WidgetRoute({ limitPerVisitor: true })
  @ApiOperation({ summary: "Fetch one trigger's external-service messages for a known visitor; a failed call answers 400" })
  @ApiOkResponse({ type: RcExternalSuccessDto })
  @ApiBadRequestResponse({ type: RcExternalFailureDto, description: 'The call failed, no secret token is set, or the request was refused' })
  async call(@Param('_id') id: string, @Body() body: RcCallDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RcExternalAnswer> {
    return answered(reply, await this.widget.call(id, body));
  }

  /** The preflights of the routes above: `@fastify/cors` answers them from this route's declaration before the handler runs. */
  @Options(['config', 'agent.next/:token', 'triggers/:_id/external-service/call'])
  @WidgetRoute({ rateLimited: false })
  @ApiExcludeEndpoint()
  preflight(): void {}
}
