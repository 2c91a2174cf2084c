import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { validationException } from '../common/errors/validation-errors';
import { observeRequests } from '../metrics/observe-requests';
import type { AppConfig } from '../config/app-config';
import { buildOpenApiDocument, serveOpenApi } from './openapi-document';
import { rejectUnsafeInput } from './reject-unsafe-input';
import { serveDirectRoutes } from './direct-routes';
import { applyResponseHeaders } from './response-headers';
import { configureWidgetAccess } from './widget-access';
import { serveWebFaces } from '../web/web-faces';

/**
 * Everything between Fastify and the controllers, shared by `main.ts`, the tests and the
 * OpenAPI writer, so that what is tested is what runs.
 */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // only JSON bodies: text/plain would reach validation as a bare string
  fastify.removeContentTypeParser(['text/plain']);
  serveDirectRoutes(app, fastify);
  observeRequests(app, fastify);
  await applyResponseHeaders(fastify);
  rejectUnsafeInput(fastify);
  await configureWidgetAccess(app, config);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: validationException,
    }),
  );
  serveOpenApi(app, buildOpenApiDocument(app));
  await serveWebFaces(app);
}
