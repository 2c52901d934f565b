import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPortalDealWritesAndSchemas1796570298236 implements MigrationInterface {
  name = 'AddPortalDealWritesAndSchemas1796570298236';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."portal_deal_schemas" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "revision" integer NOT NULL, "phases" jsonb NOT NULL, "custom_fields" jsonb NOT NULL, CONSTRAINT "PK_c0e64c6657ac83a3b08d7e70b23" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_portal_deal_schemas_integration" ON "sync_engine"."portal_deal_schemas" ("integration_id") `,
    );
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" ADD "pipeline" text`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" ADD "account_id" text`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" ADD "partner_id" text`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" ADD "owner_id" text`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" ADD "custom_fields" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" ADD "sync_status" text NOT NULL DEFAULT 'PENDING'`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" ADD "last_sync_error" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" DROP COLUMN "last_sync_error"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" DROP COLUMN "sync_status"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" DROP COLUMN "custom_fields"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" DROP COLUMN "owner_id"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" DROP COLUMN "partner_id"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" DROP COLUMN "account_id"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."deals" DROP COLUMN "pipeline"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_portal_deal_schemas_integration"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."portal_deal_schemas"`);
  }
}
