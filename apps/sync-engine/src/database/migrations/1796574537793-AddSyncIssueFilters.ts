import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSyncIssueFilters1796574537793 implements MigrationInterface {
  name = 'AddSyncIssueFilters1796574537793';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Generated as ADD ... NOT NULL; split by hand so issues already stored (development
    // databases) take their run's integration instead of failing the migration.
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_issues" ADD "integration_id" uuid`);
    await queryRunner.query(
      `UPDATE "sync_engine"."sync_issues" issue SET "integration_id" = run."integration_id" FROM "sync_engine"."sync_runs" run WHERE run."id" = issue."sync_run_id"`,
    );
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_issues" ALTER COLUMN "integration_id" SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_runs_tenant_status_created" ON "sync_engine"."sync_runs" ("tenant_id", "status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_runs_tenant_integration_created" ON "sync_engine"."sync_runs" ("tenant_id", "integration_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_issues_tenant_zoho_error_created" ON "sync_engine"."sync_issues" ("tenant_id", "zoho_error_code", "created_at", "id") WHERE zoho_error_code IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_issues_tenant_zoho_record_created" ON "sync_engine"."sync_issues" ("tenant_id", "zoho_record_id", "created_at", "id") WHERE zoho_record_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_issues_tenant_portal_record_created" ON "sync_engine"."sync_issues" ("tenant_id", "portal_record_id", "created_at", "id") WHERE portal_record_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_issues_tenant_integration_created" ON "sync_engine"."sync_issues" ("tenant_id", "integration_id", "created_at", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_issues_tenant_integration_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_issues_tenant_portal_record_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_issues_tenant_zoho_record_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_issues_tenant_zoho_error_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_runs_tenant_integration_created"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_runs_tenant_status_created"`);
    await queryRunner.query(`ALTER TABLE "sync_engine"."sync_issues" DROP COLUMN "integration_id"`);
  }
}
