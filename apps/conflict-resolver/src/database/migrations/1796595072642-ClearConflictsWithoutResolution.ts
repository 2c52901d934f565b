import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClearConflictsWithoutResolution1796595072642 implements MigrationInterface {
  name = 'ClearConflictsWithoutResolution1796595072642';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflicts" ADD "cleared_reason" text`);
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflict_resolution_records" ADD "cleared_reason" text`);
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflict_resolution_records" ALTER COLUMN "resolution" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflict_resolution_records" ALTER COLUMN "resolution" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflict_resolution_records" DROP COLUMN "cleared_reason"`);
    await queryRunner.query(`ALTER TABLE "conflict_resolver"."conflicts" DROP COLUMN "cleared_reason"`);
  }
}
