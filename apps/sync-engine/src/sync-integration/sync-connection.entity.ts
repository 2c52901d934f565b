import { Column, Entity, Index } from 'typeorm';
import type { ZohoApiVersion, ZohoDataCentre, ZohoReadStrategy } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/** Whether sync may call Zoho through a connection; only auth-connector's events change it. */
export const SYNC_CONNECTION_STATES = ['CONNECTED', 'NEEDS_REAUTH', 'DISCONNECTED'] as const;
export type SyncConnectionState = (typeof SYNC_CONNECTION_STATES)[number];

/**
 * A Zoho connection as auth-connector's events describe it: the org, its edition and user licences
 * (Zoho's API limits depend on them), the API version and read strategy sync uses, and whether it can be used.
 * No tokens: those stay in auth-connector (ARCHITECTURE §5).
 */
@Entity({ name: 'sync_connections' })
@Index('UQ_sync_connections_connection', ['connectionId'], { unique: true })
export class SyncConnectionEntity extends TenantScopedEntity {
  /** auth-connector's connection; another service's row, so no foreign key. */
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ type: 'text' })
  state: SyncConnectionState;

  /** Why the connection cannot be used (Zoho's refusal, or who disconnected it); null while CONNECTED. */
  @Column({ name: 'state_reason', type: 'text', nullable: true })
  stateReason: string | null;

  @Column({ name: 'zoho_org_id', type: 'text' })
  zohoOrgId: string;

  @Column({ name: 'data_centre', type: 'text' })
  dataCentre: ZohoDataCentre;

  /** Zoho CRM edition, e.g. `enterprise`; null when Zoho did not say (the smallest limits are assumed). */
  @Column({ type: 'text', nullable: true })
  edition: string | null;

  /** User licences the org bought; with the edition they set its daily credits. Null when Zoho did not say (the limiter's default of 10 is assumed). */
  @Column({ name: 'user_licences', type: 'integer', nullable: true })
  userLicences: number | null;

  @Column({ name: 'api_version', type: 'text' })
  apiVersion: ZohoApiVersion;

  @Column({ name: 'read_strategy', type: 'text' })
  readStrategy: ZohoReadStrategy;

  /** The newest auth-connector event applied (its `occurredAt`): an older one never replaces it. */
  @Column({ name: 'last_event_at', type: 'timestamptz', precision: 3 })
  lastEventAt: Date;
}
