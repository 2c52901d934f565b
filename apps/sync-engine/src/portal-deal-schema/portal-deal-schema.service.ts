import { Injectable } from '@nestjs/common';
import type { EventOfType } from '@crm-bridge/contracts';
import { OnEvents } from '@crm-bridge/kafka';
import { StructuredLogger } from '@crm-bridge/observability';
import type { PortalDealSchemaEntity } from './portal-deal-schema.entity';
import { PortalDealSchemaRepository } from './portal-deal-schema.repository';

@Injectable()
export class PortalDealSchemaService {
  constructor(
    private readonly schemas: PortalDealSchemaRepository,
    private readonly logger: StructuredLogger,
  ) {}

  /** The portal's phases and custom deal fields mapping-config published become what deal writes are checked against. */
  @OnEvents({ consumer: 'portal-deal-schemas', types: ['portal-deal-schema.changed'] })
  async applyChangedSchema(event: EventOfType<'portal-deal-schema.changed'>): Promise<void> {
    const change = await this.schemas.apply(event.tenantId, {
      integrationId: event.integrationId,
      revision: event.data.revision,
      phases: event.data.phases,
      customFields: event.data.customFields,
    });
    this.logger.info('portal deal schema applied', {
      tenantId: event.tenantId,
      integrationId: event.integrationId,
      correlationId: event.correlationId,
      revision: event.data.revision,
      change,
    });
  }

  /** The integration's schema; null when it is another tenant's or sync-engine has not heard of it. */
  ofIntegration(tenantId: string, integrationId: string): Promise<PortalDealSchemaEntity | null> {
    return this.schemas.ofIntegration(tenantId, integrationId);
  }
}
