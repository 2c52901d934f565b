import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePortalRecordsAndSyncRuns1795333170136 implements MigrationInterface {
  name = 'CreatePortalRecordsAndSyncRuns1795333170136';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "zoho_id" text, "name" text NOT NULL, "website" text, "industry" text, CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_accounts_integration_zoho_id" ON "sync_engine"."accounts" ("integration_id", "zoho_id") WHERE zoho_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_accounts_tenant_created" ON "sync_engine"."accounts" ("tenant_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "zoho_id" text, "first_name" text, "last_name" text NOT NULL, "email" text, "phone" text, "account_id" uuid, CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_contacts_integration_zoho_id" ON "sync_engine"."contacts" ("integration_id", "zoho_id") WHERE zoho_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_contacts_tenant_created" ON "sync_engine"."contacts" ("tenant_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "zoho_id" text, "first_name" text, "last_name" text NOT NULL, "email" text, "company" text, "lead_status" text, CONSTRAINT "PK_cd102ed7a9a4ca7d4d8bfeba406" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_leads_integration_zoho_id" ON "sync_engine"."leads" ("integration_id", "zoho_id") WHERE zoho_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_leads_tenant_created" ON "sync_engine"."leads" ("tenant_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TYPE "sync_engine"."sync_run_trigger" AS ENUM('SCHEDULE', 'MANUAL', 'NOTIFICATION', 'INITIAL')`);
    await queryRunner.query(`CREATE TYPE "sync_engine"."sync_run_status" AS ENUM('RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."sync_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "trigger" "sync_engine"."sync_run_trigger" NOT NULL, "status" "sync_engine"."sync_run_status" NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP(3) WITH TIME ZONE, "created_count" integer NOT NULL DEFAULT '0', "updated_count" integer NOT NULL DEFAULT '0', "deleted_count" integer NOT NULL DEFAULT '0', "skipped_count" integer NOT NULL DEFAULT '0', "failed_count" integer NOT NULL DEFAULT '0', "conflict_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sync_runs_tenant_created" ON "sync_engine"."sync_runs" ("tenant_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TYPE "sync_engine"."crm_record_module" AS ENUM('DEALS', 'CONTACTS', 'LEADS', 'ACCOUNTS')`);
    await queryRunner.query(`CREATE TYPE "sync_engine"."sync_direction" AS ENUM('PORTAL_TO_ZOHO', 'ZOHO_TO_PORTAL')`);
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."sync_issues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "sync_run_id" uuid NOT NULL, "module" "sync_engine"."crm_record_module" NOT NULL, "direction" "sync_engine"."sync_direction" NOT NULL, "portal_record_id" uuid, "zoho_record_id" text, "zoho_error_code" text, "field" text, "reason" text NOT NULL, CONSTRAINT "PK_d5ff0c6c34f73a35310f830638c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_issues_tenant_run_created" ON "sync_engine"."sync_issues" ("tenant_id", "sync_run_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_engine"."sync_issues" ADD CONSTRAINT "FK_sync_issues_sync_run" FOREIGN KEY ("sync_run_id") REFERENCES "sync_engine"."sync_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_issues" DROP CONSTRAINT "FK_sync_issues_sync_run"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_issues_tenant_run_created"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."sync_issues"`);
    await queryRunner.query(`DROP TYPE "sync_engine"."sync_direction"`);
    await queryRunner.query(`DROP TYPE "sync_engine"."crm_record_module"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_runs_tenant_created"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."sync_runs"`);
    await queryRunner.query(`DROP TYPE "sync_engine"."sync_run_status"`);
    await queryRunner.query(`DROP TYPE "sync_engine"."sync_run_trigger"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_leads_tenant_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_leads_integration_zoho_id"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."leads"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_contacts_tenant_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_contacts_integration_zoho_id"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."contacts"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_accounts_tenant_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_accounts_integration_zoho_id"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."accounts"`);
  }
}
