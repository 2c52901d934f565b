import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConflictPolicy, RecordModule } from '@crm-bridge/contracts';
import { TenantScopedRepository } from '@crm-bridge/persistence';
import { IntegrationConflictPolicyEntity } from './conflict-policy.entity';

/** An integration's policies as its settings event carries them. */
export interface IntegrationConflictPolicies {
  readonly integrationId: string;
  readonly conflictPolicy: ConflictPolicy;
  readonly modulePolicies: Partial<Record<RecordModule, ConflictPolicy>>;
  readonly settingsChangedAt: Date;
}

/** What applying a settings event did. */
export type ConflictPolicyChange = 'stored' | 'replaced' | 'older-than-stored';

@Injectable()
export class ConflictPolicyRepository extends TenantScopedRepository<IntegrationConflictPolicyEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, IntegrationConflictPolicyEntity);
  }

  /** Stores the integration's policies unless newer settings are already stored (a dead letter replayed late). */
  apply(tenantId: string, policies: IntegrationConflictPolicies): Promise<ConflictPolicyChange> {
    return this.transaction(tenantId, async (tx) => {
      const stored = await tx.lockOneBy(IntegrationConflictPolicyEntity, { integrationId: policies.integrationId });
      if (!stored) {
        await tx.insert(IntegrationConflictPolicyEntity, { ...policies });
        return 'stored';
      }
      if (stored.settingsChangedAt > policies.settingsChangedAt) {
        return 'older-than-stored';
      }
      await tx.save(IntegrationConflictPolicyEntity, Object.assign(stored, policies));
      return 'replaced';
    });
  }

  /** The integration's policies; null when it is another tenant's or its settings were never heard of. */
  ofIntegration(tenantId: string, integrationId: string): Promise<IntegrationConflictPolicyEntity | null> {
    return this.transaction(tenantId, (tx) => tx.repository(IntegrationConflictPolicyEntity).findOneBy({ tenantId, integrationId }));
  }
}
