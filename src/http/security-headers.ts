import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { API_HELMET, type HelmetPolicy } from '../common/http/security-headers';

type HeaderSet = Readonly<Record<string, string>>;

/**
 * Security headers from `helmet`: the JSON API's policy on every route, replaced on a route by
 * the policy its config declares (`securityHeaders`: widget routes, pages, docs), the route's
 * other fixed headers (`fixedHeaders`: the any-origin CORS headers, widget-access.ts), and the
 * request id (`X-Request-Id`, taken from the request when it is a sane id: fastify-options.ts).
 *
 * A policy's headers do not depend on the request, so each policy's are worked out once, by
 * helmet itself, and set from that object. `@fastify/helmet` builds helmet's middleware again
 * on every request, in two hooks (one async): A/B on this machine, 2026-12-07, CPU per request
 * of the 304 of /v1/widget/config against Part one's build (15.2 and 16.2 µs): 26.2 µs with
 * the plugin (six pairs), 16.5 µs with this hook (three pairs). That is far above the 5% a
 * hand-written piece must save to stay (docs/performance.md).
 */
export function applySecurityHeaders(fastify: FastifyInstance): void {
  const headersByPolicy = new Map<HelmetPolicy, HeaderSet>();
  const headersOf = (policy: HelmetPolicy): HeaderSet => {
    let headers = headersByPolicy.get(policy);
    if (!headers) headersByPolicy.set(policy, (headers = helmetHeaders(policy)));
    return headers;
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    const config = request.routeOptions.config;
    reply.headers(headersOf(config?.securityHeaders ?? API_HELMET));
    if (config?.fixedHeaders) reply.headers(config.fixedHeaders);
    reply.header('x-request-id', request.id);
    done();
  });
}

/** The headers helmet's middleware sets under `policy` (it is synchronous and reads nothing of the request). */
function helmetHeaders(policy: HelmetPolicy): HeaderSet {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(policy)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}
