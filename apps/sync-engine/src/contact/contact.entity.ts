import { Column, Entity, Index } from 'typeorm';
import { PersonRecordEntity } from '../portal-record/person-record.entity';

/** A portal contact; `zohoId` links it to its Zoho Contacts record once synced. */
@Entity({ name: 'contacts' })
@Index('IDX_contacts_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('UQ_contacts_integration_zoho_id', ['integrationId', 'zohoId'], { unique: true, where: 'zoho_id IS NOT NULL' })
export class ContactEntity extends PersonRecordEntity {
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /**
   * The contact's account. Deliberately no foreign key: inbound sync may store a contact before
   * the account it names, so `Contact.account` resolves to null until that account arrives.
   */
  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;
}
