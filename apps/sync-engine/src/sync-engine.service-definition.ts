import type { SubgraphServiceDefinition } from '@crm-bridge/service-runtime';
import { syncEngineDatabase } from './database/sync-engine.database';
import { PortalRecordService } from './portal-record/portal-record.service';
import { portalRecordReferenceResolvers } from './portal-record/portal-record.reference';
import { AccountResolver } from './account/account.resolver';
import { accountKind } from './account/account.kind';
import { ContactResolver } from './contact/contact.resolver';
import { contactKind } from './contact/contact.kind';
import { DealResolver } from './deal/deal.resolver';
import { dealKind } from './deal/deal.kind';
import { LeadResolver } from './lead/lead.resolver';
import { leadKind } from './lead/lead.kind';
import { SyncIssueResolver } from './sync-run/sync-issue.resolver';
import { SyncRunResolver } from './sync-run/sync-run.resolver';
import { SyncRunService } from './sync-run/sync-run.service';
import { syncRunReferenceResolver } from './sync-run/sync-run.reference';
import { SyncEngineModule } from './sync-engine.module';

export const syncEngineService: SubgraphServiceDefinition = {
  serviceName: 'sync-engine',
  defaultPort: 4003,
  appModule: SyncEngineModule,
  database: syncEngineDatabase,
  subgraph: {
    name: 'sync-engine',
    resolvers: [DealResolver, ContactResolver, LeadResolver, AccountResolver, SyncRunResolver, SyncIssueResolver],
    referenceResolvers: (services) => ({
      ...portalRecordReferenceResolvers(services.get(PortalRecordService), [dealKind, contactKind, leadKind, accountKind]),
      SyncRun: syncRunReferenceResolver(services.get(SyncRunService)),
    }),
  },
};
