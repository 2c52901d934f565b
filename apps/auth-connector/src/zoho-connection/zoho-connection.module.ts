import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { TokenVault } from '../token-vault/token-vault';
import { ZohoAccountsModule } from '../zoho-accounts/zoho-accounts.module';
import { ConnectionSecretsCipher } from './connection-secrets';
import { ZohoConnectionEntity } from './zoho-connection.entity';
import { zohoConnectionReferenceResolver } from './zoho-connection.reference';
import { ZohoConnectionRepository } from './zoho-connection.repository';
import { ZohoConnectionResolver } from './zoho-connection.resolver';
import { ZohoConnectionService } from './zoho-connection.service';

/** Zoho connections (data centre, org, scopes, token status): connecting one, `zohoConnections` and the `ZohoConnection` entity. */
@SubgraphFeature({
  imports: [ZohoAccountsModule],
  providers: [TokenVault, ConnectionSecretsCipher, ZohoConnectionRepository, ZohoConnectionService],
  exports: [ZohoConnectionService, ConnectionSecretsCipher, ZohoConnectionRepository, TokenVault, ZohoAccountsModule],
  resolvers: [ZohoConnectionResolver],
  referenceResolvers: (services) => ({ ZohoConnection: zohoConnectionReferenceResolver(services.get(ZohoConnectionService)) }),
  entities: [ZohoConnectionEntity],
})
export class ZohoConnectionModule {}
