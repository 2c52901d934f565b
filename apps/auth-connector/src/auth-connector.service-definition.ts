import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { authConnectorDatabase } from './database/auth-connector.database';
import { ZohoConnectionResolver } from './zoho-connection/zoho-connection.resolver';
import { ZohoConnectionService } from './zoho-connection/zoho-connection.service';
import { zohoConnectionReferenceResolver } from './zoho-connection/zoho-connection.reference';
import { AuthConnectorModule } from './auth-connector.module';

export const authConnectorService: SubgraphServiceDefinition = {
  serviceName: 'auth-connector',
  defaultPort: 4001,
  appModule: AuthConnectorModule,
  database: authConnectorDatabase,
  subgraph: {
    name: 'auth-connector',
    resolvers: [ZohoConnectionResolver],
    referenceResolvers: (services) => ({ ZohoConnection: zohoConnectionReferenceResolver(services.get(ZohoConnectionService)) }),
  },
};
