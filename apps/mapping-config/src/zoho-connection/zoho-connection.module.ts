import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoConnectionEntity } from './zoho-connection.entity';
import { ZohoConnectionRepository } from './zoho-connection.repository';
import { ZohoConnectionService } from './zoho-connection.service';

/** The tenants' Zoho connections as `connection.connected` events describe them (org time zone). */
@SubgraphFeature({
  providers: [ZohoConnectionRepository, ZohoConnectionService],
  entities: [ZohoConnectionEntity],
})
export class ZohoConnectionModule {}
