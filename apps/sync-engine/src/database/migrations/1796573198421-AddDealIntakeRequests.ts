import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddDealIntakeRequests1796573198421 implements MigrationInterface {
  name = 'AddDealIntakeRequests1796573198421';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."deal_intake_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "request_id" text NOT NULL, "operation" text NOT NULL, "deal_id" uuid NOT NULL, "submitted_event_id" uuid NOT NULL, CONSTRAINT "PK_b4035b95528ea1464abe9e9de96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_deal_intake_requests_request" ON "sync_engine"."deal_intake_requests" ("tenant_id", "integration_id", "request_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_deal_intake_requests_request"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."deal_intake_requests"`);
  }
}
