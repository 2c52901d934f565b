import { Column, Entity, Index } from 'typeorm';
import type { RecordSyncStatus } from '@crm-bridge/contracts';
import { PortalRecordEntity } from '../portal-record/portal-record.entity';

/** The value of one of the tenant's custom deal fields, in its text form (see `deal-input.validation.ts`). */
export interface DealCustomFieldValue {
  apiName: string;
  value: string;
}

/** A portal deal as sync-engine stores it; `zohoId` links it to its Zoho Deals record once synced. */
@Entity({ name: 'deals' })
@Index('IDX_deals_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('UQ_deals_integration_zoho_id', ['integrationId', 'zohoId'], { unique: true, where: 'zoho_id IS NOT NULL' })
export class DealEntity extends PortalRecordEntity {
  @Column({ type: 'text' })
  name: string;

  /** The portal's phase; mapping-config maps it to a Zoho stage. */
  @Column({ type: 'text' })
  phase: string;

  /** The portal pipeline the deal is in, when the portal has several. */
  @Column({ type: 'text', nullable: true })
  pipeline: string | null;

  /** Decimal kept exact: PostgreSQL numeric, exposed as a string (never a float). */
  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true })
  amount: string | null;

  @Column({ name: 'currency_code', type: 'char', length: 3, nullable: true })
  currencyCode: string | null;

  /** A calendar date (Zoho's Closing_Date), not an instant. */
  @Column({ name: 'closing_date', type: 'date', nullable: true })
  closingDate: string | null;

  /** Portal ids of the lookups (ARCHITECTURE §6: lookups as ids); other systems' ids, so no foreign keys. */
  @Column({ name: 'account_id', type: 'text', nullable: true })
  accountId: string | null;

  @Column({ name: 'partner_id', type: 'text', nullable: true })
  partnerId: string | null;

  @Column({ name: 'owner_id', type: 'text', nullable: true })
  ownerId: string | null;

  /** Only fields the integration's portal deal schema declares, each checked against its type when written. */
  @Column({ name: 'custom_fields', type: 'jsonb', default: () => "'[]'" })
  customFields: DealCustomFieldValue[];

  /** PENDING from every portal write until outbound sync writes it to Zoho. */
  @Column({ name: 'sync_status', type: 'text', default: 'PENDING' })
  syncStatus: RecordSyncStatus;

  /** Why the last sync of this deal failed; null unless `syncStatus` is FAILED. */
  @Column({ name: 'last_sync_error', type: 'text', nullable: true })
  lastSyncError: string | null;
}
