import { Column, Entity, Index } from 'typeorm';
import type { PortalCustomDealField, PortalDealPhase } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * The portal's deal phases and custom deal fields as one integration knows them, copied from
 * mapping-config's `portal-deal-schema.changed` events (sync-engine never reads its tables). One
 * row per integration, replaced only by a higher revision. A deal write checks its phase and
 * custom fields against it; no row means sync-engine has not heard of the integration.
 */
@Entity({ name: 'portal_deal_schemas' })
@Index('UQ_portal_deal_schemas_integration', ['integrationId'], { unique: true })
export class PortalDealSchemaEntity extends TenantScopedEntity {
  /** mapping-config's integration; another service's row, so no foreign key. */
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'integer' })
  revision: number;

  /** In the order deals move through them. */
  @Column({ type: 'jsonb' })
  phases: PortalDealPhase[];

  @Column({ name: 'custom_fields', type: 'jsonb' })
  customFields: PortalCustomDealField[];
}
