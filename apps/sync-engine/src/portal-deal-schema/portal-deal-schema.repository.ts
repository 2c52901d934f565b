import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PortalCustomDealField, PortalDealPhase } from '@crm-bridge/contracts';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import { PortalDealSchemaEntity } from './portal-deal-schema.entity';

/** A portal deal schema as the event carries it. */
export interface ChangedPortalDealSchema {
  readonly integrationId: string;
  readonly revision: number;
  readonly phases: PortalDealPhase[];
  readonly customFields: PortalCustomDealField[];
}

/** What applying a changed schema did. */
export type PortalDealSchemaChange = 'stored' | 'replaced' | 'older-than-stored';

@Injectable()
export class PortalDealSchemaRepository extends TenantScopedRepository<PortalDealSchemaEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, PortalDealSchemaEntity);
  }

  /**
   * Stores the integration's schema unless a higher revision is already stored: a dead letter
   * replayed late must not bring back phases the tenant removed.
   */
  apply(tenantId: string, schema: ChangedPortalDealSchema): Promise<PortalDealSchemaChange> {
    return this.transaction(tenantId, async (tx) => {
      const stored = await tx.lockOneBy(PortalDealSchemaEntity, { integrationId: schema.integrationId });
      if (!stored) {
        await tx.insert(PortalDealSchemaEntity, { ...schema });
        return 'stored';
      }
      if (stored.revision > schema.revision) {
        return 'older-than-stored';
      }
      await tx.save(PortalDealSchemaEntity, Object.assign(stored, schema));
      return 'replaced';
    });
  }

  /** The integration's schema, if it is the tenant's and sync-engine has heard of it. */
  ofIntegration(tenantId: string, integrationId: string): Promise<PortalDealSchemaEntity | null> {
    return this.transaction(tenantId, (tx) => tx.repository(PortalDealSchemaEntity).findOneBy({ tenantId, integrationId }));
  }
}
