import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ZohoOrgUserLicences1796584761593 implements MigrationInterface {
  name = 'ZohoOrgUserLicences1796584761593';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "zoho_org_user_licences" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "zoho_org_user_licences"`);
  }
}
