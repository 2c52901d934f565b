import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateZohoConnections1795332811943 implements MigrationInterface {
  name = 'CreateZohoConnections1795332811943';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_connector"."zoho_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "data_centre" text NOT NULL, "accounts_server" text NOT NULL, "api_domain" text NOT NULL, "zoho_org_id" text, "zoho_org_name" text, "granted_scopes" text array NOT NULL, "status" text NOT NULL, "encrypted_refresh_token" bytea, "encrypted_access_token" bytea, "access_token_expires_at" TIMESTAMP WITH TIME ZONE, "encryption_key_id" text, "connected_at" TIMESTAMP WITH TIME ZONE, "last_refreshed_at" TIMESTAMP WITH TIME ZONE, "last_error_code" text, CONSTRAINT "PK_61355a1e5af299b2f2c575ff324" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_zoho_connections_tenant_org" ON "auth_connector"."zoho_connections" ("tenant_id", "zoho_org_id") WHERE zoho_org_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_zoho_connections_tenant_created" ON "auth_connector"."zoho_connections" ("tenant_id", "created_at", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth_connector"."IDX_zoho_connections_tenant_created"`);
    await queryRunner.query(`DROP INDEX "auth_connector"."UQ_zoho_connections_tenant_org"`);
    await queryRunner.query(`DROP TABLE "auth_connector"."zoho_connections"`);
  }
}
