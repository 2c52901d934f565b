import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddZohoAuthorizationStates1796567088567 implements MigrationInterface {
  name = 'AddZohoAuthorizationStates1796567088567';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_connector"."zoho_authorization_states" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "state_hash" text NOT NULL, "user_id" text NOT NULL, "data_centre" text NOT NULL, "client_id" text NOT NULL, "encrypted_client_secret" bytea, "encryption_key_id" text, "redirect_uri" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b54e1a4712c94af4e2794cc4d6d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_zoho_authorization_states_hash" ON "auth_connector"."zoho_authorization_states" ("state_hash") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth_connector"."UQ_zoho_authorization_states_hash"`);
    await queryRunner.query(`DROP TABLE "auth_connector"."zoho_authorization_states"`);
  }
}
