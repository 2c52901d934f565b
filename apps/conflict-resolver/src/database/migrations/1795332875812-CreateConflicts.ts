import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConflicts1795332875812 implements MigrationInterface {
  name = 'CreateConflicts1795332875812';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "conflict_resolver"."conflicts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "record_module" text NOT NULL, "portal_record_id" uuid NOT NULL, "zoho_record_id" text, "field_name" text NOT NULL, "base_value" jsonb, "portal_value" jsonb, "zoho_value" jsonb, "portal_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "zoho_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "resolution" text, "resolved_value" jsonb, "resolved_by" text, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a1b90d7fdf566d825842f26cf86" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_conflicts_tenant_record_open" ON "conflict_resolver"."conflicts" ("tenant_id", "portal_record_id") WHERE status = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_conflicts_tenant_created" ON "conflict_resolver"."conflicts" ("tenant_id", "created_at", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "conflict_resolver"."IDX_conflicts_tenant_created"`);
    await queryRunner.query(`DROP INDEX "conflict_resolver"."IDX_conflicts_tenant_record_open"`);
    await queryRunner.query(`DROP TABLE "conflict_resolver"."conflicts"`);
  }
}
