import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalDealSchemaModule } from '../portal-deal-schema/portal-deal-schema.module';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { SyncIntegrationModule } from '../sync-integration/sync-integration.module';
import { dealRegistrationConfig } from './deal-registration.config';
import { DealRegistrationCollisionResolver, RegistrationCollisionResolver } from './deal-registration.resolver';
import { DealRegistrationService } from './deal-registration.service';
import { RegistrationCollisionEntity } from './registration-collision.entity';
import { RegistrationCollisionRepository } from './registration-collision.repository';

/**
 * Deal-registration collisions: a new deal registered by one partner for an account another
 * partner registered a similar deal for shortly before is held (not written to Zoho) for a tenant
 * admin to approve, merge or reject, by the integration's own rules (`registrationCollisions` of
 * its settings replica) or the service's config. DealModule runs the hold check in every create.
 */
@SubgraphFeature({
  imports: [PortalRecordModule, PortalDealSchemaModule, SyncIntegrationModule],
  config: dealRegistrationConfig,
  providers: [RegistrationCollisionRepository, DealRegistrationService],
  exports: [DealRegistrationService],
  resolvers: [RegistrationCollisionResolver, DealRegistrationCollisionResolver],
  entities: [RegistrationCollisionEntity],
})
export class DealRegistrationModule {}
