import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoConnectionEntity } from './zoho-connection.entity';
import { zohoConnectionReferenceResolver } from './zoho-connection.reference';
import { ZohoConnectionRepository } from './zoho-connection.repository';
import { ZohoConnectionResolver } from './zoho-connection.resolver';
import { ZohoConnectionService } from './zoho-connection.service';

/** Zoho connections (data centre, org, scopes, token status): `zohoConnections` and the `ZohoConnection` entity. */
@SubgraphFeature({
  providers: [ZohoConnectionRepository, ZohoConnectionService],
  exports: [ZohoConnectionService],
  resolvers: [ZohoConnectionResolver],
  referenceResolvers: (services) => ({ ZohoConnection: zohoConnectionReferenceResolver(services.get(ZohoConnectionService)) }),
  entities: [ZohoConnectionEntity],
})
export class ZohoConnectionModule {}
