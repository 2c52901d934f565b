import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * What mapping-config knows of a tenant's Zoho connection, from auth-connector's
 * `connection.connected` events: that it exists in this tenant, and the org's time zone new
 * integrations default to. auth-connector owns the connection; this is a copy kept from its events.
 */
@Entity({ name: 'zoho_connections' })
@Index('UQ_zoho_connections_tenant_connection', ['tenantId', 'connectionId'], { unique: true })
export class ZohoConnectionEntity extends TenantScopedEntity {
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ name: 'zoho_org_id', type: 'text' })
  zohoOrgId: string;

  /** IANA time zone of the Zoho org, e.g. `Europe/Berlin`. */
  @Column({ name: 'org_time_zone', type: 'text' })
  orgTimeZone: string;
}
