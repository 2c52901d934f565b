import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEventOutboxAndActiveMappings1796565105730 implements MigrationInterface {
  name = 'AddEventOutboxAndActiveMappings1796565105730';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."outbox_events" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "headers" jsonb NOT NULL, "payload" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."processed_events" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_270df9e0013dff41bb91d555db4" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."active_mappings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "mapping_version_id" uuid NOT NULL, "version" integer NOT NULL, "definition" jsonb NOT NULL, "published_by_user_id" text NOT NULL, "published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_58515aaf58b86053294dfc0dcd6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_active_mappings_integration" ON "sync_engine"."active_mappings" ("integration_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_active_mappings_integration"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."active_mappings"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."processed_events"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."outbox_events"`);
  }
}
