import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateKafkaPlatformTestTables1795334794921 implements MigrationInterface {
  name = 'CreateKafkaPlatformTestTables1795334794921';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "kafka_platform_test"."outbox_events" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "message_key" text NOT NULL, "headers" jsonb NOT NULL, "payload" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "kafka_platform_test"."processed_events" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_270df9e0013dff41bb91d555db4" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "kafka_platform_test"."test_key_sequences" ("message_key" text NOT NULL, "next_sequence" integer NOT NULL, CONSTRAINT "PK_7cfae3e387f83a63f68a0f24b0e" PRIMARY KEY ("message_key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "kafka_platform_test"."test_applied_effects" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "consumer" text NOT NULL, CONSTRAINT "PK_555bc4cca586b26ee522b63caed" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "kafka_platform_test"."test_applied_effects"`);
    await queryRunner.query(`DROP TABLE "kafka_platform_test"."test_key_sequences"`);
    await queryRunner.query(`DROP TABLE "kafka_platform_test"."processed_events"`);
    await queryRunner.query(`DROP TABLE "kafka_platform_test"."outbox_events"`);
  }
}
