import { Injectable } from '@nestjs/common';
import type { EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import { ActiveMappingRepository } from './active-mapping.repository';

@Injectable()
export class ActiveMappingService {
  constructor(
    private readonly mappings: ActiveMappingRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /** A mapping mapping-config published becomes the one sync applies to the integration. */
  @OnEvents({ consumer: 'active-mappings', types: ['mapping.published'] })
  async applyPublishedMapping(event: EventOfType<'mapping.published'>): Promise<void> {
    const change = await this.mappings.activate(event.tenantId, {
      integrationId: event.integrationId,
      mappingVersionId: event.data.mappingVersionId,
      version: event.data.version,
      definition: event.data.definition,
      publishedByUserId: event.data.publishedByUserId,
      publishedAt: new Date(event.occurredAt),
    });
    this.logger.info('published mapping applied', {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      version: event.data.version,
      change,
    });
  }
}
