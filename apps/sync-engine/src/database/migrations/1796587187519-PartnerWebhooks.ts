import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PartnerWebhooks1796587187519 implements MigrationInterface {
  name = 'PartnerWebhooks1796587187519';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "url" text NOT NULL, "description" text NOT NULL, "events" text array NOT NULL, "filter_integration_id" uuid, "filter_pipeline" text, "filter_phase" text, "filter_partner_id" text, "status" text NOT NULL, "disabled_reason" text, "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "secret_ciphertext" bytea NOT NULL, "secret_key_id" text NOT NULL, "previous_secret_ciphertext" bytea, "previous_secret_key_id" text, "previous_secret_expires_at" TIMESTAMP(3) WITH TIME ZONE, "failing_since" TIMESTAMP(3) WITH TIME ZONE, "failed_attempts_in_row" integer NOT NULL DEFAULT '0', "created_by" text NOT NULL, CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_endpoints_tenant_created" ON "sync_engine"."webhook_endpoints" ("tenant_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "deal_id" uuid NOT NULL, "sequence" BIGSERIAL NOT NULL, "body" text NOT NULL, "status" text NOT NULL, "attempt_count" integer NOT NULL DEFAULT '0', "failed_attempts_in_row" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "claimed_until" TIMESTAMP(3) WITH TIME ZONE, "replay_requested" boolean NOT NULL DEFAULT false, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "failed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_deal_order" ON "sync_engine"."webhook_deliveries" ("endpoint_id", "deal_id", "sequence") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_due" ON "sync_engine"."webhook_deliveries" ("next_attempt_at") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_endpoint_created" ON "sync_engine"."webhook_deliveries" ("tenant_id", "endpoint_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_webhook_deliveries_endpoint_event" ON "sync_engine"."webhook_deliveries" ("endpoint_id", "event_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."webhook_delivery_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "delivery_id" uuid NOT NULL, "attempted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status_code" integer, "duration_ms" integer NOT NULL, "succeeded" boolean NOT NULL, "error" text, "response_body" text, "replay" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_59ef9124585b56c18b98548a0c6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_delivery_attempts_delivery" ON "sync_engine"."webhook_delivery_attempts" ("delivery_id", "attempted_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_engine"."webhook_deliveries" ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "sync_engine"."webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_engine"."webhook_delivery_attempts" ADD CONSTRAINT "FK_647916c401c0c275df5f00c148f" FOREIGN KEY ("delivery_id") REFERENCES "sync_engine"."webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."webhook_delivery_attempts" DROP CONSTRAINT "FK_647916c401c0c275df5f00c148f"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IX_webhook_delivery_attempts_delivery"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."webhook_delivery_attempts"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_webhook_deliveries_endpoint_event"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IX_webhook_deliveries_endpoint_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IX_webhook_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IX_webhook_deliveries_deal_order"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IX_webhook_endpoints_tenant_created"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."webhook_endpoints"`);
  }
}
