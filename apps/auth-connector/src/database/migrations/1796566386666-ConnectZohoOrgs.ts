import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectZohoOrgs1796566386666 implements MigrationInterface {
  name = 'ConnectZohoOrgs1796566386666';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "zoho_org_time_zone" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "zoho_org_currency" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "zoho_org_edition" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "zoho_user_id" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "zoho_user_email" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "connected_by_user_id" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "client_id" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "encrypted_client_secret" bytea`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "status_reason" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "status_reason"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "encrypted_client_secret"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "client_id"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "connected_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "zoho_user_email"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "zoho_user_id"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "zoho_org_edition"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "zoho_org_currency"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "zoho_org_time_zone"`);
  }
}
