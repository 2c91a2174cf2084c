import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business-hours schedules (DESIGN §13): weekly windows and dated exceptions in an IANA
 * zone kept by name (a later tz database release changes what the name means, never the
 * row). Departments may follow one (a department whose schedule is closed has no available
 * agent; a schedule a department uses cannot be deleted, hence RESTRICT). Triggers gain a
 * half-open active span `[active_from, active_until)`.
 */
export class SchedulesAndActiveDates1795570500000 implements MigrationInterface {
  name = 'SchedulesAndActiveDates1795570500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "schedules" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "time_zone" text NOT NULL,
        "weekly" jsonb NOT NULL DEFAULT '[]',
        "exceptions" jsonb NOT NULL DEFAULT '[]',
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_schedules" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_schedules_name" CHECK (char_length("name") BETWEEN 1 AND 200),
        CONSTRAINT "CHK_schedules_weekly" CHECK (jsonb_typeof("weekly") = 'array'),
        CONSTRAINT "CHK_schedules_exceptions" CHECK (jsonb_typeof("exceptions") = 'array'),
        CONSTRAINT "CHK_schedules_version" CHECK ("version" >= 1)
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_schedules_name" ON "schedules" (lower("name"))`);
    await q.query(`CREATE INDEX "IDX_schedules_created_at" ON "schedules" ("created_at", "id")`);
    await q.query(`CREATE INDEX "IDX_schedules_updated_at" ON "schedules" ("updated_at", "id")`);
    await q.query(`
      ALTER TABLE "departments"
        ADD COLUMN "schedule_id" uuid NULL,
        ADD CONSTRAINT "FK_departments_schedule" FOREIGN KEY ("schedule_id") REFERENCES "schedules" ("id") ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX "IDX_departments_schedule" ON "departments" ("schedule_id") WHERE "schedule_id" IS NOT NULL`);
    await q.query(`
      ALTER TABLE "triggers"
        ADD COLUMN "active_from" timestamptz NULL,
        ADD COLUMN "active_until" timestamptz NULL,
        ADD CONSTRAINT "CHK_triggers_active_span" CHECK ("active_from" IS NULL OR "active_until" IS NULL OR "active_from" < "active_until")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "triggers" DROP CONSTRAINT "CHK_triggers_active_span", DROP COLUMN "active_until", DROP COLUMN "active_from"`);
    await q.query(`DROP INDEX "IDX_departments_schedule"`);
    await q.query(`ALTER TABLE "departments" DROP CONSTRAINT "FK_departments_schedule", DROP COLUMN "schedule_id"`);
    await q.query(`DROP TABLE "schedules"`);
  }
}
