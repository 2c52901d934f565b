import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalDealSchemaEntity } from './portal-deal-schema.entity';
import { PortalDealSchemaRepository } from './portal-deal-schema.repository';
import { PortalDealSchemaService } from './portal-deal-schema.service';

/** Each integration's portal deal phases and custom fields, kept current from `portal-deal-schema.changed` events. */
@SubgraphFeature({
  providers: [PortalDealSchemaRepository, PortalDealSchemaService],
  exports: [PortalDealSchemaService],
  entities: [PortalDealSchemaEntity],
})
export class PortalDealSchemaModule {}
