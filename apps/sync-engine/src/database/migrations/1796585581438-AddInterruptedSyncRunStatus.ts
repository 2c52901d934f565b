import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddInterruptedSyncRunStatus1796585581438 implements MigrationInterface {
  name = 'AddInterruptedSyncRunStatus1796585581438';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_runs_tenant_status_created"`);
    await queryRunner.query(`ALTER TYPE "sync_engine"."sync_run_status" RENAME TO "sync_run_status_old"`);
    await queryRunner.query(
      `CREATE TYPE "sync_engine"."sync_run_status" AS ENUM('RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'INTERRUPTED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_engine"."sync_runs" ALTER COLUMN "status" TYPE "sync_engine"."sync_run_status" USING "status"::"text"::"sync_engine"."sync_run_status"`,
    );
    await queryRunner.query(`DROP TYPE "sync_engine"."sync_run_status_old"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_runs_tenant_status_created" ON "sync_engine"."sync_runs" ("tenant_id", "status", "created_at", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_runs_tenant_status_created"`);
    await queryRunner.query(
      `CREATE TYPE "sync_engine"."sync_run_status_old" AS ENUM('RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_engine"."sync_runs" ALTER COLUMN "status" TYPE "sync_engine"."sync_run_status_old" USING "status"::"text"::"sync_engine"."sync_run_status_old"`,
    );
    await queryRunner.query(`DROP TYPE "sync_engine"."sync_run_status"`);
    await queryRunner.query(`ALTER TYPE "sync_engine"."sync_run_status_old" RENAME TO "sync_run_status"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_runs_tenant_status_created" ON "sync_engine"."sync_runs" ("tenant_id", "status", "created_at", "id") `,
    );
  }
}
