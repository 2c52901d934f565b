import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEventOutboxAndProcessedEvents1796565083404 implements MigrationInterface {
  name = 'AddEventOutboxAndProcessedEvents1796565083404';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mapping_config"."outbox_events" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "headers" jsonb NOT NULL, "payload" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "mapping_config"."processed_events" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_270df9e0013dff41bb91d555db4" PRIMARY KEY ("consumer", "event_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mapping_config"."processed_events"`);
    await queryRunner.query(`DROP TABLE "mapping_config"."outbox_events"`);
  }
}
