import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddIntegrationCredits1796573402898 implements MigrationInterface {
  name = 'AddIntegrationCredits1796573402898';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_engine"."integration_credits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "spent_by_hour" jsonb NOT NULL DEFAULT '{}', "allowance" integer NOT NULL DEFAULT '0', "budget" integer NOT NULL DEFAULT '0', "org_used" integer NOT NULL DEFAULT '0', "spent_last_day" integer NOT NULL DEFAULT '0', "forecast_next_day" integer NOT NULL DEFAULT '0', "level" text NOT NULL DEFAULT 'NORMAL', "reason" text, "observed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_e7e419811adaeff9df18c1386bb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_integration_credits_integration" ON "sync_engine"."integration_credits" ("integration_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."UQ_integration_credits_integration"`);
    await queryRunner.query(`DROP TABLE "sync_engine"."integration_credits"`);
  }
}
