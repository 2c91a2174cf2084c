import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Key/value settings shared by every instance (routing, external service, …). */
export class CreateSettings1795569996000 implements MigrationInterface {
  name = 'CreateSettings1795569996000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "settings" (
        "key" text NOT NULL,
        "value" jsonb NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_settings" PRIMARY KEY ("key"),
        CONSTRAINT "CHK_settings_key" CHECK (char_length("key") BETWEEN 1 AND 100)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "settings"');
  }
}
