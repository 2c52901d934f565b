import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSyncEngineFoundation1796572410592 implements MigrationInterface {
  name = 'AddSyncEngineFoundation1796572410592';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."integration_work" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "next_work_at" TIMESTAMP(3) WITH TIME ZONE, "wake_count" bigint NOT NULL DEFAULT '0', "lease_owner" text, "lease_expires_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_2c8a3561e15e0415fb81085b6ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_integration_work_next_work_at" ON "sync_engine"."integration_work" ("next_work_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_integration_work_integration" ON "sync_engine"."integration_work" ("integration_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."sync_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "state" text NOT NULL, "state_reason" text, "zoho_org_id" text NOT NULL, "data_centre" text NOT NULL, "edition" text, "api_version" text NOT NULL, "read_strategy" text NOT NULL, "last_event_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_05f29d84f1ff6375087e148b093" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_sync_connections_connection" ON "sync_engine"."sync_connections" ("connection_id") `);
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."sync_integrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "settings" jsonb NOT NULL, "settings_saved_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4b44e5a1927b3974c133b7ffa61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_sync_integrations_integration" ON "sync_engine"."sync_integrations" ("integration_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."record_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "module" text NOT NULL, "portal_record_id" uuid NOT NULL, "zoho_record_id" text NOT NULL, "snapshot" jsonb NOT NULL, "mapping_version" integer NOT NULL, "synced_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "zoho_modified_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_1c7a711887abc1f6daef7960946" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_record_links_zoho_record" ON "sync_engine"."record_links" ("integration_id", "module", "zoho_record_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_record_links_portal_record" ON "sync_engine"."record_links" ("integration_id", "module", "portal_record_id") `,
    );
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_runs" ADD "failure_reason" text`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_runs" ADD "estimated_total" integer`);
    await queryRunner.query(`ALTER TYPE "sync_engine"."sync_run_trigger" RENAME TO "sync_run_trigger_old"`);
    await queryRunner.query(
      `CREATE TYPE "sync_engine"."sync_run_trigger" AS ENUM('SCHEDULE', 'MANUAL', 'NOTIFICATION', 'INITIAL', 'PORTAL_CHANGE', 'MAPPING_CHANGE')`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_engine"."sync_runs" ALTER COLUMN "trigger" TYPE "sync_engine"."sync_run_trigger" USING "trigger"::"text"::"sync_engine"."sync_run_trigger"`,
    );
    await queryRunner.query(`DROP TYPE "sync_engine"."sync_run_trigger_old"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "sync_engine"."sync_run_trigger_old" AS ENUM('SCHEDULE', 'MANUAL', 'NOTIFICATION', 'INITIAL')`);
    await queryRunner.query(
      `ALTER TABLE "sync_engine"."sync_runs" ALTER COLUMN "trigger" TYPE "sync_engine"."sync_run_trigger_old" USING "trigger"::"text"::"sync_engine"."sync_run_trigger_old"`,
    );
    await queryRunner.query(`DROP TYPE "sync_engine"."sync_run_trigger"`);
    await queryRunner.query(`ALTER TYPE "sync_engine"."sync_run_trigger_old" RENAME TO "sync_run_trigger"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_runs" DROP COLUMN "estimated_total"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_runs" DROP COLUMN "failure_reason"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_record_links_portal_record"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_record_links_zoho_record"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."record_links"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_sync_integrations_integration"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."sync_integrations"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_sync_connections_connection"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."sync_connections"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_integration_work_integration"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_integration_work_next_work_at"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."integration_work"`);
  }
}
