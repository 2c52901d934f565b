import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { DealRegistrationModule } from '../deal-registration/deal-registration.module';
import { PortalDealSchemaModule } from '../portal-deal-schema/portal-deal-schema.module';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { portalRecordReferenceResolvers } from '../portal-record/portal-record.reference';
import { PortalRecordService } from '../portal-record/portal-record.service';
import { DealEntity } from './deal.entity';
import { dealKind } from './deal.kind';
import { DealRepository } from './deal.repository';
import { DealResolver } from './deal.resolver';
import { DealService } from './deal.service';

/** Portal deals: `deals`, `deal(id)`, `createDeal`/`updateDeal`/`deleteDeal` and the `Deal` entity. */
@SubgraphFeature({
  imports: [PortalRecordModule, PortalDealSchemaModule, DealRegistrationModule],
  providers: [DealRepository, DealService],
  exports: [DealService],
  resolvers: [DealResolver],
  referenceResolvers: (services) => portalRecordReferenceResolvers(services.get(PortalRecordService), [dealKind]),
  entities: [DealEntity],
})
export class DealModule {}
