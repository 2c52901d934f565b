import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddApiKeys1796585710664 implements MigrationInterface {
  name = 'AddApiKeys1796585710664';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_connector"."api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "rights" text array NOT NULL, "secret_hash" text NOT NULL, "created_by" text NOT NULL, "last_used_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_by" text, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_api_keys_tenant_created" ON "auth_connector"."api_keys" ("tenant_id", "created_at", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth_connector"."IX_api_keys_tenant_created"`);
    await queryRunner.query(`DROP TABLE "auth_connector"."api_keys"`);
  }
}
