import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddInboundDealRetries1796583306892 implements MigrationInterface {
  name = 'AddInboundDealRetries1796583306892';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."notified_zoho_records" ADD "attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."notified_zoho_records" ADD "retry_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."notified_zoho_records" ADD "failed_modified_at" TIMESTAMP(3) WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."notified_zoho_records" DROP COLUMN "failed_modified_at"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."notified_zoho_records" DROP COLUMN "retry_at"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."notified_zoho_records" DROP COLUMN "attempts"`);
  }
}
