import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNotificationChannels1796573210017 implements MigrationInterface {
  name = 'AddNotificationChannels1796573210017';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."notification_channels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "module" text NOT NULL, "channel_id" text NOT NULL, "notify_url" text NOT NULL, "token_hash" text, "pending_token_hash" text, "previous_token_hash" text, "previous_token_valid_until" TIMESTAMP(3) WITH TIME ZONE, "expires_at" TIMESTAMP(3) WITH TIME ZONE, "enabled_at" TIMESTAMP(3) WITH TIME ZONE, "renewed_at" TIMESTAMP(3) WITH TIME ZONE, "checked_at" TIMESTAMP(3) WITH TIME ZONE, "last_error" text, "last_error_at" TIMESTAMP(3) WITH TIME ZONE, "failure_count" integer NOT NULL DEFAULT '0', "retry_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_3bc0cb5b60e8659f5fc859b2af0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notification_channels_channel" ON "sync_engine"."notification_channels" ("channel_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notification_channels_module" ON "sync_engine"."notification_channels" ("integration_id", "module") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_notification_channels_module"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_notification_channels_channel"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."notification_channels"`);
  }
}
