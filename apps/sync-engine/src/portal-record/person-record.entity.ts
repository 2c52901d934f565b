import { Column } from 'typeorm';
import { PortalRecordEntity } from './portal-record.entity';

/** Columns of the record kinds that are people: contacts and leads. */
export abstract class PersonRecordEntity extends PortalRecordEntity {
  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName: string | null;

  /** Zoho requires a last name on contacts and leads (Last_Name is mandatory in both modules). */
  @Column({ name: 'last_name', type: 'text' })
  lastName: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;
}
