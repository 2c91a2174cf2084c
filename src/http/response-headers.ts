import helmet, { FastifyHelmetOptions } from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { isWidgetPath } from './widget-routes';

type RouteHelmet = Omit<FastifyHelmetOptions, 'global' | 'enableCSPNonces'>;

/**
 * JSON APIs render nothing: the strictest CSP, nosniff, HSTS, no referrer, no framing. The
 * headers that only govern HTML documents (DNS prefetch, IE download and XSS filters,
 * Flash policies, origin-keyed agent clusters, opener isolation) are left off: they do
 * nothing on a JSON response and cost a visible share of the events route (perf).
 */
export const API_HELMET: RouteHelmet = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

type Directives = Record<string, string[]>;

/** A page that loads everything from this origin; `extra` widens single directives. */
function pageHelmet(extra: Directives = {}): RouteHelmet {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        ...extra,
      },
    },
  };
}

/** Swagger UI loads its own scripts, styles and data: images from this origin. */
const DOCS_HELMET = pageHelmet({ styleSrc: ["'self'", "'unsafe-inline'"], fontSrc: ["'self'", 'data:'] });

/**
 * The admin console and the demo site: no inline script or style anywhere (the widget
 * styles its shadow root through a constructed stylesheet, which CSP does not govern).
 */
const PAGE_HELMET = pageHelmet();

/** The widget API is called from customers' sites; its resources may be read cross-origin. */
const WIDGET_HELMET: RouteHelmet = { ...API_HELMET, crossOriginResourcePolicy: { policy: 'cross-origin' } };

function policyFor(url: string): RouteHelmet {
  if (url === '/docs' || url.startsWith('/docs/')) return DOCS_HELMET;
  if (/^\/(admin|demo)(\/|$)/.test(url)) return PAGE_HELMET;
  if (isWidgetPath(url)) return WIDGET_HELMET;
  return API_HELMET;
}

type HeaderSet = Readonly<Record<string, string>>;

/** What a route's config holds: the headers every answer of the route carries, computed at start-up. */
interface FixedHeadersConfig {
  fixedHeaders?: HeaderSet;
}

/**
 * Adds `headers` to those every answer of `route` carries, for an onRoute hook added after
 * `applyResponseHeaders` (perf: set with the security headers, they cost no hook of their own).
 */
export function addFixedHeaders(route: RouteOptions, headers: HeaderSet): void {
  const config = route.config as FixedHeadersConfig;
  config.fixedHeaders = Object.freeze({ ...config.fixedHeaders, ...headers });
}

/** The headers a Fastify app answers with, for a probe route, with or without a helmet policy. */
async function probeHeaders(policy?: RouteHelmet): Promise<Record<string, string>> {
  const probe = new FastifyAdapter().getInstance();
  if (policy) await probe.register(helmet, { global: true, ...policy } as FastifyHelmetOptions);
  probe.get('/', (_request, reply) => {
    void reply.send('');
  });
  const res = await probe.inject({ url: '/' });
  await probe.close();
  return Object.fromEntries(Object.entries(res.headers).map(([name, value]) => [name, String(value)]));
}

/** Exactly the headers helmet adds under `policy`, computed once. */
async function headersOf(policy: RouteHelmet): Promise<HeaderSet> {
  const [bare, secured] = await Promise.all([probeHeaders(), probeHeaders(policy)]);
  return Object.freeze(Object.fromEntries(Object.entries(secured).filter(([name]) => !(name in bare))));
}

/**
 * Response headers every answer carries, set by one onRequest hook (perf: each hook is a
 * step of every request): `X-Request-Id`, and the security headers by path: the JSON API
 * policy everywhere, Swagger UI's on /docs, the page policy on /admin and /demo, the
 * widget's cross-origin one on widget routes. The security headers are what
 * `@fastify/helmet` produces for each policy, but computed once at start-up and set from a
 * precomputed object (perf: the plugin rebuilt its helmet middleware on every request, a
 * visible share of the events route's profile). Swagger's routes are added by the swagger
 * module straight on Fastify, so the policy is attached when any route is added.
 */
export async function applyResponseHeaders(fastify: FastifyInstance): Promise<void> {
  const policies = [API_HELMET, DOCS_HELMET, PAGE_HELMET, WIDGET_HELMET];
  const headers = new Map<RouteHelmet, HeaderSet>();
  await Promise.all(policies.map(async (policy) => headers.set(policy, await headersOf(policy))));
  const apiHeaders = headers.get(API_HELMET)!;
  fastify.addHook('onRoute', (route) => {
    route.config = Object.assign(route.config ?? {}, { fixedHeaders: headers.get(policyFor(route.url)) } satisfies FixedHeadersConfig);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    // unmatched requests (404) have no route config of ours: the API policy
    const config = request.routeOptions.config as FixedHeadersConfig | undefined;
    reply.headers(config?.fixedHeaders ?? apiHeaders);
    reply.header('x-request-id', request.id);
    done();
  });
}
