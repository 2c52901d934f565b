import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DealRegistrationCollisions1796587502330 implements MigrationInterface {
  name = 'DealRegistrationCollisions1796587502330';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."registration_collisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "held_deal_id" uuid NOT NULL, "held_deal_name" text NOT NULL, "first_deal_id" uuid NOT NULL, "similarity" double precision NOT NULL, "status" text NOT NULL DEFAULT 'HELD', "decided_by" text, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "reason" text, CONSTRAINT "PK_55c4bde859e65db15453f364600" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_registration_collisions_tenant_created" ON "sync_engine"."registration_collisions" ("tenant_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_registration_collisions_held_deal" ON "sync_engine"."registration_collisions" ("held_deal_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_registration_collisions_held_deal"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IDX_registration_collisions_tenant_created"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."registration_collisions"`);
  }
}
