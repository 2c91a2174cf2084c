import { Body, Controller, Get, HttpCode, Options, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/access.decorator';
import { WidgetRoute } from '../common/http/widget-route.decorator';
import { ApiRcFailures } from './dto/rc-failure.dto';
import { RcAgentNextQueryDto, RcCallDto, RcConfigQueryDto, RcPageVisitedDto } from './dto/rc-requests.dto';
import { RcAgentNextDto, RcConfigDto, RcExternalFailureDto, RcExternalSuccessDto, RcSuccessDto } from './dto/rc-responses.dto';
import type { RcConfigAnswer } from './rocketchat-config.mapper';
import type { RcExternalAnswer } from './rocketchat-external.mapper';
import { answered } from './rocketchat-triggers.controller';
import { RocketChatWidgetService } from './rocketchat-widget.service';
import { VisitorTokenPipe } from '../widget/visitor-token.pipe';

/** Rocket.Chat's public routes the livechat widget calls (CORS and rate limits as on the native widget routes). */
@ApiTags('rocketchat')
@Public()
@ApiRcFailures(400, 429)
@Controller('api/v1/livechat')
export class RocketChatWidgetController {
  constructor(private readonly widget: RocketChatWidgetService) {}

  @Get('config')
  @WidgetRoute()
  @ApiOperation({
    summary: "Rocket.Chat's widget config: settings, theme, messages, departments, `online`, `guest` (registered visitors) and our triggers",
    description: "With ROCKETCHAT_URL, Rocket.Chat's own config with our triggers, online and guest in it (cached 1 s; the local answer when it fails)",
  })
  @ApiOkResponse({ type: RcConfigDto })
  config(@Query() query: RcConfigQueryDto): Promise<RcConfigAnswer> {
    return this.widget.config(query);
  }

  @Get('agent.next/:token')
  @WidgetRoute()
  @ApiOperation({
    summary: "The visitor's next agent from the queue (records a pick; sticky per visitor); any well-formed token (an unknown one stores the visitor)",
  })
  @ApiOkResponse({ type: RcAgentNextDto })
  async nextAgent(@Param('token', VisitorTokenPipe) token: string, @Query() query: RcAgentNextQueryDto): Promise<RcAgentNextDto> {
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

  /**
   * Rocket.Chat keeps a visitor's page history in the visitor's open room; there are no rooms
   * here, so it is checked and not kept, and answered as Rocket.Chat answers a visitor without
   * a room. Rocket.Chat's widget sends it on every page view and does not catch a failure.
   */
  @Post('page.visited')
  @HttpCode(200)
  @WidgetRoute()
  @ApiOperation({ summary: "Rocket.Chat's page history, sent by its widget on every page view: checked, not kept (no rooms here), answered {success: true}" })
  @ApiOkResponse({ type: RcSuccessDto })
  pageVisited(@Body() _body: RcPageVisitedDto): RcSuccessDto {
    return { success: true };
  }

  /** The preflights of the routes above: `@fastify/cors` answers them from this route's declaration before the handler runs. */
  @Options(['config', 'agent.next/:token', 'triggers/:_id/external-service/call', 'page.visited'])
  @WidgetRoute({ rateLimited: false })
  @ApiExcludeEndpoint()
  preflight(): void {}
}
