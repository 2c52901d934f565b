import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeals1795332540535 implements MigrationInterface {
  name = 'CreateDeals1795332540535';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."deals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "zoho_id" text, "name" text NOT NULL, "phase" text NOT NULL, "amount" numeric(18,2), "currency_code" character(3), "closing_date" date, CONSTRAINT "PK_8c66f03b250f613ff8615940b4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_deals_integration_zoho_id" ON "sync_engine"."deals" ("integration_id", "zoho_id") WHERE zoho_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_deals_tenant_created" ON "sync_engine"."deals" ("tenant_id", "created_at", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_deals_tenant_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_deals_integration_zoho_id"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."deals"`);
  }
}
