import { Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentAvailability } from '../agent-queue/availability/agent-availability';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/config.module';
import { LifecycleState } from '../health/lifecycle-state';
import { Metrics } from '../metrics/metrics.service';
import { TriggerCache } from '../trigger-cache/trigger-cache.service';
import { widgetConfigOf } from '../widget/widget-config';
import { availabilityOf } from './availability-view';
import { StreamHub } from './stream-hub';

/** What a refused client is told to wait before it tries again (the widget's own retry is 5 s, with jitter). */
const RETRY_AFTER_SECONDS = '5';

/**
 * The live stream (DESIGN §12, §16): widgets hear when the config changes and when
 * availability changes, on every instance. It listens to the rebuilt trigger snapshot and
 * the reloaded roster (both follow the change feed: one LISTEN per instance, not one per
 * stream) and fans each change out through one {@link StreamHub}. Streams end before the
 * app closes, so a draining instance lets its clients reconnect elsewhere at once.
 */
@Injectable()
export class LiveUpdates implements OnModuleInit, BeforeApplicationShutdown {
  private readonly hub: StreamHub;

  constructor(
    @InjectConfig() config: AppConfig,
    private readonly triggers: TriggerCache,
    private readonly availability: AgentAvailability,
    private readonly lifecycle: LifecycleState,
    metrics: Metrics,
  ) {
    this.hub = new StreamHub(config.stream, {
      opened: (open) => metrics.streamsOpen(open),
      closed: (open) => metrics.streamsOpen(open),
      dropped: (reason) => metrics.streamDropped(reason),
    });
  }

  onModuleInit(): void {
    this.triggers.onRebuilt((snapshot) => this.hub.publishConfig(widgetConfigOf(snapshot).etag));
    this.availability.onChange((roster) => this.hub.publishAvailability(availabilityOf(roster).json));
  }

  beforeApplicationShutdown(): void {
    this.hub.closeAll();
  }

  /**
   * Opens a stream on a hijacked reply: Fastify sends nothing more, the headers its hooks
   * set (CORS, security) go out with ours. Refusals (cap, draining) are problem+json 503.
   */
  async open(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    this.admit(request.ip);
    const [snapshot, roster] = await Promise.all([this.triggers.current(), this.availability.current()]);
    // a shutdown or another stream may have come while the state loaded
    this.admit(request.ip);
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      // the connection ends with the stream: at shutdown nothing is left for the server to wait for
      connection: 'close',
    });
    request.raw.socket.setNoDelay(true);
    request.raw.socket.setTimeout(0);
    this.hub.add(reply.raw, request.ip, { configEtag: widgetConfigOf(snapshot).etag, availability: availabilityOf(roster).json });
  }

  private admit(ip: string): void {
    const refusal = this.lifecycle.isDraining ? 'This instance is shutting down' : this.hub.refusal(ip);
    if (refusal) throw new DomainError(ErrorCode.ServiceUnavailable, refusal, undefined, { 'retry-after': RETRY_AFTER_SECONDS });
  }
}
