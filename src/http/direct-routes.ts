import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { widgetRouteOf } from '../common/http/widget-route.decorator';

/** Sends its reply itself; Fastify's error handler gets what it throws or rejects with. */
type DirectMethod = (request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * Carries out `@WidgetRoute({ servedDirectly: true })`: the handler Nest registers for such
 * a route is replaced by a call of the controller method, so Fastify calls it without Nest's
 * guards, pipes and interceptors (the route is public by the same declaration). Nest still
 * declares the route, so OpenAPI documents it. Must be installed before the app initializes
 * (routes are registered then).
 */
export function serveDirectRoutes(app: INestApplication, fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const direct = widgetRouteOf(route.config)?.servedDirectly;
    if (!direct) return;
    let call: DirectMethod | undefined;
    route.handler = (request, reply) => {
      // as Nest's own handler does: an empty path parameter matches no route
      if (Object.values(request.params as Record<string, string>).includes('')) return reply.callNotFound();
      if (!call) {
        const controller = app.get<unknown, Record<string, DirectMethod>>(direct.controller);
        call = controller[direct.method].bind(controller);
      }
      return call(request, reply);
    };
  });
}
