import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Visitors, their run-once claims, and the log of firings (for stats). */
export class CreateVisitorsAndFirings1795570200000 implements MigrationInterface {
  name = 'CreateVisitorsAndFirings1795570200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "visitors" (
        "token" text NOT NULL,
        "name" text NULL,
        "email" text NULL,
        "department_id" uuid NULL,
        "metadata" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "registered_at" timestamptz NULL,
        "first_seen_at" timestamptz NOT NULL DEFAULT now(),
        "visit_started_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_visitors" PRIMARY KEY ("token"),
        CONSTRAINT "CHK_visitors_token" CHECK ("token" ~ '^[A-Za-z0-9_-]{8,128}$'),
        CONSTRAINT "FK_visitors_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "IDX_visitors_department" ON "visitors" ("department_id")`);
    await q.query(`
      CREATE TABLE "run_once_claims" (
        "trigger_id" uuid NOT NULL,
        "visitor_token" text NOT NULL,
        "claimed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_run_once_claims" PRIMARY KEY ("visitor_token", "trigger_id"),
        CONSTRAINT "FK_run_once_claims_trigger" FOREIGN KEY ("trigger_id") REFERENCES "triggers" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_run_once_claims_visitor" FOREIGN KEY ("visitor_token") REFERENCES "visitors" ("token") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_run_once_claims_trigger" ON "run_once_claims" ("trigger_id")`);
    await q.query(`
      CREATE TABLE "trigger_firings" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "trigger_id" uuid NOT NULL,
        "visitor_token" text NOT NULL,
        "fired_at" timestamptz NOT NULL DEFAULT now(),
        "actions" jsonb NOT NULL,
        "static_actions" integer NOT NULL DEFAULT 0,
        "external_actions" integer NOT NULL DEFAULT 0,
        "fallback_actions" integer NOT NULL DEFAULT 0,
        CONSTRAINT "PK_trigger_firings" PRIMARY KEY ("id"),
        CONSTRAINT "FK_trigger_firings_trigger" FOREIGN KEY ("trigger_id") REFERENCES "triggers" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_trigger_firings_trigger_time" ON "trigger_firings" ("trigger_id", "fired_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "trigger_firings"');
    await q.query('DROP TABLE "run_once_claims"');
    await q.query('DROP TABLE "visitors"');
  }
}
