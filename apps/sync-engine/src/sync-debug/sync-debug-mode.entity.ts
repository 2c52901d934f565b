import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/** An integration whose Zoho calls sync keeps summaries of, until `enabledUntil`; no row = off. */
@Entity({ name: 'sync_debug_modes' })
@Index('UQ_sync_debug_modes_integration', ['tenantId', 'integrationId'], { unique: true })
@Index('IDX_sync_debug_modes_enabled_until', ['enabledUntil'])
export class SyncDebugModeEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'enabled_until', type: 'timestamptz', precision: 3 })
  enabledUntil: Date;

  /** Who turned it on last (the caller's user id), for the audit a support case asks for. */
  @Column({ name: 'enabled_by', type: 'text' })
  enabledBy: string;
}
