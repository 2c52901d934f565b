import type { ServiceDatabaseDefinition } from '@crm-bridge/persistence';
import { ZohoConnectionEntity } from '../zoho-connection/zoho-connection.entity';
import { CreateZohoConnections1795332811943 } from './migrations/1795332811943-CreateZohoConnections';

/** auth-connector's schema, entities and migrations, in the order they apply. */
export const authConnectorDatabase: ServiceDatabaseDefinition = {
  schema: 'auth_connector',
  entities: [ZohoConnectionEntity],
  migrations: [CreateZohoConnections1795332811943],
};
