import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNotifiedZohoRecords1796572784982 implements MigrationInterface {
  name = 'AddNotifiedZohoRecords1796572784982';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."notified_zoho_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "module" text NOT NULL, "zoho_record_id" text NOT NULL, "deleted" boolean NOT NULL DEFAULT false, "notified_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a2f745b46acda8e824261e71d78" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notified_zoho_records_record" ON "sync_engine"."notified_zoho_records" ("integration_id", "module", "zoho_record_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_notified_zoho_records_record"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."notified_zoho_records"`);
  }
}
