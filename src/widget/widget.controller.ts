import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServedDirectly } from '../http/direct-routes';
import { Public } from '../common/auth/access.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { TriggerCache } from '../trigger-cache/trigger-cache.service';
import type { TriggerSnapshot } from '../trigger-cache/trigger-snapshot';
import { VisitorsService } from '../visitors/visitors.service';
import { EventResponseDto } from './dto/event-response.dto';
import { ExternalCallRequestDto, ExternalCallResponseDto } from './dto/external-call.dto';
import { VisitorEventDto } from './dto/visitor-event.dto';
import { VisitorRegistrationDto } from './dto/visitor-registration.dto';
import { toVisitorDto, VisitorDto } from './dto/visitor.dto';
import { WidgetConfigDto } from './dto/widget-config.dto';
import { renderWidgetConfig } from './widget-config';
import { EventOutcome, NOTHING, WidgetEventsService } from './widget-events.service';
import { parseVisitorToken, VisitorTokenPipe } from './visitor-token.pipe';
import { parseVisitorEvent } from './parse-visitor-event';
import { WidgetExternalCallService } from './widget-external-call.service';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Most events' answer, serialized once (perf: serializing it per event was ≈ 2 µs). */
const NOTHING_JSON = JSON.stringify(NOTHING);

/** `If-None-Match` (one tag, a list `"a", "b"`, or `*`) names this ETag; the one-tag case without splitting (perf: the 304 path). */
function namesEtag(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch === etag) return true;
  return ifNoneMatch.split(',').some((listed) => {
    const tag = listed.trim();
    return tag === etag || tag === '*';
  });
}

/** The enabled triggers the widget renders, or 304 when its copy (`If-None-Match`) is current. */
function sendConfig(request: FastifyRequest, reply: FastifyReply, snapshot: TriggerSnapshot): void {
  const ifNoneMatch = request.headers['if-none-match'];
  const { body, etag } = snapshot.derive('widget-config', renderWidgetConfig);
  reply.header('etag', etag).header('cache-control', 'no-cache');
  if (ifNoneMatch && namesEtag(ifNoneMatch, etag)) reply.status(304).send();
  else reply.header('content-type', JSON_TYPE).send(body);
}

/** An event's outcome; the common "nothing" as bytes serialized once. */
function answer(reply: FastifyReply, outcome: EventOutcome): void {
  if (outcome === NOTHING) reply.header('content-type', JSON_TYPE).send(NOTHING_JSON);
  else reply.send(outcome);
}

/** The public API the livechat widget calls from customers' sites (CORS, rate-limited). */
@ApiTags('widget')
@Public()
@Controller('v1/widget')
export class WidgetController {
  constructor(
    private readonly cache: TriggerCache,
    private readonly events: WidgetEventsService,
    private readonly visitors: VisitorsService,
    private readonly externalCall: WidgetExternalCallService,
  ) {}

  @Get('config')
  @ApiOperation({ summary: 'Enabled triggers for the widget to render and schedule (ETag; If-None-Match → 304)' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: WidgetConfigDto })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblemResponses(429, 503)
  @ServedDirectly()
  config(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void | Promise<void> {
    // answered without a promise while the triggers are loaded (perf, as for events)
    return this.cache.withCurrent((snapshot) => sendConfig(request, reply, snapshot));
  }

  @Put('visitors/:token')
  @ApiOperation({ summary: 'Register the guest (name, email, department, metadata); creates the visitor if needed' })
  @ApiBody({ type: VisitorRegistrationDto })
  @ApiOkResponse({ type: VisitorDto })
  @ApiProblemResponses(400, 413, 415, 429, 503)
  async register(@Param('token', VisitorTokenPipe) token: string, @Body() body: VisitorRegistrationDto): Promise<VisitorDto> {
    const visitor = await this.visitors.register(
      token,
      { name: body.name, email: body.email, departmentId: body.department, metadata: body.metadata },
      new Date(),
    );
    return toVisitorDto(visitor);
  }

  @Post('visitors/:token/triggers/:id/external-service')
  @HttpCode(200)
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
  @ServedDirectly()
  report(@Req() request: FastifyRequest<{ Params: { token: string } }>, @Res() reply: FastifyReply): void | Promise<void> {
    const token = parseVisitorToken(request.params.token);
    const event = parseVisitorEvent(request.body);
    // most events are answered without a promise (see WidgetEventsService.report); Fastify
    // sends what this throws, synchronously or not, to the error handler
    const outcome = this.events.report(token, event);
    if (outcome instanceof Promise) return outcome.then((settled) => answer(reply, settled));
    answer(reply, outcome);
  }
}
