import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChangeFeed } from './change-feed';
import { DatabaseConnection } from './database-connection';
import { Sql } from './sql';
import { runMigrationsExclusively } from './run-migrations';

@Global()
@Module({ providers: [DatabaseConnection, ChangeFeed], exports: [DatabaseConnection, ChangeFeed] })
class DatabaseConnectionModule {}

/** TypeORM on PostgreSQL (server or embedded); migrations run before the app serves. */
@Global()
@Module({
  imports: [
    DatabaseConnectionModule,
    TypeOrmModule.forRootAsync({
      imports: [DatabaseConnectionModule],
      inject: [DatabaseConnection],
      useFactory: async (connection: DatabaseConnection) => ({
        ...(await connection.options()),
        autoLoadEntities: true,
        retryAttempts: 10,
        retryDelay: 2000,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const applied = await runMigrationsExclusively(dataSource, (options as { url?: string }).url !== undefined);
        if (applied.length > 0) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
        return dataSource;
      },
    }),
  ],
  providers: [Sql],
  exports: [DatabaseConnectionModule, Sql],
})
export class DatabaseModule {}
