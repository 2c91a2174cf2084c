import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentAvailability } from '../agent-queue/availability/agent-availability';
import { sendTagged } from '../common/http/etag';
import { WidgetRoute } from '../common/http/widget-route.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { availabilityOf } from './availability-view';
import { AvailabilityDto } from './dto/availability.dto';
import { LiveUpdates } from './live-updates.service';

/** Availability and the live stream, for the widget (public, CORS, rate-limited; DESIGN §12). */
@ApiTags('widget')
@Controller('v1/widget')
export class LiveUpdatesController {
  constructor(
    private readonly availability: AgentAvailability,
    private readonly live: LiveUpdates,
  ) {}

  @Get('availability')
  @ApiOperation({ summary: 'Whether anybody can take a chat, overall and per enabled department (ETag; If-None-Match → 304)' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblemResponses(429, 503)
  @WidgetRoute({ servedDirectly: true })
  async availabilityNow(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendTagged(availabilityOf(this.availability.held() ?? (await this.availability.current())), request, reply);
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Live updates (Server-Sent Events): `config` when the widget config changes, `availability` when availability does',
    description:
      'Sends `retry: 5000`, then one `config` event (`data: {"etag": "<the config ETag, quotes included>"}`) and one `availability` event ' +
      '(the body of GET /v1/widget/availability); afterwards each again only when it changes, on every instance within 2 s of the commit. ' +
      'A comment line every 25 s keeps proxies from closing it. No event ids and no replay: a reconnecting client reloads what it needs. ' +
      'At most SSE_MAX_CONNECTIONS streams per instance and SSE_MAX_PER_IP per client address (503 beyond); a client that stops reading ' +
      'is dropped when its unsent output passes SSE_MAX_BUFFERED_BYTES; on shutdown streams end at once.',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiProblemResponses(429, 503)
  @WidgetRoute({ servedDirectly: true })
  stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.live.open(request, reply);
  }
}
