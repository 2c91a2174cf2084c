import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics.service';

/**
 * Times every response by route template (`routeOptions.url`, never the raw URL, which
 * carries visitor tokens) in an onResponse hook: nothing runs on the request path itself.
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
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
