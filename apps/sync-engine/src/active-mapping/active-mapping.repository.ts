import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import { wakeIntegrations } from '../integration-work/integration-work.wake';
import { ActiveMappingEntity } from './active-mapping.entity';

/** A published mapping as the event carries it. */
export interface PublishedMapping {
  readonly integrationId: string;
  readonly mappingVersionId: string;
  readonly version: number;
  readonly definition: MappingDefinition;
  readonly publishedByUserId: string;
  readonly publishedAt: Date;
}

/** What applying a published mapping did. */
export type ActiveMappingChange = 'activated' | 'replaced' | 'older-than-active';

@Injectable()
export class ActiveMappingRepository extends TenantScopedRepository<ActiveMappingEntity> {
  constructor(private readonly source: DataSource) {
    super(source, ActiveMappingEntity);
  }

  /**
   * Makes `mapping` the integration's active one unless a higher version already is: versions can
   * arrive out of order (a dead letter replayed late), and an older one must never win. A new
   * active mapping wakes the integration: its first one starts the initial sync, a later one re-syncs what it changed.
   */
  activate(tenantId: string, mapping: PublishedMapping): Promise<ActiveMappingChange> {
    return this.transaction(tenantId, async (tx) => {
      const active = await tx.lockOneBy(ActiveMappingEntity, { integrationId: mapping.integrationId });
      if (!active) {
        await tx.insert(ActiveMappingEntity, { ...mapping });
        await wakeIntegrations(tx, [mapping.integrationId]);
        return 'activated';
      }
      if (active.version >= mapping.version) {
        return 'older-than-active';
      }
      await tx.save(ActiveMappingEntity, Object.assign(active, mapping));
      await wakeIntegrations(tx, [mapping.integrationId]);
      return 'replaced';
    });
  }

  /** The integration's active mapping; null until mapping-config published one (or when it is another tenant's). */
  ofIntegration(tenantId: string, integrationId: string): Promise<ActiveMappingEntity | null> {
    return this.source.getRepository(ActiveMappingEntity).findOneBy({ tenantId, integrationId });
  }
}
