import { ServiceKafkaModule } from '@crm-bridge/kafka';
import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { mappingConfigMigrations } from './database/mapping-config.migrations';
import { IntegrationModule } from './integration/integration.module';
import { MappingVersionModule } from './mapping-version/mapping-version.module';
import { PortalDealSchemaModule } from './portal-deal-schema/portal-deal-schema.module';
import { ZohoConnectionModule } from './zoho-connection/zoho-connection.module';
import { ZohoMetadataModule } from './zoho-metadata/zoho-metadata.module';

/** mapping-config: integration settings, the portal's deal schema, Zoho metadata discovery and immutable mapping versions (ARCHITECTURE §2). */
export const mappingConfigService: SubgraphServiceDefinition = {
  serviceName: 'mapping-config',
  defaultPort: 4002,
  database: { schema: 'mapping_config', migrations: mappingConfigMigrations },
  features: [ServiceKafkaModule, ZohoConnectionModule, IntegrationModule, ZohoMetadataModule, MappingVersionModule, PortalDealSchemaModule],
};
