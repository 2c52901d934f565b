import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookDeliveryRetention1796594915454 implements MigrationInterface {
  name = 'WebhookDeliveryRetention1796594915454';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_failed" ON "sync_engine"."webhook_deliveries" ("failed_at") WHERE status = 'FAILED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_delivered" ON "sync_engine"."webhook_deliveries" ("delivered_at") WHERE status = 'DELIVERED'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "sync_engine"."IX_webhook_deliveries_delivered"`);
    await queryRunner.query(`DROP INDEX "sync_engine"."IX_webhook_deliveries_failed"`);
  }
}
