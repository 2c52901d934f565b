import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddInboundListedThrough1796584985615 implements MigrationInterface {
  name = 'AddInboundListedThrough1796584985615';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."inbound_cursors" ADD "listed_through" TIMESTAMP(3) WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_engine"."inbound_cursors" DROP COLUMN "listed_through"`);
  }
}
