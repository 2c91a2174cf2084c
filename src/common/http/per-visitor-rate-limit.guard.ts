import type {} from '@fastify/rate-limit'; // createRateLimit on FastifyInstance
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

export const RATE_LIMIT_WINDOW_MS = 60_000;
/** The widget's external-service call re-runs an outbound request: at most this many per visitor per minute. */
export const EXTERNAL_CALLS_PER_VISITOR_PER_MINUTE = 10;

/** 429 problem+json with `Retry-After`. */
export function rateLimited(max: number, retryAfterSeconds: number, scope: string): DomainError {
  return new DomainError(ErrorCode.RateLimited, `More than ${max} requests a minute ${scope}; retry in ${retryAfterSeconds} s`, undefined, {
    'retry-after': String(retryAfterSeconds),
  });
}

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * A second rate limit, per visitor token (in the path for the native route, in the body for
 * Rocket.Chat's), on the routes that call an external service for one visitor. It counts in
 * the store of `@fastify/rate-limit` (Redis when `REDIS_URL` is set, so it holds across
 * instances); with the rate limits off (`RATE_LIMIT_PER_MINUTE=0`) the plugin is not
 * registered and nothing is counted.
 */
@Injectable()
export class PerVisitorRateLimit implements CanActivate {
  private check?: Check;

  constructor(private readonly adapter: HttpAdapterHost) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    if (typeof fastify.createRateLimit !== 'function') return true;
    this.check ??= fastify.createRateLimit({
      max: EXTERNAL_CALLS_PER_VISITOR_PER_MINUTE,
      timeWindow: RATE_LIMIT_WINDOW_MS,
      keyGenerator: (request: FastifyRequest) => `visitor:${visitorOf(request)}`,
    });
    const result = await this.check(context.switchToHttp().getRequest<FastifyRequest>());
    if (!result.isAllowed && result.isExceeded) throw rateLimited(result.max, result.ttlInSeconds, 'for this visitor');
    return true;
  }
}

/** The visitor a per-visitor limit counts for; a body without a string token shares one bucket (and fails validation next). */
function visitorOf(request: FastifyRequest): string {
  const fromPath = (request.params as { token?: unknown } | undefined)?.token;
  const fromBody = (request.body as { token?: unknown } | undefined)?.token;
  const token = typeof fromPath === 'string' ? fromPath : fromBody;
  return typeof token === 'string' ? token : '(none)';
}
