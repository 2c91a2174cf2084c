import { All, Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { sendTagged } from '../common/http/etag';
import { ErrorCode } from '../common/errors/error-code';
import { WidgetRoute } from '../common/http/widget-route.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { type EnabledTriggers, TriggerCache } from '../trigger-cache/trigger-cache.service';
import { RequestFactsService } from '../request-facts/request-facts.service';
import { VisitorStore } from '../visitors/visitor-store';
import { EventResponseDto } from './dto/event-response.dto';
import { ExternalCallRequestDto, ExternalCallResponseDto } from './dto/external-call.dto';
import { VisitorEventDto } from './dto/visitor-event.dto';
import { VisitorRegistrationDto } from './dto/visitor-registration.dto';
import { toVisitorDto, VisitorDto } from './dto/visitor.dto';
import { WidgetConfigDto } from './dto/widget-config.dto';
import { parseVisitorEvent } from './parse-visitor-event';
import { ReportEvent } from './report-event';
import { widgetConfigOf } from './widget-config';
import { WidgetExternalCall } from './widget-external-call';
import { parseVisitorToken, VisitorTokenPipe } from './visitor-token.pipe';

/** The public API the livechat widget calls from customers' sites (CORS, rate-limited). */
@ApiTags('widget')
@Controller('v1/widget')
export class WidgetController {
  constructor(
    private readonly triggers: TriggerCache,
    private readonly events: ReportEvent,
    private readonly visitors: VisitorStore,
    private readonly externalCall: WidgetExternalCall,
    private readonly requestFacts: RequestFactsService,
  ) {}

  @Get('config')
  @ApiOperation({ summary: 'Enabled triggers for the widget to render and schedule (ETag; If-None-Match → 304)' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: WidgetConfigDto })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblemResponses(429, 503)
  @WidgetRoute({ servedDirectly: true })
  config(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    // A held snapshot is answered in the same tick, not after a promise: A/B on the 304
    // (2026-12-07, five pairs) 0.88–0.92 of the route's CPU with it (docs/performance.md)
    const held = this.triggers.held();
    if (held) return this.sendConfig(held, request, reply);
    this.triggers.current().then(
      (loaded) => this.sendConfig(loaded, request, reply),
      (error: unknown) => reply.send(error),
    );
  }

  private sendConfig(snapshot: EnabledTriggers, request: FastifyRequest, reply: FastifyReply): void {
    sendTagged(widgetConfigOf(snapshot), request, reply);
  }

  @Put('visitors/:token')
  @WidgetRoute()
  @ApiOperation({ summary: 'Register the guest (name, email, department, metadata); creates the visitor if needed' })
  @ApiBody({ type: VisitorRegistrationDto })
  @ApiOkResponse({ type: VisitorDto })
  @ApiProblemResponses(400, 413, 415, 429, 503)
  async register(@Param('token', VisitorTokenPipe) token: string, @Body() body: VisitorRegistrationDto): Promise<VisitorDto> {
    const visitor = await this.visitors.register(
      token,
      { name: body.name, email: body.email, departmentId: body.department, metadata: body.metadata, language: body.language },
      new Date(),
    );
    return toVisitorDto(visitor);
  }

  @Post('visitors/:token/triggers/:id/external-service')
  @HttpCode(200)
  @WidgetRoute({ limitPerVisitor: true })
  @ApiOperation({ summary: "Fetch one trigger's external-service messages for this visitor (or its fallback); rate-limited per visitor" })
  @ApiBody({ type: ExternalCallRequestDto, required: false })
  @ApiOkResponse({ type: ExternalCallResponseDto })
  @ApiProblemResponses(400, 404, 413, 415, 429, 503)
  callExternalService(
    @Param('token', VisitorTokenPipe) token: string,
    @Param('id') triggerId: string,
    @Body() body: ExternalCallRequestDto,
  ): Promise<ExternalCallResponseDto> {
    return this.externalCall.call(token, triggerId, body.metadata);
  }

  @Post('visitors/:token/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report a visitor event; answers what fires now and what to schedule' })
  @ApiParam({ name: 'token', type: String, description: 'The visitor token: 8 to 128 characters of A-Z, a-z, 0-9, _ and -' })
  @ApiBody({ type: VisitorEventDto })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiProblemResponses(400, 409, 413, 415, 429, 503)
  @WidgetRoute({ servedDirectly: true })
  async report(@Req() request: FastifyRequest<{ Params: { token: string } }>, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const token = parseVisitorToken(request.params.token);
    const event = parseVisitorEvent(request.body);
    return reply.send(await this.events.execute(token, event, this.requestFacts.factsOf(request)));
  }

  /**
   * Every other method and path under /v1/widget: an unknown path answers 404 with CORS (the
   * widget can read it), and a preflight is answered by `@fastify/cors` from this route's
   * declaration before the handler runs. Preflights are not rate-limited.
   */
  @All('*')
  @WidgetRoute({ rateLimited: false })
  @ApiExcludeEndpoint()
  unknown(): never {
    throw new DomainError(ErrorCode.NotFound, 'No such route');
  }
}
