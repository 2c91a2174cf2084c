import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Livechat triggers (DESIGN §2). Conditions and actions are validated JSON arrays; the
 * name is unique case-insensitively; indexes serve the list's sort orders.
 */
export class CreateTriggers1795570100000 implements MigrationInterface {
  name = 'CreateTriggers1795570100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "triggers" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "enabled" boolean NOT NULL DEFAULT true,
        "run_once" boolean NOT NULL DEFAULT false,
        "priority" integer NOT NULL DEFAULT 100,
        "match" text NOT NULL DEFAULT 'all',
        "conditions" jsonb NOT NULL,
        "actions" jsonb NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_triggers" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_triggers_name" CHECK ("name" <> ''),
        CONSTRAINT "CHK_triggers_priority" CHECK ("priority" BETWEEN 0 AND 1000),
        CONSTRAINT "CHK_triggers_match" CHECK ("match" IN ('all', 'any')),
        CONSTRAINT "CHK_triggers_conditions" CHECK (
          CASE WHEN jsonb_typeof("conditions") = 'array' THEN jsonb_array_length("conditions") BETWEEN 1 AND 10 ELSE false END),
        CONSTRAINT "CHK_triggers_actions" CHECK (
          CASE WHEN jsonb_typeof("actions") = 'array' THEN jsonb_array_length("actions") BETWEEN 1 AND 5 ELSE false END),
        CONSTRAINT "CHK_triggers_version" CHECK ("version" >= 1)
      )`);
    // names are unique whatever their case; the same index serves the default sort (by name) and its ties
    await q.query(`CREATE UNIQUE INDEX "UQ_triggers_name" ON "triggers" (lower("name"))`);
    await q.query(`CREATE INDEX "IDX_triggers_priority" ON "triggers" ("priority", lower("name"))`);
    await q.query(`CREATE INDEX "IDX_triggers_created_at" ON "triggers" ("created_at", "id")`);
    await q.query(`CREATE INDEX "IDX_triggers_updated_at" ON "triggers" ("updated_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "triggers"');
  }
}
