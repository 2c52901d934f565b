import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import type { ZohoApiVersion, ZohoDataCentre, ZohoReadStrategy } from '@crm-bridge/contracts';

/**
 * One started Zoho consent: the `state` sent to Zoho binds the callback to the tenant and user who
 * started it. Only the state's SHA-256 is stored (a database reader cannot complete someone's
 * consent), it is single use (`consumed_at`) and expires within minutes.
 */
@Entity({ name: 'zoho_authorization_states' })
@Index('UQ_zoho_authorization_states_hash', ['stateHash'], { unique: true })
export class ZohoAuthorizationStateEntity extends TenantScopedEntity {
  /** base64url SHA-256 of the state value. */
  @Column({ name: 'state_hash', type: 'text' })
  stateHash: string;

  /** The portal user who started the consent; the connection is recorded as theirs. */
  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @Column({ name: 'data_centre', type: 'text' })
  dataCentre: ZohoDataCentre;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  /** The caller's own client secret, sealed by the token vault; null when the configured default client is used. */
  @Column({ name: 'encrypted_client_secret', type: 'bytea', nullable: true })
  encryptedClientSecret: Buffer | null;

  @Column({ name: 'encryption_key_id', type: 'text', nullable: true })
  encryptionKeyId: string | null;

  /** Must be sent again, identical, with the code exchange. */
  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set by the first callback that presents the state; a second one is a replay. */
  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  /** Connection settings asked for when the consent started; null keeps the connection's (or the default). */
  @Column({ name: 'api_version', type: 'text', nullable: true })
  apiVersion: ZohoApiVersion | null;

  @Column({ name: 'read_strategy', type: 'text', nullable: true })
  readStrategy: ZohoReadStrategy | null;
}
