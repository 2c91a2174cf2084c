import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents, departments and their memberships, the routing order, and the per-visitor
 * sticky agent of queue senders (docs/agent-queue.md).
 */
export class CreateAgentQueue1795570150000 implements MigrationInterface {
  name = 'CreateAgentQueue1795570150000';

  async up(q: QueryRunner): Promise<void> {
    // a pick takes the next value under the routing lock: the order of picks, unlike now(),
    // which is the start of a transaction that may have waited for the lock
    await q.query(`CREATE SEQUENCE "agent_routing_seq" AS bigint`);
    await q.query(`
      CREATE TABLE "agents" (
        "username" text NOT NULL,
        "name" text NOT NULL,
        "email" text NULL,
        "status" text NOT NULL DEFAULT 'offline',
        "available" boolean NOT NULL DEFAULT true,
        "last_routed_seq" bigint NULL,
        "last_routed_at" timestamptz NULL,
        "assigned_count" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_agents" PRIMARY KEY ("username"),
        CONSTRAINT "CHK_agents_username" CHECK ("username" ~ '^[A-Za-z0-9._-]{1,64}$'),
        CONSTRAINT "CHK_agents_name" CHECK (char_length("name") BETWEEN 1 AND 100),
        CONSTRAINT "CHK_agents_email" CHECK ("email" IS NULL OR char_length("email") BETWEEN 3 AND 254),
        CONSTRAINT "CHK_agents_status" CHECK ("status" IN ('online', 'away', 'offline')),
        CONSTRAINT "CHK_agents_assigned_count" CHECK ("assigned_count" >= 0)
      )`);
    await q.query(`
      CREATE TABLE "departments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "show_on_registration" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_departments" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_departments_name" CHECK (char_length("name") BETWEEN 1 AND 100)
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_departments_name" ON "departments" (lower("name"))`);
    await q.query(`
      CREATE TABLE "department_agents" (
        "department_id" uuid NOT NULL,
        "username" text NOT NULL,
        CONSTRAINT "PK_department_agents" PRIMARY KEY ("department_id", "username"),
        CONSTRAINT "FK_department_agents_department" FOREIGN KEY ("department_id")
          REFERENCES "departments" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_department_agents_agent" FOREIGN KEY ("username")
          REFERENCES "agents" ("username") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_department_agents_username" ON "department_agents" ("username")`);
    // keyed by visitor token without a foreign key: visitors are created elsewhere (and later)
    await q.query(`
      CREATE TABLE "visitor_sticky_agents" (
        "visitor_token" text NOT NULL,
        "username" text NOT NULL,
        "assigned_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_visitor_sticky_agents" PRIMARY KEY ("visitor_token"),
        CONSTRAINT "FK_visitor_sticky_agents_agent" FOREIGN KEY ("username")
          REFERENCES "agents" ("username") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_visitor_sticky_agents_username" ON "visitor_sticky_agents" ("username")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "visitor_sticky_agents"');
    await q.query('DROP TABLE "department_agents"');
    await q.query('DROP TABLE "departments"');
    await q.query('DROP TABLE "agents"');
    await q.query('DROP SEQUENCE "agent_routing_seq"');
  }
}
