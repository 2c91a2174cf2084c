import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/config.module';
import { ALL_MIGRATIONS } from '../../migrations';
import { EmbeddedPostgres } from './embedded-postgres';

export type DatabaseMode = 'server' | 'embedded';

const EMBEDDED_CONNECTIONS = 1;

/**
 * Decides where the data lives: the PostgreSQL server of `DATABASE_URL`, or the embedded
 * PGlite database. It outlives the TypeORM DataSource (TypeORM's module imports this one),
 * so the embedded server stops only after the pool has closed.
 */
@Injectable()
export class DatabaseConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedPostgres;
  readonly mode: DatabaseMode;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.mode = config.databaseUrl ? 'server' : 'embedded';
  }

  async options(): Promise<DataSourceOptions> {
    const { db } = this.config;
    const common = {
      type: 'postgres' as const,
      migrations: ALL_MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      installExtensions: false,
      logging: false,
      applicationName: 'livechat-triggers',
      extra: {
        max: db.poolMax,
        connectionTimeoutMillis: db.connectTimeoutMs,
        // client-side: a frozen server never answers statement_timeout
        query_timeout: db.queryTimeoutMs,
        idleTimeoutMillis: 30_000,
        keepAlive: true,
      },
    };
    if (this.config.databaseUrl) return { ...common, url: this.config.databaseUrl };
    const started = performance.now();
    // one connection: PGlite has a single backend, and pglite-socket mixes the protocol
    // messages of concurrent connections while a transaction is open ("unnamed prepared
    // statement does not exist"); queries queue on the one connection instead
    this.embedded = await EmbeddedPostgres.start(this.config.dataDir, EMBEDDED_CONNECTIONS);
    this.logger.log(`embedded PostgreSQL (PGlite) at ${this.embedded.dataDir} ready in ${Math.round(performance.now() - started)} ms`);
    return {
      ...common,
      extra: { ...common.extra, max: EMBEDDED_CONNECTIONS },
      host: this.embedded.host,
      port: this.embedded.port,
      username: 'postgres',
      password: 'postgres',
      database: 'postgres',
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
    this.embedded = undefined;
  }
}
