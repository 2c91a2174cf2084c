import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics.service';

/**
 * Times every response by route template (`routeOptions.url`, never the raw URL, which
 * carries visitor tokens) in an onResponse hook: nothing runs on the request path itself.
 * Live streams stay out (their gauge counts them).
 * Apps built without the metrics module (probe apps in tests) get no hook.
 */
export function observeRequests(app: INestApplication, fastify: FastifyInstance): void {
  let metrics: Metrics;
  try {
    metrics = app.get(Metrics);
  } catch {
    return;
  }
  if (!metrics) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    // a live stream's duration is how long the visitor stayed: it has a gauge of its own
    if (isEventStream(reply.raw.getHeader('content-type'))) return done();
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

function isEventStream(contentType: number | string | string[] | undefined): boolean {
  return typeof contentType === 'string' && contentType.startsWith('text/event-stream');
}
