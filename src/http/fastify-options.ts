import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { BODY_LIMIT_BYTES, REQUEST_TIMEOUT_MS } from '../common/http/limits';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Visitor tokens identify a person's browser: they stay out of the logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/visitors\/)[^/?#]+/g, '$1:token').replace(/(\/agent\.next\/)[^/?#]+/g, '$1:token');
}

/**
 * Options of the app's `FastifyAdapter`. `skipMiddie`: no Nest middleware is used, so Fastify
 * runs no middleware hook on every request.
 */
export function fastifyOptions(config: AppConfig): FastifyServerOptions & { skipMiddie: boolean } {
  return {
    skipMiddie: true,
    bodyLimit: BODY_LIMIT_BYTES,
    // long enough that an over-long visitor token or username gets our 400, not Fastify's 414
    routerOptions: { maxParamLength: 512 },
    requestTimeout: REQUEST_TIMEOUT_MS,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logger: {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-auth-token"]', 'secretToken', '*.secretToken'],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: { method: string; url: string; id?: string }) => ({ method: request.method, url: redactUrl(request.url) }),
      },
    },
  };
}
