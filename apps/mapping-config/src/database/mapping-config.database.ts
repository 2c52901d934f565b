import type { ServiceDatabaseDefinition } from '@crm-bridge/persistence';
import { IntegrationEntity } from '../integration/integration.entity';
import { MappingVersionEntity } from '../mapping-version/mapping-version.entity';
import { CreateIntegrationsAndMappingVersions1795332816133 } from './migrations/1795332816133-CreateIntegrationsAndMappingVersions';

/** mapping-config's schema, entities and migrations, in the order they apply. */
export const mappingConfigDatabase: ServiceDatabaseDefinition = {
  schema: 'mapping_config',
  entities: [IntegrationEntity, MappingVersionEntity],
  migrations: [CreateIntegrationsAndMappingVersions1795332816133],
};
