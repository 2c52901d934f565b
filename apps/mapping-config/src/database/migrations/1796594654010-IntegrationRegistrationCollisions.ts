import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IntegrationRegistrationCollisions1796594654010 implements MigrationInterface {
  name = 'IntegrationRegistrationCollisions1796594654010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" ADD "registration_collisions" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mapping_config"."integrations" DROP COLUMN "registration_collisions"`);
  }
}
