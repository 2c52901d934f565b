import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalDealSchemaEntity } from './portal-deal-schema.entity';
import { PortalDealSchemaRepository } from './portal-deal-schema.repository';
import { PortalDealSchemaResolver } from './portal-deal-schema.resolver';
import { PortalDealSchemaService } from './portal-deal-schema.service';

/** The portal side of a tenant's deals: phases and deal fields, read and replaced by tenant admins, and read as the model mappings are validated against. */
@SubgraphFeature({
  providers: [PortalDealSchemaRepository, PortalDealSchemaService],
  exports: [PortalDealSchemaService],
  resolvers: [PortalDealSchemaResolver],
  entities: [PortalDealSchemaEntity],
})
export class PortalDealSchemaModule {}
