import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { IntegrationModule } from '../integration/integration.module';
import { PortalDealSchemaModule } from '../portal-deal-schema/portal-deal-schema.module';
import { ZohoMetadataModule } from '../zoho-metadata/zoho-metadata.module';
import { IntegrationVersionsResolver } from './integration-versions.resolver';
import { MappingVersionEntity } from './mapping-version.entity';
import { mappingVersionReferenceResolver } from './mapping-version.reference';
import { MappingVersionRepository } from './mapping-version.repository';
import { MappingVersionResolver } from './mapping-version.resolver';
import { MappingVersionService } from './mapping-version.service';

/** Immutable mapping versions: publishing one, reading them, `Integration.versions`, the `MappingVersion` entity. */
@SubgraphFeature({
  imports: [IntegrationModule, ZohoMetadataModule, PortalDealSchemaModule],
  providers: [MappingVersionRepository, MappingVersionService],
  resolvers: [MappingVersionResolver, IntegrationVersionsResolver],
  referenceResolvers: (services) => ({ MappingVersion: mappingVersionReferenceResolver(services.get(MappingVersionService)) }),
  entities: [MappingVersionEntity],
})
export class MappingVersionModule {}
