import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PAGE_HELMET } from '../common/http/security-headers';
import { widgetRouteConfig } from '../common/http/widget-route.decorator';

/** The widget script, a widget resource like the widget API: CORS, rate limit, readable cross-origin. */
const WIDGET_SCRIPT = 'livechat-triggers.js';

/** The demo site's pages, by the path segment after `/demo`. */
const DEMO_PAGES: Readonly<Record<string, string>> = { '': 'index.html', pricing: 'pricing.html', contact: 'contact.html' };

/**
 * The built front ends live in `dist/web` at the project root (`npm run build:web`). This
 * file runs from `dist/src/web` (built) or `src/web` (tests), so the root is found by
 * walking up to the nearest `package.json`.
 */
export function webBuildDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

/** Pages and scripts change with every release and are small: revalidate each time (ETag). */
const NO_CACHE = (reply: FastifyReply): void => {
  reply.header('cache-control', 'no-cache');
};

function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
}

/**
 * Serves the admin console (`/admin`, with deep links falling back to its index page), the
 * widget script (`/widget/livechat-triggers.js`) and the demo site (`/demo`). Registered
 * straight on Fastify: these are files, not API routes, so they stay out of the OpenAPI
 * document and the API key guard. Pages carry the page security policy; the widget script
 * is a widget resource (CORS, rate limit, readable cross-origin), like the widget API.
 */
export async function serveWebFaces(app: NestFastifyApplication, fastify: FastifyInstance): Promise<void> {
  const root = webBuildDir();
  const logger = new Logger('WebFaces');
  if (!existsSync(join(root, 'admin', 'index.html'))) {
    logger.warn(`front ends not built (${root} is missing): run "npm run build" to serve /admin, /demo and the widget script`);
    return;
  }
  // Swagger registers @fastify/static once with the reply decorators; these must not decorate again
  const files = { decorateReply: false, wildcard: false, index: false, cacheControl: false, setHeaders: NO_CACHE } as const;
  await app.register(fastifyStatic, { ...files, root: join(root, 'admin', 'assets'), prefix: '/admin/assets/' });
  await app.register(fastifyStatic, { ...files, root: join(root, 'demo', 'assets'), prefix: '/demo/assets/' });
  await app.register(async (widgetScript: FastifyInstance) => {
    // its own scope: Swagger's @fastify/static decorates the reply in a sibling scope
    await widgetScript.register(fastifyStatic, { ...files, root: join(root, 'widget'), serve: false, decorateReply: true });
    widgetScript.get(`/widget/${WIDGET_SCRIPT}`, { config: widgetRouteConfig() }, (_request, reply) => reply.sendFile(WIDGET_SCRIPT));
  });

  const page = { config: { securityHeaders: PAGE_HELMET } } as const;
  const adminIndex = readFileSync(join(root, 'admin', 'index.html'), 'utf8');
  // the console routes in the browser: every deep link gets the same page
  fastify.get('/admin', page, (_request, reply) => sendHtml(reply, adminIndex));
  fastify.get('/admin/*', page, (_request, reply) => sendHtml(reply, adminIndex));

  const demoPages = new Map(Object.entries(DEMO_PAGES).map(([name, file]) => [name, readFileSync(join(root, 'demo', file), 'utf8')]));
  fastify.get('/demo', page, (_request, reply) => sendHtml(reply, demoPages.get('')!));
  fastify.get<{ Params: { page: string } }>('/demo/:page', page, (request, reply) => {
    const html = demoPages.get(request.params.page);
    if (html === undefined) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
    return sendHtml(reply, html);
  });
}
