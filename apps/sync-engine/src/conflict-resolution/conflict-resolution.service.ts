import { Injectable } from '@nestjs/common';
import type { EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { portalDealFieldsOf } from '../deal/deal-values';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import { ConflictResolutionRepository } from './conflict-resolution.repository';

/** Applies conflict-resolver's resolutions to the deals sync-engine stores. */
@Injectable()
export class ConflictResolutionService {
  constructor(
    private readonly resolutions: ConflictResolutionRepository,
    private readonly schemas: PortalDealSchemaService,
    private readonly logger: StructuredLogger,
  ) {}

  /**
   * Writes a resolved value to the portal deal and queues it for Zoho (see
   * `ConflictResolutionRepository.apply`). Applied once: the consumer records the event in
   * `processed_events` in the same transaction, so a redelivery changes nothing. A resolution whose
   * deal is gone (or is not the event tenant's) is dropped with a log line.
   */
  @OnEvents({ consumer: 'conflict-resolution', types: ['conflict.resolved'] })
  async applyResolution(event: EventOfType<'conflict.resolved'>): Promise<void> {
    const context = {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      conflictId: event.data.conflictId,
      portalRecordId: event.data.portalRecordId,
      field: event.data.field,
    };
    if (event.data.module !== 'DEALS') {
      this.logger.warn('conflict resolution for a module sync-engine does not sync; dropped', { ...context, module: event.data.module });
      return;
    }
    const schema = await this.schemas.ofIntegration(event.tenantId, event.integrationId);
    const result = await this.resolutions.apply(
      event.tenantId,
      { integrationId: event.integrationId, correlationId: event.correlationId, data: event.data },
      portalDealFieldsOf(schema ?? { phases: [], customFields: [] }),
    );
    if (result.kind === 'DROPPED') {
      this.logger.warn(`conflict resolution dropped: ${result.reason}`, context);
      return;
    }
    this.logger.info('conflict resolution applied to the portal deal; queued for Zoho', { ...context, resolution: event.data.resolution });
  }
}
