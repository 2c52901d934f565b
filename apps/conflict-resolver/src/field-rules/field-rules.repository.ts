import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PortalCustomDealField, PortalDealPhase } from '@crm-bridge/contracts';
import type { FieldMapping, OutboundStage } from '@crm-bridge/sync-domain';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import { IntegrationFieldRulesEntity } from './field-rules.entity';

/** The half of the rules `mapping.published` carries. */
export interface PublishedMappingRules {
  readonly mappingVersion: number;
  readonly fieldMappings: FieldMapping[];
  readonly outboundStages: OutboundStage[];
}

/** The half of the rules `portal-deal-schema.changed` carries. */
export interface PortalSchemaRules {
  readonly schemaRevision: number;
  readonly phases: PortalDealPhase[];
  readonly customFields: PortalCustomDealField[];
}

/** What applying an event did. */
export type FieldRulesChange = 'stored' | 'replaced' | 'older-than-stored';

const NO_RULES = { mappingVersion: null, fieldMappings: [], outboundStages: [], schemaRevision: null, phases: [], customFields: [] };

@Injectable()
export class FieldRulesRepository extends TenantScopedRepository<IntegrationFieldRulesEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, IntegrationFieldRulesEntity);
  }

  /** Stores the mapping's half unless a higher version is stored (a dead letter replayed late must not win). */
  applyMapping(tenantId: string, integrationId: string, rules: PublishedMappingRules): Promise<FieldRulesChange> {
    return this.applyHalf(tenantId, integrationId, (stored) => (stored.mappingVersion ?? 0) > rules.mappingVersion, rules);
  }

  /** Stores the schema's half unless a higher revision is stored. */
  applySchema(tenantId: string, integrationId: string, rules: PortalSchemaRules): Promise<FieldRulesChange> {
    return this.applyHalf(tenantId, integrationId, (stored) => (stored.schemaRevision ?? -1) > rules.schemaRevision, rules);
  }

  /** The integration's rules; null when it is another tenant's or nothing was heard of it. */
  ofIntegration(tenantId: string, integrationId: string): Promise<IntegrationFieldRulesEntity | null> {
    return this.transaction(tenantId, (tx) => tx.repository(IntegrationFieldRulesEntity).findOneBy({ tenantId, integrationId }));
  }

  private applyHalf(
    tenantId: string,
    integrationId: string,
    storedIsNewer: (stored: IntegrationFieldRulesEntity) => boolean,
    half: PublishedMappingRules | PortalSchemaRules,
  ): Promise<FieldRulesChange> {
    return this.transaction(tenantId, async (tx) => {
      const stored = await tx.lockOneBy(IntegrationFieldRulesEntity, { integrationId });
      if (!stored) {
        await tx.insert(IntegrationFieldRulesEntity, { ...NO_RULES, integrationId, ...half });
        return 'stored';
      }
      if (storedIsNewer(stored)) {
        return 'older-than-stored';
      }
      await tx.save(IntegrationFieldRulesEntity, Object.assign(stored, half));
      return 'replaced';
    });
  }
}
