import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import type { ConflictPolicy, ContactTargetModule, ModuleSyncSetting, RegistrationCollisionSettings } from '@crm-bridge/contracts';

/**
 * One portal ↔ Zoho org integration and its settings. The mappings themselves live in immutable
 * {@link MappingVersionEntity} rows; `publishedVersion` says which one sync uses.
 */
@Entity({ name: 'integrations' })
@Index('IDX_integrations_tenant_created', ['tenantId', 'createdAt', 'id'])
// One integration per tenant and Zoho connection: two would sync the same records twice.
@Index('UQ_integrations_tenant_connection', ['tenantId', 'connectionId'], { unique: true })
export class IntegrationEntity extends TenantScopedEntity {
  @Column({ type: 'text' })
  name: string;

  /** Id of auth-connector's `ZohoConnection`; another service's row, so no foreign key. */
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  /**
   * One entry per `RecordModule`, in `RECORD_MODULES` order: whether it syncs and which way.
   * Validated (`moduleSyncSettingSchema`) before it is stored; jsonb because it is always read and
   * written whole with the integration.
   */
  @Column({ type: 'jsonb' })
  modules: ModuleSyncSetting[];

  // Enums are stored as plain text: a new value needs no ALTER TYPE migration.
  @Column({ name: 'contact_target_module', type: 'text' })
  contactTargetModule: ContactTargetModule;

  @Column({ name: 'conflict_policy', type: 'text' })
  conflictPolicy: ConflictPolicy;

  /** Period of the incremental poll that backs up Zoho notifications. */
  @Column({ name: 'sync_interval_minutes', type: 'integer' })
  syncIntervalMinutes: number;

  /** How long a portal record must stay unchanged before it is sent to Zoho. */
  @Column({ name: 'debounce_seconds', type: 'integer' })
  debounceSeconds: number;

  /** Only records modified on or after this day (`YYYY-MM-DD`, in `timeZone`) sync; null: all. */
  @Column({ name: 'sync_records_from', type: 'date', nullable: true })
  syncRecordsFrom: string | null;

  /** The integration's IANA time zone, e.g. `Europe/Berlin`. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  /**
   * The integration's own deal-registration collision rules (validated against
   * `registrationCollisionSettingsSchema`); null: sync-engine's service-wide defaults, as for every
   * integration saved before the rules existed.
   */
  @Column({ name: 'registration_collisions', type: 'jsonb', nullable: true })
  registrationCollisions: RegistrationCollisionSettings | null;

  @Column({ type: 'boolean' })
  enabled: boolean;

  /** `version` of the mapping sync uses; null until one is published. */
  @Column({ name: 'published_version', type: 'integer', nullable: true })
  publishedVersion: number | null;
}
