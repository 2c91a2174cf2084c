import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { DatabaseConnection } from './database-connection';

/**
 * A statement of a hot path (a visitor's first event, run-once claims), prepared once per
 * connection: PostgreSQL parses and plans it once instead of on every call (measured here:
 * a new visitor's insert and claim, 1.5–1.8 ms → 0.8–0.9 ms per pair on one connection).
 * Its name must be unique in the project and its text fixed.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export type Statement = string | PreparedStatement;

/** What repositories run statements on: the pool, or one transaction's connection. */
export interface SqlRunner {
  /** The rows a statement returns (`RETURNING` included). */
  query<Row>(statement: Statement, params?: readonly unknown[]): Promise<Row[]>;
  /** How many rows a statement inserted, updated or deleted. */
  execute(statement: Statement, params?: readonly unknown[]): Promise<number>;
}

interface Answer<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/**
 * The one way repositories talk to PostgreSQL: parameterised SQL text on TypeORM's
 * connection pool (no entity metadata), in a transaction when asked. A
 * {@link PreparedStatement} runs as a named statement through the `pg` client TypeORM hands
 * out (`QueryRunner.connect()`), in server mode. The embedded database runs it unnamed: PGlite
 * has one backend whose session outlives the pool's connection, so a reconnecting client
 * would find its names taken. (Behind PgBouncer in transaction pooling mode, named
 * statements need PgBouncer 1.21 or later with `max_prepared_statements` set.)
 *
 * Errors are TypeORM's `QueryFailedError` (the driver's `code` and `constraint` in
 * `driverError`) or the driver's own, as `common/errors` reads them.
 */
@Injectable()
export class Sql implements SqlRunner {
  private readonly named: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    connection: DatabaseConnection,
  ) {
    this.named = connection.mode === 'server';
  }

  async query<Row>(statement: Statement, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.onRunner((runner) => this.run<Row>(runner, statement, params))).rows;
  }

  async execute(statement: Statement, params: readonly unknown[] = []): Promise<number> {
    return (await this.onRunner((runner) => this.run(runner, statement, params))).rowCount;
  }

  /**
   * Runs `work` in one transaction on one connection, committed when it resolves and rolled
   * back when it throws. Only `tx` may be used inside: the embedded database serializes
   * transactions, so a statement on another pooled connection would wait behind this one.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.onRunner(async (runner) => {
      const tx: SqlRunner = {
        query: async <Row>(statement: Statement, params: readonly unknown[] = []) => (await this.run<Row>(runner, statement, params)).rows,
        execute: async (statement: Statement, params: readonly unknown[] = []) => (await this.run(runner, statement, params)).rowCount,
      };
      await runner.startTransaction();
      try {
        const value = await work(tx);
        await runner.commitTransaction();
        return value;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    });
  }

  private async onRunner<T>(use: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await use(runner);
    } finally {
      await runner.release();
    }
  }

  private async run<Row>(runner: QueryRunner, statement: Statement, params: readonly unknown[]): Promise<Answer<Row>> {
    if (typeof statement !== 'string' && this.named) {
      const client = (await runner.connect()) as PoolClient;
      const result = await client.query({ name: statement.name, text: statement.text, values: [...params] });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    }
    const text = typeof statement === 'string' ? statement : statement.text;
    const result = await runner.query(text, [...params], true);
    return { rows: (result.records ?? []) as Row[], rowCount: result.affected ?? 0 };
  }
}
