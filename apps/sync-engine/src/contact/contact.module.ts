import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { portalRecordReferenceResolvers } from '../portal-record/portal-record.reference';
import { PortalRecordService } from '../portal-record/portal-record.service';
import { ContactEntity } from './contact.entity';
import { contactKind } from './contact.kind';
import { ContactResolver } from './contact.resolver';

/** Portal contacts: `contacts`, `contact(id)`, `Contact.account` and the `Contact` entity. */
@SubgraphFeature({
  imports: [PortalRecordModule],
  resolvers: [ContactResolver],
  referenceResolvers: (services) => portalRecordReferenceResolvers(services.get(PortalRecordService), [contactKind]),
  entities: [ContactEntity],
})
export class ContactModule {}
