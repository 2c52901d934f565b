import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddIgnoredZohoDeals1796583623744 implements MigrationInterface {
  name = 'AddIgnoredZohoDeals1796583623744';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."ignored_zoho_deals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "zoho_record_id" text NOT NULL, "zoho_modified_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_6f78796d1ae85b49405a85d367e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_ignored_zoho_deals_deal" ON "sync_engine"."ignored_zoho_deals" ("integration_id", "zoho_record_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_ignored_zoho_deals_deal"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."ignored_zoho_deals"`);
  }
}
