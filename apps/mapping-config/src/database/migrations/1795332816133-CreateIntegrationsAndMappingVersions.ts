import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegrationsAndMappingVersions1795332816133 implements MigrationInterface {
  name = 'CreateIntegrationsAndMappingVersions1795332816133';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mapping_config"."integrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "connection_id" uuid NOT NULL, "portal_modules" text array NOT NULL, "contact_target_module" text NOT NULL, "conflict_policy" text NOT NULL, "sync_interval_minutes" integer NOT NULL, "debounce_seconds" integer NOT NULL, "time_zone" text NOT NULL, "enabled" boolean NOT NULL, "published_version" integer, CONSTRAINT "PK_9adcdc6d6f3922535361ce641e8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_integrations_tenant_created" ON "mapping_config"."integrations" ("tenant_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mapping_config"."mapping_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "version" integer NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "author_user_id" text NOT NULL, "definition" jsonb NOT NULL, "comment" text, CONSTRAINT "PK_b764e9d3fa342987a8f18fb51ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_mapping_versions_integration_version" ON "mapping_config"."mapping_versions" ("integration_id", "version") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mapping_versions_integration_created" ON "mapping_config"."mapping_versions" ("tenant_id", "integration_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_config"."mapping_versions" ADD CONSTRAINT "FK_356ca295deb7086116d8c873925" FOREIGN KEY ("integration_id") REFERENCES "mapping_config"."integrations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mapping_config"."mapping_versions" DROP CONSTRAINT "FK_356ca295deb7086116d8c873925"`);
    await queryRunner.query(`DROP INDEX "mapping_config"."IDX_mapping_versions_integration_created"`);
    await queryRunner.query(`DROP INDEX "mapping_config"."UQ_mapping_versions_integration_version"`);
    await queryRunner.query(`DROP TABLE "mapping_config"."mapping_versions"`);
    await queryRunner.query(`DROP INDEX "mapping_config"."IDX_integrations_tenant_created"`);
    await queryRunner.query(`DROP TABLE "mapping_config"."integrations"`);
  }
}
