import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResolveConflictsByPolicyAndReview1796585831271 implements MigrationInterface {
  name = 'ResolveConflictsByPolicyAndReview1796585831271';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "conflict_resolver"."IDX_conflicts_tenant_record_open"`);
    await queryRunner.query(
      `CREATE TABLE "conflict_resolver"."integration_conflict_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "conflict_policy" text NOT NULL, "module_policies" jsonb NOT NULL, "settings_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6a949defc56307453129464bdac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_integration_conflict_policies_integration" ON "conflict_resolver"."integration_conflict_policies" ("integration_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conflict_resolver"."integration_field_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "mapping_version" integer, "field_mappings" jsonb NOT NULL, "outbound_stages" jsonb NOT NULL, "schema_revision" integer, "phases" jsonb NOT NULL, "custom_fields" jsonb NOT NULL, CONSTRAINT "PK_e77a5d2122708ce83162f1e0813" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_integration_field_rules_integration" ON "conflict_resolver"."integration_field_rules" ("integration_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conflict_resolver"."conflict_resolution_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "conflict_id" uuid NOT NULL, "integration_id" uuid NOT NULL, "resolution" text NOT NULL, "resolved_value" jsonb, "policy" text, "resolved_by" text NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "base_value" jsonb, "portal_value" jsonb, "zoho_value" jsonb, CONSTRAINT "PK_a9f594a30a9bdd4c1cf73432548" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_conflict_resolution_records_conflict" ON "conflict_resolver"."conflict_resolution_records" ("tenant_id", "conflict_id", "resolved_at") `,
    );
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflicts" ALTER COLUMN "zoho_record_id" SET NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_conflicts_open_field" ON "conflict_resolver"."conflicts" ("tenant_id", "portal_record_id", "record_module", "field_name", "integration_id") WHERE status = 'OPEN'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "conflict_resolver"."UQ_conflicts_open_field"`);
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflicts" ALTER COLUMN "zoho_record_id" DROP NOT NULL`);
    await queryRunner.query(`DROP INDEX "conflict_resolver"."IDX_conflict_resolution_records_conflict"`);
    await queryRunner.query(`DROP TABLE "conflict_resolver"."conflict_resolution_records"`);
    await queryRunner.query(`DROP INDEX "conflict_resolver"."UQ_integration_field_rules_integration"`);
    await queryRunner.query(`DROP TABLE "conflict_resolver"."integration_field_rules"`);
    await queryRunner.query(`DROP INDEX "conflict_resolver"."UQ_integration_conflict_policies_integration"`);
    await queryRunner.query(`DROP TABLE "conflict_resolver"."integration_conflict_policies"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_conflicts_tenant_record_open" ON "conflict_resolver"."conflicts" ("portal_record_id", "tenant_id") WHERE (status = 'OPEN'::text)`,
    );
  }
}
