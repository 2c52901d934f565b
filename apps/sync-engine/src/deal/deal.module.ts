import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { portalRecordReferenceResolvers } from '../portal-record/portal-record.reference';
import { PortalRecordService } from '../portal-record/portal-record.service';
import { DealEntity } from './deal.entity';
import { dealKind } from './deal.kind';
import { DealResolver } from './deal.resolver';

/** Portal deals: `deals`, `deal(id)` and the `Deal` entity. */
@SubgraphFeature({
  imports: [PortalRecordModule],
  resolvers: [DealResolver],
  referenceResolvers: (services) => portalRecordReferenceResolvers(services.get(PortalRecordService), [dealKind]),
  entities: [DealEntity],
})
export class DealModule {}
