import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { observeRequests } from '../metrics/observe-requests';
import { serveWebFaces } from '../web/web-faces';
import { serveDirectRoutes } from './direct-routes';
import { buildOpenApiDocument, serveOpenApi } from './openapi-document';
import { rejectUnsafeInput } from './reject-unsafe-input';
import { applySecurityHeaders } from './security-headers';
import { configureWidgetAccess } from './widget-access';

/**
 * Everything between Fastify and the controllers, shared by `main.ts`, the tests and the
 * OpenAPI writer, so that what is tested is what runs. Routes declare what concerns them
 * (`@WidgetRoute()`, `@Public()`, `@RequireRole()`); this wires the plugins that read it.
 */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // only JSON bodies: text/plain would reach validation as a bare string
  fastify.removeContentTypeParser(['text/plain']);
  serveDirectRoutes(app, fastify);
  observeRequests(app, fastify);
  applySecurityHeaders(fastify);
  rejectUnsafeInput(fastify);
  await configureWidgetAccess(app, fastify, config);
  serveOpenApi(app, fastify, buildOpenApiDocument(app));
  await serveWebFaces(app, fastify);
}
