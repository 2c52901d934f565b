import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IntegrationSettingsPortalDealSchemaAndZohoConnections1796566565542 implements MigrationInterface {
  name = 'IntegrationSettingsPortalDealSchemaAndZohoConnections1796566565542';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mapping_config"."portal_deal_schemas" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "phases" jsonb NOT NULL, "custom_fields" jsonb NOT NULL, "revision" integer NOT NULL, CONSTRAINT "PK_c0e64c6657ac83a3b08d7e70b23" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_portal_deal_schemas_tenant" ON "mapping_config"."portal_deal_schemas" ("tenant_id") `);
    await queryRunner.query(
      `CREATE TABLE "mapping_config"."zoho_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "zoho_org_id" text NOT NULL, "org_time_zone" text NOT NULL, CONSTRAINT "PK_61355a1e5af299b2f2c575ff324" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_zoho_connections_tenant_connection" ON "mapping_config"."zoho_connections" ("tenant_id", "connection_id") `,
    );
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" DROP COLUMN "portal_modules"`);
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" ADD "modules" jsonb NOT NULL`);
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" ADD "sync_records_from" date`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_integrations_tenant_connection" ON "mapping_config"."integrations" ("tenant_id", "connection_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "mapping_config"."UQ_integrations_tenant_connection"`);
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" DROP COLUMN "sync_records_from"`);
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" DROP COLUMN "modules"`);
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" ADD "portal_modules" text array NOT NULL`);
    await queryRunner.query(`DROP INDEX "mapping_config"."UQ_zoho_connections_tenant_connection"`);
    await queryRunner.query(`DROP TABLE "mapping_config"."zoho_connections"`);
    await queryRunner.query(`DROP INDEX "mapping_config"."UQ_portal_deal_schemas_tenant"`);
    await queryRunner.query(`DROP TABLE "mapping_config"."portal_deal_schemas"`);
  }
}
