import { Column, Entity, Index } from 'typeorm';
import type { PortalCustomDealField, PortalDealPhase } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * The portal side of a tenant's deals: its phases and its custom deal fields. One row per tenant,
 * not per integration: they describe the tenant's portal, which every integration of the tenant
 * syncs. Both lists are replaced whole and validated before they are stored, so jsonb is enough.
 */
@Entity({ name: 'portal_deal_schemas' })
@Index('UQ_portal_deal_schemas_tenant', ['tenantId'], { unique: true })
export class PortalDealSchemaEntity extends TenantScopedEntity {
  /** In the order deals move through them. */
  @Column({ type: 'jsonb' })
  phases: PortalDealPhase[];

  @Column({ name: 'custom_fields', type: 'jsonb' })
  customFields: PortalCustomDealField[];

  /** 1, 2, 3… per change of either list; 0 for a row created before either was set. */
  @Column({ type: 'integer' })
  revision: number;
}
