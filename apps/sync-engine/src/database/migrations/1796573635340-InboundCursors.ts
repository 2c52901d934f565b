import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InboundCursors1796573635340 implements MigrationInterface {
  name = 'InboundCursors1796573635340';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."inbound_cursors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "modified_cursor" TIMESTAMP(3) WITH TIME ZONE, "deleted_cursor" TIMESTAMP(3) WITH TIME ZONE, "last_poll_at" TIMESTAMP(3) WITH TIME ZONE, "pending_run_id" uuid, "pending_mode" text, "synced_mapping_version" integer, "synced_mapping_definition" jsonb, CONSTRAINT "PK_8d13a59d39924d56006b4db8859" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_inbound_cursors_integration" ON "sync_engine"."inbound_cursors" ("integration_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_inbound_cursors_integration"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."inbound_cursors"`);
  }
}
