import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { IntegrationModule } from '../integration/integration.module';
import { IntegrationVersionsResolver } from './integration-versions.resolver';
import { MappingVersionEntity } from './mapping-version.entity';
import { mappingVersionReferenceResolver } from './mapping-version.reference';
import { MappingVersionRepository } from './mapping-version.repository';
import { MappingVersionResolver } from './mapping-version.resolver';
import { MappingVersionService } from './mapping-version.service';

/** Immutable mapping versions: publishing one, reading them, `Integration.versions`, the `MappingVersion` entity. */
@SubgraphFeature({
  imports: [IntegrationModule],
  providers: [MappingVersionRepository, MappingVersionService],
  resolvers: [MappingVersionResolver, IntegrationVersionsResolver],
  referenceResolvers: (services) => ({ MappingVersion: mappingVersionReferenceResolver(services.get(MappingVersionService)) }),
  entities: [MappingVersionEntity],
})
export class MappingVersionModule {}
