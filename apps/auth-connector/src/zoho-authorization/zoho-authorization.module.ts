import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ZohoConnectionModule } from '../zoho-connection/zoho-connection.module';
import { ZohoAuthorizationCallbackController } from './zoho-authorization-callback.controller';
import { ZohoAuthorizationStateEntity } from './zoho-authorization-state.entity';
import { ZohoAuthorizationStateRepository } from './zoho-authorization-state.repository';
import { ZohoAuthorizationResolver } from './zoho-authorization.resolver';
import { ZohoAuthorizationService } from './zoho-authorization.service';

/** Connecting by Zoho's redirect flow: `startZohoConnection` and the `GET /oauth/zoho/callback` route. */
@SubgraphFeature({
  imports: [ZohoConnectionModule],
  controllers: [ZohoAuthorizationCallbackController],
  providers: [ZohoAuthorizationStateRepository, ZohoAuthorizationService],
  resolvers: [ZohoAuthorizationResolver],
  entities: [ZohoAuthorizationStateEntity],
})
export class ZohoAuthorizationModule {}
