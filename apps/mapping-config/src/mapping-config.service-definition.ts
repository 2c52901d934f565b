import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { mappingConfigDatabase } from './database/mapping-config.database';
import { IntegrationResolver } from './integration/integration.resolver';
import { IntegrationService } from './integration/integration.service';
import { integrationReferenceResolver } from './integration/integration.reference';
import { IntegrationVersionsResolver } from './mapping-version/integration-versions.resolver';
import { MappingVersionResolver } from './mapping-version/mapping-version.resolver';
import { MappingVersionService } from './mapping-version/mapping-version.service';
import { mappingVersionReferenceResolver } from './mapping-version/mapping-version.reference';
import { MappingConfigModule } from './mapping-config.module';

export const mappingConfigService: SubgraphServiceDefinition = {
  serviceName: 'mapping-config',
  defaultPort: 4002,
  appModule: MappingConfigModule,
  database: mappingConfigDatabase,
  subgraph: {
    name: 'mapping-config',
    resolvers: [IntegrationResolver, IntegrationVersionsResolver, MappingVersionResolver],
    referenceResolvers: (services) => ({
      Integration: integrationReferenceResolver(services.get(IntegrationService)),
      MappingVersion: mappingVersionReferenceResolver(services.get(MappingVersionService)),
    }),
  },
};
