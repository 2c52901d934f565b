import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddOutboundChanges1796573523561 implements MigrationInterface {
  name = 'AddOutboundChanges1796573523561';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."outbound_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "module" text NOT NULL, "portal_record_id" uuid NOT NULL, "operation" text NOT NULL, "first_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "last_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "last_error" text, "revision" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_387fe0dc0b759c4824829d8fed8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_outbound_changes_integration_due" ON "sync_engine"."outbound_changes" ("integration_id", "due_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_outbound_changes_record" ON "sync_engine"."outbound_changes" ("integration_id", "module", "portal_record_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_outbound_changes_record"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_outbound_changes_integration_due"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."outbound_changes"`);
  }
}
