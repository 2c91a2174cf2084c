import type { INestApplication, Type } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Access, ACCESS_METADATA } from '../common/auth/access.decorator';

/** What `@ServedDirectly()` leaves in the Fastify route config: the controller method to call. */
interface DirectTarget {
  readonly controller: Type<unknown>;
  readonly method: string;
}

/** Sends its reply, at once or when the promise it returns settles. */
type DirectMethod = (request: FastifyRequest, reply: FastifyReply) => void | Promise<void>;

/**
 * Marks a public controller method `(request, reply)` (taken with `@Req()` and `@Res()`) to be
 * called by Fastify straight, without Nest's guards, pipes and interceptors. The method
 * parses its own input and sends its own reply; thrown errors still reach the global
 * exception filter through Fastify's error handler, and every Fastify hook (headers, CORS,
 * rate limit, metrics) still runs. Nest still declares the route, so OpenAPI documents it.
 *
 * Only for the widget's hot routes: Nest's per-request pipeline was a fifth of an event's
 * CPU time (perf, measured with bench/ and --cpu-prof).
 */
export function ServedDirectly(): MethodDecorator {
  return (target, key, descriptor) => {
    const direct: DirectTarget = { controller: target.constructor as Type<unknown>, method: String(key) };
    RouteConfig({ direct })(target, key, descriptor);
  };
}

function accessOf({ controller, method }: DirectTarget): Access | undefined {
  const handler = (controller.prototype as Record<string, unknown>)[method] as object;
  return Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, controller);
}

/**
 * Replaces the handler of every `@ServedDirectly()` route, as Nest registers it, with a call
 * of the controller method. Must be installed before the app initializes (routes are
 * registered then). Refuses a route that is not `@Public()`: skipping the guard must never
 * open an admin route.
 */
export function serveDirectRoutes(app: INestApplication, fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const direct = (route.config as { direct?: DirectTarget } | undefined)?.direct;
    if (!direct) return;
    if (accessOf(direct) !== 'public') {
      throw new Error(`${direct.controller.name}.${direct.method} is @ServedDirectly() but not @Public(): the auth guard would be skipped`);
    }
    let call: DirectMethod | undefined;
    route.handler = (request, reply) => {
      // as Nest's own handler does: an empty path parameter matches no route
      if (Object.values(request.params as Record<string, string>).includes('')) return reply.callNotFound();
      if (!call) {
        const controller = app.get(direct.controller) as Record<string, DirectMethod>;
        call = controller[direct.method].bind(controller);
      }
      return call(request, reply);
    };
  });
}
