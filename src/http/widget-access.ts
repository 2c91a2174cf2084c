import cors, { type FastifyCorsOptions } from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RATE_LIMIT_WINDOW_MS, rateLimited } from '../common/http/per-visitor-rate-limit.guard';
import { widgetRouteOf } from '../common/http/widget-route.decorator';
import { createSharedStateClient } from '../common/redis-client';
import type { AppConfig } from '../config/app-config';

/**
 * CORS and rate limits, as the routes declare them (`@WidgetRoute()`): CORS for the widget's
 * origins on widget routes only (any origin, `*` and never credentials, unless `CORS_ORIGINS`
 * lists them; admin routes send no CORS headers), and `RATE_LIMIT_PER_MINUTE` per client IP
 * (`TRUST_PROXY` takes it from `X-Forwarded-For`), answered with 429 problem+json and
 * `Retry-After`. With `REDIS_URL` the counters live in Redis, so the limits hold across
 * instances; when Redis fails, requests pass (`skipOnError`).
 */
export async function configureWidgetAccess(app: NestFastifyApplication, fastify: FastifyInstance, config: AppConfig): Promise<void> {
  if (config.rateLimitPerMinute > 0) {
    const redis = config.redisUrl ? sharedCounters(fastify, config.redisUrl) : undefined;
    // global: false: only routes whose config has `rateLimit` (widget routes) are limited
    await app.register(rateLimit, {
      global: false,
      ...(redis ? { redis, nameSpace: `${config.redisKeyPrefix}rate-limit:`, skipOnError: true } : {}),
      max: config.rateLimitPerMinute,
      timeWindow: RATE_LIMIT_WINDOW_MS,
      keyGenerator: (request: FastifyRequest) => request.ip,
      errorResponseBuilder: (_request, context) => rateLimited(context.max, Math.ceil(context.ttl / 1000), 'from this address'),
    });
  }
  // CORS is off unless a route declares itself a widget route: such a route gets the
  // widget's options here, where CORS_ORIGINS is known (a decorator is evaluated before it is)
  const widgetCors = widgetCorsOptions(config);
  const fixedCors = config.corsOrigins ? undefined : anyOriginHeaders(widgetCors);
  fastify.addHook('onRoute', (route) => {
    if (!widgetRouteOf(route.config)) return;
    const answersPreflights = [route.method].flat().includes('OPTIONS');
    route.config = fixedCors && !answersPreflights ? { ...route.config, cors: false, fixedHeaders: fixedCors } : { ...route.config, cors: widgetCors };
  });
  await app.register(cors, { ...widgetCors, origin: false });
}

/**
 * With any origin allowed (no `CORS_ORIGINS`), what `@fastify/cors` adds to a widget answer
 * does not depend on the request: these two headers. They are set with the security headers
 * (`fixedHeaders`), and the plugin is left the preflights and listed origins. A/B, 2026-12-07,
 * six pairs: 0.94 of the CPU of the 304 of /v1/widget/config and 0.96 of an event's with the
 * fixed headers; with the same-tick config answer, the 304 went from 1.28× Part one's CPU to
 * 1.02–1.04× (docs/performance.md): the plugin's per-request option merge and origin callback.
 */
function anyOriginHeaders(options: FastifyCorsOptions): Readonly<Record<string, string>> {
  const exposed = [options.exposedHeaders ?? []].flat();
  return Object.freeze({ 'access-control-allow-origin': '*', ...(exposed.length > 0 ? { 'access-control-expose-headers': exposed.join(', ') } : {}) });
}

function widgetCorsOptions(config: AppConfig): FastifyCorsOptions {
  return {
    origin: config.corsOrigins ? [...config.corsOrigins] : '*',
    credentials: false,
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['content-type', 'if-none-match', 'x-request-id'],
    exposedHeaders: ['etag', 'x-request-id', 'retry-after'],
    maxAge: 600,
  };
}

/** The Redis client of the rate-limit counters, closed with the app. */
function sharedCounters(fastify: FastifyInstance, url: string) {
  const redis = createSharedStateClient(url, (error) => fastify.log.warn({ err: error.message }, 'rate-limit Redis unavailable; requests pass unlimited'));
  fastify.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return redis;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `@fastify/cors`'s options for the route, merged over the plugin's (which turn CORS off); false: the plugin skips the route. */
    cors?: FastifyCorsOptions | false;
    /** Headers every answer of the route carries besides its security policy's (set with them: security-headers.ts). */
    fixedHeaders?: Readonly<Record<string, string>>;
  }
}
