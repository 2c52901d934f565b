import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportedConflicts1796585750020 implements MigrationInterface {
  name = 'ReportedConflicts1796585750020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."reported_conflicts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "module" text NOT NULL, "portal_record_id" uuid NOT NULL, "field" text NOT NULL, "fingerprint" text NOT NULL, CONSTRAINT "PK_a335993fb1967fe9a5deaa9ed27" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reported_conflicts_field" ON "sync_engine"."reported_conflicts" ("integration_id", "module", "portal_record_id", "field") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_reported_conflicts_field"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."reported_conflicts"`);
  }
}
