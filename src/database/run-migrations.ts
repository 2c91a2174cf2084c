import type { DataSource } from 'typeorm';

/** Any fixed number: instances starting together take turns running migrations. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Runs pending migrations under a session advisory lock, so that several instances that
 * start at once do not apply the same migration twice.
 */
export async function runMigrationsExclusively(dataSource: DataSource, exclusive: boolean): Promise<string[]> {
  // the embedded database serves one instance over one connection: nobody to exclude
  if (!exclusive) return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
