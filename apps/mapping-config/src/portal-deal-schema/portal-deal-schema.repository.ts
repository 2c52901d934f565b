import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PortalCustomDealField, PortalDealPhase } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import { IntegrationEntity } from '../integration/integration.entity';
import { PortalDealSchemaEntity } from './portal-deal-schema.entity';
import { lockPortalDealSchema } from './portal-deal-schema.lock';
import { portalDealSchemaChangedEvents } from './portal-deal-schema.events';

/** One part of the schema, replaced whole. */
export type PortalDealSchemaChange = { readonly phases: PortalDealPhase[] } | { readonly customFields: PortalCustomDealField[] };

@Injectable()
export class PortalDealSchemaRepository extends TenantScopedRepository<PortalDealSchemaEntity> {
  constructor(dataSource: DataSource, outbox: TransactionalOutbox) {
    super(dataSource, PortalDealSchemaEntity, outbox);
  }

  /** The tenant's schema; null if it was never set. */
  find(tenantId: string): Promise<PortalDealSchemaEntity | null> {
    return this.transaction(tenantId, (tx) => tx.repository(PortalDealSchemaEntity).findOneBy({ tenantId }));
  }

  /**
   * Replaces one part of the tenant's schema, counts a new revision and publishes
   * `portal-deal-schema.changed` to each of the tenant's integrations — one transaction.
   */
  replace(tenantId: string, change: PortalDealSchemaChange, correlationId: string): Promise<PortalDealSchemaEntity> {
    return this.transaction(tenantId, async (tx) => {
      const schema = await lockPortalDealSchema(tx);
      Object.assign(schema, change, { revision: schema.revision + 1 });
      const saved = await tx.save(PortalDealSchemaEntity, schema);
      const integrations = await tx
        .repository(IntegrationEntity)
        .find({ select: { id: true }, where: { tenantId }, order: { createdAt: 'ASC' } });
      await tx.publish(
        portalDealSchemaChangedEvents(
          saved,
          integrations.map((integration) => integration.id),
          correlationId,
        ),
      );
      return saved;
    });
  }
}
