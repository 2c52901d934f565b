import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { IntegrationEntity } from './integration.entity';
import { integrationReferenceResolver } from './integration.reference';
import { IntegrationRepository } from './integration.repository';
import { IntegrationResolver } from './integration.resolver';
import { IntegrationService } from './integration.service';

/** Integrations and their settings: `integrations`, `integration(id)` and the `Integration` entity. */
@SubgraphFeature({
  providers: [IntegrationRepository, IntegrationService],
  exports: [IntegrationService],
  resolvers: [IntegrationResolver],
  referenceResolvers: (services) => ({ Integration: integrationReferenceResolver(services.get(IntegrationService)) }),
  entities: [IntegrationEntity],
})
export class IntegrationModule {}
