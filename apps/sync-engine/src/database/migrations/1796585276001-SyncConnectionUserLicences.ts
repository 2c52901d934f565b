import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncConnectionUserLicences1796585276001 implements MigrationInterface {
  name = 'SyncConnectionUserLicences1796585276001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_connections" ADD "user_licences" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_connections" DROP COLUMN "user_licences"`);
  }
}
