import { ServiceKafkaModule } from '@crm-bridge/kafka';
import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { syncEngineMigrations } from './database/sync-engine.migrations';
import { AccountModule } from './account/account.module';
import { ActiveMappingModule } from './active-mapping/active-mapping.module';
import { ConflictResolutionModule } from './conflict-resolution/conflict-resolution.module';
import { ContactModule } from './contact/contact.module';
import { DealModule } from './deal/deal.module';
import { DealIntakeModule } from './deal-intake/deal-intake.module';
import { DealUpdatesModule } from './deal-updates/deal-updates.module';
import { DealRegistrationModule } from './deal-registration/deal-registration.module';
import { LeadModule } from './lead/lead.module';
import { PortalDealSchemaModule } from './portal-deal-schema/portal-deal-schema.module';
import { SyncDebugModule } from './sync-debug/sync-debug.module';
import { SyncRunModule } from './sync-run/sync-run.module';
import { SyncMetricsModule } from './sync-metrics/sync-metrics.module';
import { CreditBudgetModule } from './credit-budget/credit-budget.module';
import { InboundModule } from './inbound/inbound.module';
import { OutboundModule } from './outbound/outbound.module';
import { PartnerWebhooksModule } from './partner-webhooks/partner-webhooks.module';
import { IntegrationWorkModule } from './integration-work/integration-work.module';
import { RecordLinkModule } from './record-link/record-link.module';
import { SyncIntegrationModule } from './sync-integration/sync-integration.module';
import { ZohoAccessModule } from './zoho-access/zoho-access.module';
import { ZohoNotificationsModule } from './zoho-notifications/zoho-notifications.module';

/** sync-engine: the portal record store, the mappings and portal deal schemas sync applies, and sync runs (ARCHITECTURE §2). */
export const syncEngineService: SubgraphServiceDefinition = {
  serviceName: 'sync-engine',
  defaultPort: 4003,
  database: { schema: 'sync_engine', migrations: syncEngineMigrations },
  features: [
    ServiceKafkaModule,
    SyncMetricsModule,
    DealModule,
    DealIntakeModule,
    DealRegistrationModule,
    ContactModule,
    LeadModule,
    AccountModule,
    SyncRunModule,
    ActiveMappingModule,
    PortalDealSchemaModule,
    SyncIntegrationModule,
    ZohoAccessModule,
    RecordLinkModule,
    InboundModule,
    CreditBudgetModule,
    IntegrationWorkModule,
    OutboundModule,
    ZohoNotificationsModule,
    SyncDebugModule,
    PartnerWebhooksModule,
    DealUpdatesModule,
    ConflictResolutionModule,
  ],
};
