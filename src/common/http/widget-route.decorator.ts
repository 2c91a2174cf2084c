import { applyDecorators, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { Public } from '../auth/access.decorator';
import { PerVisitorRateLimit } from './per-visitor-rate-limit.guard';
import { type HelmetPolicy, WIDGET_HELMET } from './security-headers';

/** A controller method Fastify calls straight (see `servedDirectly`). */
export interface DirectHandler {
  readonly controller: abstract new (...args: never[]) => unknown;
  readonly method: string;
}

/** What `@WidgetRoute()` leaves in the Fastify route config, for the app's HTTP layer and Fastify's plugins. */
export interface WidgetRouteConfig {
  /** Answers CORS for the widget's origins (`CORS_ORIGINS`, or any), preflights included. */
  readonly widget: { readonly servedDirectly?: DirectHandler };
  /** The route's security headers: readable cross-origin. */
  readonly securityHeaders: HelmetPolicy;
  /** `@fastify/rate-limit`: `RATE_LIMIT_PER_MINUTE` per client IP (the plugin's own settings); absent: not limited. */
  readonly rateLimit?: Record<string, never>;
}

export interface WidgetRouteOptions {
  /**
   * Fastify calls the method `(request, reply)` (taken with `@Req()` and `@Res()`) straight,
   * without Nest's guards, pipes and interceptors: the method parses its input and sends its
   * reply itself; thrown errors still reach the exception filter and every Fastify hook still
   * runs. For the hot routes (events, config, availability): Nest's per-request pipeline was
   * a fifth of an event's CPU (perf, measured with bench/ and --cpu-prof); and for the live
   * stream, which takes the raw reply over.
   */
  readonly servedDirectly?: boolean;
  /** Counted by the per-IP rate limit (default true; preflights are not). */
  readonly rateLimited?: boolean;
  /** Also at most EXTERNAL_CALLS_PER_VISITOR_PER_MINUTE per visitor token: the routes that call an external service. */
  readonly limitPerVisitor?: boolean;
}

/**
 * A route the livechat widget calls from customers' sites (DESIGN §7): public, CORS for the
 * widget's origins, rate-limited per client IP, readable cross-origin. Declared on the
 * route, carried out from the route config by `@fastify/cors`, `@fastify/rate-limit` and the
 * security headers (`helmet`).
 */
export function WidgetRoute(options: WidgetRouteOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const servedDirectly = options.servedDirectly ? { controller: target.constructor as DirectHandler['controller'], method: String(key) } : undefined;
    const guards = options.limitPerVisitor ? [UseGuards(PerVisitorRateLimit)] : [];
    applyDecorators(Public(), RouteConfig(widgetRouteConfig(servedDirectly, options.rateLimited ?? true)), ...guards)(target, key, descriptor);
  };
}

/** The route config of a widget route, for a route registered on Fastify itself (the widget script). */
export function widgetRouteConfig(servedDirectly?: DirectHandler, rateLimited = true): WidgetRouteConfig {
  return { widget: servedDirectly ? { servedDirectly } : {}, securityHeaders: WIDGET_HELMET, ...(rateLimited ? { rateLimit: {} } : {}) };
}

/** The widget route declaration in a Fastify route config, if the route has one. */
export function widgetRouteOf(config: unknown): WidgetRouteConfig['widget'] | undefined {
  return (config as Partial<WidgetRouteConfig> | undefined)?.widget;
}
