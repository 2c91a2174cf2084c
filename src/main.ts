import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ApiKeyStore } from './common/auth/api-key-store';
import { ConfigError, loadConfig } from './config/app-config';
import { LifecycleState } from './health/lifecycle-state';
import { createApp } from './http/create-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const started = performance.now();
  const app = await createApp(config);
  const logger = new Logger('Main');
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.log(`listening on http://${config.host}:${port} (ready in ${Math.round(performance.now() - started)} ms); docs at /docs`);

  const generated = app.get(ApiKeyStore).generatedKey;
  if (generated) {
    // deliberately not through the logger: a one-time hint for a person at a terminal
    process.stderr.write(
      `\n  No API_KEYS set: a manager key was generated and kept in ${config.dataDir}/api-key\n` +
        `  Authorization: Bearer ${generated}\n  Try it in Swagger UI: http://localhost:${port}/docs\n\n`,
    );
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.get(LifecycleState).startDraining();
    logger.log(`${signal}: draining in-flight requests (grace ${config.shutdownGraceMs} ms)`);
    const force = setTimeout(() => {
      logger.error(`shutdown grace of ${config.shutdownGraceMs} ms exceeded; exiting`);
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    // server.close() waits for every open socket, and closes only the keep-alive sockets idle
    // at that moment: one that finishes its in-flight request later would hold it to the grace
    const server = app.getHttpServer();
    const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    closeIdle.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error(`shutdown failed: ${describe(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    logger.error(`unhandled rejection: ${describe(reason)}`);
  });
}

void bootstrap().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${describe(error)}\n`);
  process.exit(1);
});

/** An error's stack, or whatever was thrown as text. */
function describe(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
}
