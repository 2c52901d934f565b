import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { portalRecordReferenceResolvers } from '../portal-record/portal-record.reference';
import { PortalRecordService } from '../portal-record/portal-record.service';
import { LeadEntity } from './lead.entity';
import { leadKind } from './lead.kind';
import { LeadResolver } from './lead.resolver';

/** Portal leads: `leads`, `lead(id)` and the `Lead` entity. */
@SubgraphFeature({
  imports: [PortalRecordModule],
  resolvers: [LeadResolver],
  referenceResolvers: (services) => portalRecordReferenceResolvers(services.get(PortalRecordService), [leadKind]),
  entities: [LeadEntity],
})
export class LeadModule {}
