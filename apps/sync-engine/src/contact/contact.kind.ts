import { definePortalRecordKind } from '../portal-record/portal-record.kind';
import { ContactEntity } from './contact.entity';
import { Contact, ContactConnection } from './contact.type';

export const contactKind = definePortalRecordKind({
  entity: ContactEntity,
  type: Contact,
  connection: ContactConnection,
  listQuery: 'contacts',
  byIdQuery: 'contact',
});
