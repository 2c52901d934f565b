import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectionSettings1796568119228 implements MigrationInterface {
  name = 'ConnectionSettings1796568119228';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "api_version" text NOT NULL DEFAULT 'V8'`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" ADD "read_strategy" text NOT NULL DEFAULT 'AUTOMATIC'`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_authorization_states" ADD "api_version" text`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_authorization_states" ADD "read_strategy" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_authorization_states" DROP COLUMN "read_strategy"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_authorization_states" DROP COLUMN "api_version"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "read_strategy"`);
    await queryRunner.query(`ALTER TABLE "auth_connector"."zoho_connections" DROP COLUMN "api_version"`);
  }
}
