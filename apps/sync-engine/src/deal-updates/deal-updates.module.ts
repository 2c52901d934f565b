import { SERVICE_CONFIG, SubgraphFeature } from '@crm-bridge/service-runtime';
import { PortalRecordModule } from '../portal-record/portal-record.module';
import { DealUpdateFeed } from './deal-update-feed';
import { dealUpdatesConfig, type DealUpdatesConfig } from './deal-updates.config';
import { DealUpdatesResolver } from './deal-updates.resolver';
import { DealUpdatesService } from './deal-updates.service';

/**
 * `dealUpdated`: live deal updates over graphql-ws (through the gateway), fed by this instance's
 * own consumer of `deal.updated` and resumable within DEAL_UPDATES_RETENTION_SECONDS.
 */
@SubgraphFeature({
  imports: [PortalRecordModule],
  providers: [
    {
      provide: DealUpdateFeed,
      inject: [SERVICE_CONFIG],
      useFactory: (config: DealUpdatesConfig) => new DealUpdateFeed(config.DEAL_UPDATES_RETENTION_SECONDS * 1000),
    },
    DealUpdatesService,
  ],
  resolvers: [DealUpdatesResolver],
  config: dealUpdatesConfig,
})
export class DealUpdatesModule {}
