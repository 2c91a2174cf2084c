import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What targeting keeps with a visitor (DESIGN §11, §16): the language given at registration,
 * the visit count (the current visit included), the chats opened, and the current visit's
 * referrer. Existing visitors start at `visit_count` 1 and `chats_opened` 0.
 */
export class VisitorTargetingFacts1795570400000 implements MigrationInterface {
  name = 'VisitorTargetingFacts1795570400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "visitors"
        ADD COLUMN "language" text,
        ADD COLUMN "visit_count" integer NOT NULL DEFAULT 1,
        ADD COLUMN "chats_opened" integer NOT NULL DEFAULT 0,
        ADD COLUMN "visit_referrer" text,
        ADD CONSTRAINT "CHK_visitors_counts" CHECK ("visit_count" >= 1 AND "chats_opened" >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "visitors"
        DROP CONSTRAINT "CHK_visitors_counts",
        DROP COLUMN "visit_referrer",
        DROP COLUMN "chats_opened",
        DROP COLUMN "visit_count",
        DROP COLUMN "language"`);
  }
}
