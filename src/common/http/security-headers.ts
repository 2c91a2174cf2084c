import type { HelmetOptions } from 'helmet';

/** A route's security headers, as options of `helmet` (its route config `securityHeaders`). */
export type HelmetPolicy = Readonly<HelmetOptions>;

/**
 * JSON APIs render nothing: the strictest CSP, nosniff, HSTS, no referrer, no framing. The
 * headers that only govern HTML documents (DNS prefetch, IE download and XSS filters, Flash
 * policies, origin-keyed agent clusters, opener isolation) are left off JSON responses.
 * Every route has this policy unless it declares another.
 */
export const API_HELMET: HelmetPolicy = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** The widget API and script are called from customers' sites: they may be read cross-origin. */
export const WIDGET_HELMET: HelmetPolicy = { ...API_HELMET, crossOriginResourcePolicy: { policy: 'cross-origin' } };

type Directives = Record<string, string[]>;

/** A page that loads everything from this origin; `extra` widens single directives. */
function pageHelmet(extra: Directives = {}): HelmetPolicy {
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

/**
 * The admin console and the demo site: no inline script or style anywhere (the widget styles
 * its shadow root through a constructed stylesheet, which CSP does not govern).
 */
export const PAGE_HELMET: HelmetPolicy = pageHelmet();

/** Swagger UI loads its own scripts, styles and data: images from this origin. */
export const DOCS_HELMET: HelmetPolicy = pageHelmet({ styleSrc: ["'self'", "'unsafe-inline'"], fontSrc: ["'self'", 'data:'] });

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's security headers (API_HELMET when absent). */
    securityHeaders?: HelmetPolicy;
  }
}
