import { Column, Entity, Index } from 'typeorm';
import { PortalRecordEntity } from '../portal-record/portal-record.entity';

/** A portal account (a company); `zohoId` links it to its Zoho Accounts record once synced. */
@Entity({ name: 'accounts' })
@Index('IDX_accounts_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('UQ_accounts_integration_zoho_id', ['integrationId', 'zohoId'], { unique: true, where: 'zoho_id IS NOT NULL' })
export class AccountEntity extends PortalRecordEntity {
  /** Zoho's Account_Name, mandatory there. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ type: 'text', nullable: true })
  industry: string | null;
}
