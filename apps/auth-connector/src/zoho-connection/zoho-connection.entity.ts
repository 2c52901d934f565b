import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import {
  DEFAULT_ZOHO_API_VERSION,
  DEFAULT_ZOHO_READ_STRATEGY,
  type ZohoApiVersion,
  type ZohoDataCentre,
  type ZohoReadStrategy,
} from '@crm-bridge/contracts';
import { ZohoConnectionStatus } from './zoho-connection.enums';

/**
 * A tenant's OAuth connection to one Zoho CRM org. The token columns hold AES-256-GCM ciphertext
 * and never leave this service except as short-lived access tokens from its internal endpoint
 * (ARCHITECTURE §5); `ZohoConnectionService` maps rows to the GraphQL type field by field so they
 * cannot leak through it.
 */
@Entity({ name: 'zoho_connections' })
@Index('IDX_zoho_connections_tenant_created', ['tenantId', 'createdAt', 'id'])
// One connection per Zoho org and tenant; rows whose OAuth exchange has not finished have no org yet.
@Index('UQ_zoho_connections_tenant_org', ['tenantId', 'zohoOrgId'], { unique: true, where: 'zoho_org_id IS NOT NULL' })
export class ZohoConnectionEntity extends TenantScopedEntity {
  // Enums are stored as plain text: a new data centre or status needs no ALTER TYPE migration.
  @Column({ name: 'data_centre', type: 'text' })
  dataCentre: ZohoDataCentre;

  /** OAuth server of the org's data centre, e.g. `https://accounts.zoho.eu`. */
  @Column({ name: 'accounts_server', type: 'text' })
  accountsServer: string;

  /** Base URL of the org's CRM API as Zoho returned it with the token, e.g. `https://www.zohoapis.eu`. */
  @Column({ name: 'api_domain', type: 'text' })
  apiDomain: string;

  @Column({ name: 'zoho_org_id', type: 'text', nullable: true })
  zohoOrgId: string | null;

  @Column({ name: 'zoho_org_name', type: 'text', nullable: true })
  zohoOrgName: string | null;

  /** The org's IANA time zone (`time_zone` of `GET /org`); sync reads and writes local date-times in it. */
  @Column({ name: 'zoho_org_time_zone', type: 'text', nullable: true })
  zohoOrgTimeZone: string | null;

  /** The org's home currency ISO code, e.g. `EUR`. */
  @Column({ name: 'zoho_org_currency', type: 'text', nullable: true })
  zohoOrgCurrency: string | null;

  /** Zoho CRM edition (`license_details.paid_type`), e.g. `enterprise`; it sets the org's API credit budget. */
  @Column({ name: 'zoho_org_edition', type: 'text', nullable: true })
  zohoOrgEdition: string | null;

  /** User licences the org bought (`license_details.users_license_purchased`); with the edition it sets the org's daily API credits. Null when Zoho did not say. */
  @Column({ name: 'zoho_org_user_licences', type: 'integer', nullable: true })
  zohoOrgUserLicences: number | null;

  /** The Zoho user who granted access; API calls act as this user. */
  @Column({ name: 'zoho_user_id', type: 'text', nullable: true })
  zohoUserId: string | null;

  @Column({ name: 'zoho_user_email', type: 'text', nullable: true })
  zohoUserEmail: string | null;

  /** The portal user who connected the org. */
  @Column({ name: 'connected_by_user_id', type: 'text', nullable: true })
  connectedByUserId: string | null;

  /** OAuth client id the tokens were issued to; refreshes must use the same client. */
  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId: string | null;

  /** The client secret, sealed like the tokens: a refresh needs it. */
  @Column({ name: 'encrypted_client_secret', type: 'bytea', nullable: true })
  encryptedClientSecret: Buffer | null;

  /** OAuth scopes Zoho granted, which may be fewer than those requested. */
  @Column({ name: 'granted_scopes', type: 'text', array: true })
  grantedScopes: string[];

  @Column({ type: 'text' })
  status: ZohoConnectionStatus;

  @Column({ name: 'encrypted_refresh_token', type: 'bytea', nullable: true })
  encryptedRefreshToken: Buffer | null;

  @Column({ name: 'encrypted_access_token', type: 'bytea', nullable: true })
  encryptedAccessToken: Buffer | null;

  @Column({ name: 'access_token_expires_at', type: 'timestamptz', nullable: true })
  accessTokenExpiresAt: Date | null;

  /** Which key encrypted the tokens and the client secret (all three are always sealed together), so keys can rotate while old ciphertext stays readable. */
  @Column({ name: 'encryption_key_id', type: 'text', nullable: true })
  encryptionKeyId: string | null;

  /** When the OAuth code exchange completed; null while it has not. */
  @Column({ name: 'connected_at', type: 'timestamptz', nullable: true })
  connectedAt: Date | null;

  /** When an access token was last obtained with the refresh token; null before the first refresh. */
  @Column({ name: 'last_refreshed_at', type: 'timestamptz', nullable: true })
  lastRefreshedAt: Date | null;

  /** Zoho's error code of the last failed refresh, e.g. `invalid_code` when the grant was revoked. */
  @Column({ name: 'last_error_code', type: 'text', nullable: true })
  lastErrorCode: string | null;

  /** Why the connection is in its status when that needs explaining, e.g. why it needs a new consent. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  /** The Zoho API version calls for this connection use (an admin's choice, per org). */
  @Column({ name: 'api_version', type: 'text', default: DEFAULT_ZOHO_API_VERSION })
  apiVersion: ZohoApiVersion;

  /** How sync reads this org's records: chosen by size (AUTOMATIC), or one way forced. */
  @Column({ name: 'read_strategy', type: 'text', default: DEFAULT_ZOHO_READ_STRATEGY })
  readStrategy: ZohoReadStrategy;
}
