import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { StructuredLogger } from '@crm-bridge/observability';
import { SyncMetrics } from '../sync-metrics/sync-metrics';
import { IntegrationWorkEntity } from './integration-work.entity';

/** How often the overdue-work gauge is measured; the stuck-integration alert waits minutes, so this is plenty. */
const MEASURE_EVERY_MS = 15_000;

/**
 * Measures how long each integration's due work has waited for an instance: work nobody takes
 * (every instance down, or one stuck with the lease) is what the stuck-integration alert watches.
 * Every instance reports the same figures (they come from the shared table); alert on the max.
 */
@Injectable()
export class IntegrationWorkMetrics {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: SyncMetrics,
    private readonly logger: StructuredLogger,
  ) {}

  @Interval('integration-work-overdue', MEASURE_EVERY_MS)
  async measure(): Promise<void> {
    try {
      const table = this.dataSource.getMetadata(IntegrationWorkEntity).tablePath;
      const rows: { integration_id: string; overdue_seconds: string }[] = await this.dataSource.query(
        `SELECT integration_id, extract(epoch FROM now() - next_work_at) AS overdue_seconds
           FROM ${table} WHERE next_work_at <= now()`,
      );
      this.metrics.workOverdue.reset();
      for (const row of rows) {
        this.metrics.workOverdue.set({ integration: row.integration_id }, Number(row.overdue_seconds));
      }
    } catch (error) {
      this.logger.warn('measuring overdue integration work failed', { error });
    }
  }
}
