import { Injectable } from '@nestjs/common';
import type { EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { OutboundChangeRepository } from './outbound-change.repository';

/** Queues every portal deal write for outbound sync. */
@Injectable()
export class OutboundChangeService {
  constructor(
    private readonly changes: OutboundChangeRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /**
   * A deal sync-engine stored (through GraphQL or Kafka intake) is queued for Zoho, debounced by the
   * integration's `debounceSeconds`. Other modules and other sources' events are not deal writes
   * stored here, so they are not queued.
   */
  @OnEvents({ consumer: 'outbound', types: ['portal-record.changed'] })
  async queuePortalChange(event: EventOfType<'portal-record.changed'>): Promise<void> {
    if (event.source !== 'sync-engine' || event.data.module !== 'DEALS' || !event.integrationId) {
      return;
    }
    if (event.data.operation !== 'DELETED' && (await this.changes.isHeld(event.tenantId, event.data.portalRecordId))) {
      // A registration collision waits for a tenant admin: approving it announces the deal again.
      this.logger.debug('portal deal held as a registration collision; not queued for Zoho', {
        tenantId: event.tenantId,
        integrationId: event.integrationId,
        correlationId: event.correlationId,
        portalRecordId: event.data.portalRecordId,
      });
      return;
    }
    const queued = await this.changes.enqueue(event.tenantId, {
      integrationId: event.integrationId,
      portalRecordId: event.data.portalRecordId,
      operation: event.data.operation === 'DELETED' ? 'DELETE' : 'UPSERT',
      changedAt: new Date(event.occurredAt),
    });
    if (!queued) {
      this.logger.warn('portal deal change names an integration the tenant does not have; not queued', {
        tenantId: event.tenantId,
        integrationId: event.integrationId,
        correlationId: event.correlationId,
      });
      return;
    }
    this.logger.debug('portal deal change queued for Zoho', {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      portalRecordId: event.data.portalRecordId,
      dueAt: queued.dueAt.toISOString(),
    });
  }
}
