import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { ActiveMappingModule } from '../active-mapping/active-mapping.module';
import { IntegrationWorkModule } from '../integration-work/integration-work.module';
import { PortalDealSchemaModule } from '../portal-deal-schema/portal-deal-schema.module';
import { SyncIntegrationModule } from '../sync-integration/sync-integration.module';
import { SyncMetricsModule } from '../sync-metrics/sync-metrics.module';
import { SyncRunModule } from '../sync-run/sync-run.module';
import { ZohoAccessModule } from '../zoho-access/zoho-access.module';
import { DealPollStep } from './deal-poll.step';
import { FullSyncStep } from './full-sync.step';
import { IgnoredZohoDealEntity } from './ignored-zoho-deal.entity';
import { InboundApplier } from './inbound-applier';
import { inboundConfig } from './inbound.config';
import { InboundCursorEntity } from './inbound-cursor.entity';
import { InboundRepository } from './inbound.repository';
import { InboundResolver } from './inbound.resolver';
import { InboundRuns } from './inbound-runs';
import { InboundService } from './inbound.service';
import { NotifiedDealsStep } from './notified-deals.step';
import { NotifiedZohoRecordEntity } from './notified-zoho-record.entity';
import { ZohoChangeReader } from './zoho-change-reader';
import { ZohoDealReader } from './zoho-deal-reader';

/**
 * Inbound sync (Zoho → portal): the deals Zoho notifications named (queued in
 * `notified_zoho_records`), the incremental poll with its cursors (`inbound_cursors`), deletions,
 * initial, manual and mapping-change full syncs, and `triggerSync`. Its work steps run under the
 * integration's lease, in this order: notified deals first (the fastest path), then full syncs,
 * then the poll.
 */
@SubgraphFeature({
  imports: [
    IntegrationWorkModule,
    ZohoAccessModule,
    SyncRunModule,
    PortalDealSchemaModule,
    SyncIntegrationModule,
    ActiveMappingModule,
    SyncMetricsModule,
  ],
  config: inboundConfig,
  providers: [
    InboundRepository,
    InboundRuns,
    InboundApplier,
    ZohoDealReader,
    ZohoChangeReader,
    InboundService,
    NotifiedDealsStep,
    FullSyncStep,
    DealPollStep,
  ],
  resolvers: [InboundResolver],
  entities: [NotifiedZohoRecordEntity, InboundCursorEntity, IgnoredZohoDealEntity],
})
export class InboundModule {}
