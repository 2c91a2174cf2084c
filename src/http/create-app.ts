import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { configureApp } from './configure-app';
import { fastifyOptions } from './fastify-options';
import { PinoNestLogger } from './pino-nest-logger';

/** Nest options every instance of the app uses (tests that build their own module reuse them). */
export const NEST_APP_OPTIONS = {
  abortOnError: false,
  // Fastify's own JSON parser only (it honours onProtoPoisoning); no urlencoded bodies
  bodyParser: false,
} as const;

/** Builds the configured application (not yet listening): used by `main.ts` and the tests. */
export async function createApp(config: AppConfig, options: { preview?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(fastifyOptions(config));
  const logger = new PinoNestLogger(adapter.getInstance().log);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    ...NEST_APP_OPTIONS,
    logger,
    // preview builds the module graph without instantiating providers (no database): for the OpenAPI writer
    preview: options.preview ?? false,
  });
  await configureApp(app, config);
  return app;
}
