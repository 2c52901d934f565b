import { Column } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * Columns every portal record (deal, contact, lead, account) has: the integration it syncs
 * through and, once synced, the id of its Zoho record. Each kind's table declares its own
 * indexes, because index names are unique per PostgreSQL schema.
 */
export abstract class PortalRecordEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'zoho_id', type: 'text', nullable: true })
  zohoId: string | null;
}
