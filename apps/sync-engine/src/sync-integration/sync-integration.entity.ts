import { Column, Entity, Index } from 'typeorm';
import type { IntegrationSettings } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * An integration's sync settings as mapping-config last published them (`integration.settings-changed`),
 * so sync-engine never reads mapping-config's tables. One row per integration.
 */
@Entity({ name: 'sync_integrations' })
@Index('UQ_sync_integrations_integration', ['integrationId'], { unique: true })
export class SyncIntegrationEntity extends TenantScopedEntity {
  /** mapping-config's integration; another service's row, so no foreign key. */
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ type: 'jsonb' })
  settings: IntegrationSettings;

  /** When mapping-config saved these settings (the event's `occurredAt`): an older event never replaces a newer one. */
  @Column({ name: 'settings_saved_at', type: 'timestamptz', precision: 3 })
  settingsSavedAt: Date;
}
