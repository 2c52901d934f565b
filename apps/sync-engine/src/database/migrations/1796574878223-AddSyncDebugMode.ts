import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSyncDebugMode1796574878223 implements MigrationInterface {
  name = 'AddSyncDebugMode1796574878223';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."sync_debug_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "operation" text NOT NULL, "method" text NOT NULL, "path" text NOT NULL, "query" text NOT NULL, "status" integer, "duration_ms" integer NOT NULL, "zoho_error_code" text, "credits" integer NOT NULL, "request_body" text, "response_body" text, CONSTRAINT "PK_ec2f8922375d24de29660c7be10" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sync_debug_entries_tenant_integration_created" ON "sync_engine"."sync_debug_entries" ("tenant_id", "integration_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."sync_debug_modes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "enabled_until" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "enabled_by" text NOT NULL, CONSTRAINT "PK_a070e027045b78407fd6879aefc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sync_debug_modes_enabled_until" ON "sync_engine"."sync_debug_modes" ("enabled_until") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_sync_debug_modes_integration" ON "sync_engine"."sync_debug_modes" ("tenant_id", "integration_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_sync_debug_modes_integration"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_debug_modes_enabled_until"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."sync_debug_modes"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_sync_debug_entries_tenant_integration_created"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."sync_debug_entries"`);
  }
}
