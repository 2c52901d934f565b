import { Column, Entity, Index } from 'typeorm';
import { PortalRecordEntity } from '../portal-record/portal-record.entity';

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

  /** Decimal kept exact: PostgreSQL numeric, exposed as a string (never a float). */
  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true })
  amount: string | null;

  @Column({ name: 'currency_code', type: 'char', length: 3, nullable: true })
  currencyCode: string | null;

  /** A calendar date (Zoho's Closing_Date), not an instant. */
  @Column({ name: 'closing_date', type: 'date', nullable: true })
  closingDate: string | null;
}
