import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How often a trigger may fire (DESIGN §14): a trigger's `frequency` and the epoch its
 * counters belong to (a new epoch starts them empty: `frequency` set from null, or its `per`
 * changed); one counter per visitor and trigger, claimed by one conditional upsert; the
 * visitor-wide proactive budget (per visit, per UTC day, the gap, the snooze after a
 * dismissal) in one row per visitor; each firing's id, and the dismissals of firings.
 */
export class FrequencyBudgetSnooze1795570600000 implements MigrationInterface {
  name = 'FrequencyBudgetSnooze1795570600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "triggers"
        ADD COLUMN "frequency" jsonb NULL,
        ADD COLUMN "frequency_epoch" integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT "CHK_triggers_frequency" CHECK ("frequency" IS NULL OR jsonb_typeof("frequency") = 'object'),
        ADD CONSTRAINT "CHK_triggers_run_once_or_frequency" CHECK (NOT ("run_once" AND "frequency" IS NOT NULL))`);
    await q.query(`
      CREATE TABLE "frequency_counters" (
        "visitor_token" text NOT NULL,
        "trigger_id" uuid NOT NULL,
        "epoch" integer NOT NULL,
        "window_start" timestamptz NOT NULL,
        "count" integer NOT NULL,
        "last_claimed_at" timestamptz NULL,
        "previous_claimed_at" timestamptz NULL,
        CONSTRAINT "PK_frequency_counters" PRIMARY KEY ("visitor_token", "trigger_id"),
        CONSTRAINT "FK_frequency_counters_visitor" FOREIGN KEY ("visitor_token") REFERENCES "visitors" ("token") ON DELETE CASCADE,
        CONSTRAINT "FK_frequency_counters_trigger" FOREIGN KEY ("trigger_id") REFERENCES "triggers" ("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_frequency_counters_count" CHECK ("count" >= 0)
      )`);
    await q.query(`CREATE INDEX "IDX_frequency_counters_trigger" ON "frequency_counters" ("trigger_id")`);
    await q.query(`
      CREATE TABLE "proactive_budgets" (
        "visitor_token" text NOT NULL,
        "visit_started_at" timestamptz NULL,
        "visit_count" integer NOT NULL DEFAULT 0,
        "day" date NULL,
        "day_count" integer NOT NULL DEFAULT 0,
        "last_granted" integer NOT NULL DEFAULT 0,
        "last_fired_at" timestamptz NULL,
        "previous_fired_at" timestamptz NULL,
        "dismissed_at" timestamptz NULL,
        CONSTRAINT "PK_proactive_budgets" PRIMARY KEY ("visitor_token"),
        CONSTRAINT "FK_proactive_budgets_visitor" FOREIGN KEY ("visitor_token") REFERENCES "visitors" ("token") ON DELETE CASCADE,
        CONSTRAINT "CHK_proactive_budgets_counts" CHECK ("visit_count" >= 0 AND "day_count" >= 0)
      )`);
    await q.query(`ALTER TABLE "trigger_firings" ADD COLUMN "firing_id" uuid NULL`);
    await q.query(`CREATE UNIQUE INDEX "UQ_trigger_firings_firing_id" ON "trigger_firings" ("firing_id") WHERE "firing_id" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "firing_dismissals" (
        "firing_id" uuid NOT NULL,
        "visitor_token" text NOT NULL,
        "dismissed_at" timestamptz NOT NULL,
        CONSTRAINT "PK_firing_dismissals" PRIMARY KEY ("firing_id"),
        CONSTRAINT "FK_firing_dismissals_visitor" FOREIGN KEY ("visitor_token") REFERENCES "visitors" ("token") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_firing_dismissals_visitor" ON "firing_dismissals" ("visitor_token")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "firing_dismissals"`);
    await q.query(`DROP INDEX "UQ_trigger_firings_firing_id"`);
    await q.query(`ALTER TABLE "trigger_firings" DROP COLUMN "firing_id"`);
    await q.query(`DROP TABLE "proactive_budgets"`);
    await q.query(`DROP TABLE "frequency_counters"`);
    await q.query(`
      ALTER TABLE "triggers" DROP CONSTRAINT "CHK_triggers_run_once_or_frequency", DROP CONSTRAINT "CHK_triggers_frequency",
        DROP COLUMN "frequency_epoch", DROP COLUMN "frequency"`);
  }
}
