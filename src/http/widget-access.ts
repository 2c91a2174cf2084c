import cors, { FastifyCorsOptions } from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { createSharedStateClient } from '../common/redis-client';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { addFixedHeaders } from './response-headers';
import { isWidgetPath } from './widget-routes';

const RATE_LIMIT_WINDOW_MS = 60_000;
/** The widget's external-service call re-runs an outbound request: at most this many per visitor per minute. */
export const EXTERNAL_CALLS_PER_VISITOR_PER_MINUTE = 10;
/** The routes that call an external service for one visitor: the native one (token in the path) and Rocket.Chat's (token in the body). */
const PER_VISITOR_ROUTES = [
  /^\/v1\/widget\/visitors\/:token\/triggers\/:id\/external-service$/,
  /^\/api\/v1\/livechat\/triggers\/:_id\/external-service\/call$/,
];

/** The visitor a per-visitor limit counts for; a body without a string token shares one bucket (and fails validation next). */
function visitorOf(request: FastifyRequest): string {
  const fromPath = (request.params as { token?: unknown } | undefined)?.token;
  const fromBody = (request.body as { token?: unknown } | undefined)?.token;
  const token = typeof fromPath === 'string' ? fromPath : fromBody;
  return typeof token === 'string' ? token : '(none)';
}

function rateLimited(max: number, retryAfterSeconds: number, scope: string): DomainError {
  return new DomainError(ErrorCode.RateLimited, `More than ${max} requests a minute ${scope}; retry in ${retryAfterSeconds} s`, undefined, {
    'retry-after': String(retryAfterSeconds),
  });
}

/**
 * CORS and rate limits for the widget routes only. CORS: any origin (`*`, never
 * credentials) unless `CORS_ORIGINS` lists the allowed ones; admin routes send no CORS
 * headers. Rate limit: `RATE_LIMIT_PER_MINUTE` per client IP (`TRUST_PROXY` takes it from
 * `X-Forwarded-For`), answered with 429 problem+json and `Retry-After`. With `REDIS_URL` the
 * counters (the per-visitor one too: `createRateLimit` shares the plugin's store) live in
 * Redis, so the limit holds across instances; when Redis fails, requests pass (`skipOnError`).
 */
/** A second limit, per visitor token, on the routes that call an external service for one visitor (after the body is parsed). */
function limitPerVisitor(fastify: FastifyInstance): void {
  const perVisitor = fastify.createRateLimit({
    max: EXTERNAL_CALLS_PER_VISITOR_PER_MINUTE,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request: FastifyRequest) => `visitor:${visitorOf(request)}`,
  });
  const check = async (request: FastifyRequest): Promise<void> => {
    const result = await perVisitor(request);
    if (!result.isAllowed && result.isExceeded) throw rateLimited(result.max, result.ttlInSeconds, 'for this visitor');
  };
  fastify.addHook('onRoute', (route) => {
    if (!PER_VISITOR_ROUTES.some((pattern) => pattern.test(route.url))) return;
    const existing = route.preHandler ? [route.preHandler].flat() : [];
    route.preHandler = [...existing, check];
  });
}

/** The Redis client of the rate-limit counters, closed with the app. */
function sharedCounters(fastify: FastifyInstance, url: string) {
  const redis = createSharedStateClient(url, (error) => fastify.log.warn({ err: error.message }, 'rate-limit Redis unavailable; requests pass unlimited'));
  fastify.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return redis;
}

export async function configureWidgetAccess(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  if (config.rateLimitPerMinute > 0) {
    // must run before the plugin's own onRoute hook, which reads config.rateLimit
    fastify.addHook('onRoute', (route) => {
      if (isWidgetPath(route.url)) route.config = Object.assign(route.config ?? {}, { rateLimit: {} });
    });
    const redis = config.redisUrl ? sharedCounters(fastify, config.redisUrl) : undefined;
    await app.register(rateLimit, {
      global: false,
      ...(redis ? { redis, nameSpace: `${config.redisKeyPrefix}rate-limit:`, skipOnError: true } : {}),
      max: config.rateLimitPerMinute,
      timeWindow: RATE_LIMIT_WINDOW_MS,
      keyGenerator: (request: FastifyRequest) => request.ip,
      errorResponseBuilder: (_request, context) => rateLimited(context.max, Math.ceil(context.ttl / 1000), 'from this address'),
    });
    limitPerVisitor(fastify);
  }
  await answerCorsOnWidgetRoutes(app, fastify, config);
}

/** The plugin's options, the same for the requests it answers and for the probe below. */
function corsOptions(config: AppConfig): FastifyCorsOptions {
  return {
    origin: config.corsOrigins ? [...config.corsOrigins] : '*',
    credentials: false,
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['content-type', 'if-none-match', 'x-request-id'],
    exposedHeaders: ['etag', 'x-request-id', 'retry-after'],
    maxAge: 600,
  };
}

/**
 * The headers `@fastify/cors` adds to an ordinary (not preflight) request under `options`,
 * read once from a probe app. Only meaningful when they do not depend on the request, that
 * is for the any-origin policy.
 */
async function corsHeadersOf(options: FastifyCorsOptions): Promise<Readonly<Record<string, string>>> {
  const probe = new FastifyAdapter().getInstance();
  await probe.register(cors, options);
  probe.get('/', (_request, reply) => {
    void reply.send('');
  });
  const res = await probe.inject({ url: '/', headers: { origin: 'https://probe.example' } });
  await probe.close();
  const added = Object.entries(res.headers).filter(([name]) => name.startsWith('access-control-') || name === 'vary');
  return Object.freeze(Object.fromEntries(added.map(([name, value]) => [name, String(value)])));
}

/**
 * CORS: `@fastify/cors` answers for the widget routes and every other route opts out
 * (`config.cors = false`). Perf: the plugin rebuilt its options on every request, a visible
 * share of an event's CPU time (≈ 3%, profile). So with the any-origin policy, whose headers
 * are the same for every request, the widget routes carry the plugin's headers computed
 * once at start-up, and the plugin answers preflights and unmatched widget paths; with
 * `CORS_ORIGINS` the plugin decides on every request.
 */
async function answerCorsOnWidgetRoutes(app: NestFastifyApplication, fastify: FastifyInstance, config: AppConfig): Promise<void> {
  const options = corsOptions(config);
  const fixedHeaders = config.corsOrigins ? undefined : await corsHeadersOf(options);
  fastify.addHook('onRoute', (route) => {
    // '*' is the plugin's own preflight route, shared by every path: see the hook below
    if (route.url === '*' || (isWidgetPath(route.url) && !fixedHeaders)) return;
    route.config = Object.assign(route.config ?? {}, { cors: false });
    if (isWidgetPath(route.url)) addFixedHeaders(route, fixedHeaders!);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    // every preflight reaches the plugin's '*' route: one for an admin path is answered as no route
    if (request.method === 'OPTIONS' && !isWidgetPath(request.url)) return reply.callNotFound();
    done();
  });
  await app.register(cors, options);
  // runs after the plugin's hook: a request that matched no route got its headers too, and
  // keeps them only on widget paths
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.is404 && !isWidgetPath(request.url)) {
      reply.removeHeader('access-control-allow-origin');
      reply.removeHeader('access-control-expose-headers');
    }
    done();
  });
}
