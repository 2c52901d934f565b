import { ServiceKafkaModule } from '@crm-bridge/kafka';
import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { ApiKeyModule } from './api-key/api-key.module';
import { authConnectorMigrations } from './database/auth-connector.migrations';
import { InternalAccessTokenModule } from './internal-access-token/internal-access-token.module';
import { ZohoAuthorizationModule } from './zoho-authorization/zoho-authorization.module';
import { ZohoConnectionModule } from './zoho-connection/zoho-connection.module';
import { tokenVaultConfig } from './token-vault/token-vault.config';
import { zohoAccountsConfig } from './zoho-accounts/zoho-accounts.config';

/** auth-connector: Zoho connections and their tokens (ARCHITECTURE §2, §5), and partner API keys. */
export const authConnectorService: SubgraphServiceDefinition = {
  serviceName: 'auth-connector',
  defaultPort: 4001,
  config: { ...tokenVaultConfig, ...zohoAccountsConfig },
  database: { schema: 'auth_connector', migrations: authConnectorMigrations },
  features: [ServiceKafkaModule, ZohoConnectionModule, ZohoAuthorizationModule, InternalAccessTokenModule, ApiKeyModule],
};
