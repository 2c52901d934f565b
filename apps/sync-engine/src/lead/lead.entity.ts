import { Column, Entity, Index } from 'typeorm';
import { PersonRecordEntity } from '../portal-record/person-record.entity';

/** A portal lead; `zohoId` links it to its Zoho Leads record once synced. */
@Entity({ name: 'leads' })
@Index('IDX_leads_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('UQ_leads_integration_zoho_id', ['integrationId', 'zohoId'], { unique: true, where: 'zoho_id IS NOT NULL' })
export class LeadEntity extends PersonRecordEntity {
  /** The lead's company, as text: a lead has no account until it is converted. */
  @Column({ type: 'text', nullable: true })
  company: string | null;

  /** The portal's status; mapping-config maps it to a Zoho Lead_Status value. */
  @Column({ name: 'lead_status', type: 'text', nullable: true })
  leadStatus: string | null;
}
