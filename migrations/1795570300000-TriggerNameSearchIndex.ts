import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trigram index for the trigger list's `q` search (`lower(name) LIKE '%…%'`), which a
 * B-tree cannot serve: without it every search reads every trigger, twice (page and total).
 *
 * `pg_trgm` ships with PostgreSQL (contrib) and PGlite, and is a trusted extension: the
 * owner of the database may create it. Where it is neither installed nor installable (a
 * server without contrib, or a role without CREATE on the database) the index is skipped
 * with a notice and searches stay correct, only slower; the README says so.
 */
export class TriggerNameSearchIndex1795570300000 implements MigrationInterface {
  name = 'TriggerNameSearchIndex1795570300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
             OR NOT has_database_privilege(current_database(), 'CREATE') THEN
            RAISE NOTICE 'pg_trgm is not available: trigger name searches will scan the table';
            RETURN;
          END IF;
          CREATE EXTENSION pg_trgm;
        END IF;
        CREATE INDEX "IDX_triggers_name_trgm" ON "triggers" USING gin (lower("name") gin_trgm_ops);
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_triggers_name_trgm"`);
  }
}
