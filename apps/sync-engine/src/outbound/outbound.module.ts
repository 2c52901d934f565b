import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { IntegrationWorkModule } from '../integration-work/integration-work.module';
import { PortalDealSchemaModule } from '../portal-deal-schema/portal-deal-schema.module';
import { SyncMetricsModule } from '../sync-metrics/sync-metrics.module';
import { SyncRunModule } from '../sync-run/sync-run.module';
import { ZohoAccessModule } from '../zoho-access/zoho-access.module';
import { OutboundChangeEntity } from './outbound-change.entity';
import { OutboundChangeRepository } from './outbound-change.repository';
import { OutboundChangeService } from './outbound-change.service';
import { OutboundFlushStep } from './outbound-flush.step';
import { outboundConfig } from './outbound.config';
import { OutboundZohoWriter } from './outbound-zoho-writer';

/** Outbound sync (portal → Zoho): portal deal writes queued, debounced, batched and written to Zoho by upsert on the match key. */
@SubgraphFeature({
  imports: [IntegrationWorkModule, PortalDealSchemaModule, SyncRunModule, ZohoAccessModule, SyncMetricsModule],
  config: outboundConfig,
  providers: [OutboundChangeRepository, OutboundChangeService, OutboundZohoWriter, OutboundFlushStep],
  entities: [OutboundChangeEntity],
})
export class OutboundModule {}
