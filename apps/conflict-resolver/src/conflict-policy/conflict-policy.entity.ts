import { Column, Entity, Index } from 'typeorm';
import type { ConflictPolicy, RecordModule } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * An integration's conflict policies as mapping-config last published them in
 * `integration.settings-changed` (conflict-resolver never reads mapping-config's tables): the
 * integration's policy and the modules' own, where set. One row per integration, replaced only by
 * a newer event.
 */
@Entity({ name: 'integration_conflict_policies' })
@Index('UQ_integration_conflict_policies_integration', ['integrationId'], { unique: true })
export class IntegrationConflictPolicyEntity extends TenantScopedEntity {
  /** mapping-config's integration; another service's row, so no foreign key. */
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'conflict_policy', type: 'text' })
  conflictPolicy: ConflictPolicy;

  /** Only the modules that set a policy of their own; the others follow `conflictPolicy`. */
  @Column({ name: 'module_policies', type: 'jsonb' })
  modulePolicies: Partial<Record<RecordModule, ConflictPolicy>>;

  /** When mapping-config saved these settings: an older event arriving late changes nothing. */
  @Column({ name: 'settings_changed_at', type: 'timestamptz' })
  settingsChangedAt: Date;
}
