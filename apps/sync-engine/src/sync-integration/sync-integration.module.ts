import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { SyncConnectionEntity } from './sync-connection.entity';
import { SyncIntegrationEntity } from './sync-integration.entity';
import { SyncIntegrationRepository } from './sync-integration.repository';
import { SyncIntegrationService } from './sync-integration.service';

/** sync-engine's copies of integration settings (mapping-config) and Zoho connections (auth-connector). */
@SubgraphFeature({
  providers: [SyncIntegrationRepository, SyncIntegrationService],
  exports: [SyncIntegrationRepository],
  entities: [SyncIntegrationEntity, SyncConnectionEntity],
})
export class SyncIntegrationModule {}
