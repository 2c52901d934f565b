import type { ServiceDatabaseDefinition } from '@crm-bridge/persistence';
import { AccountEntity } from '../account/account.entity';
import { ContactEntity } from '../contact/contact.entity';
import { DealEntity } from '../deal/deal.entity';
import { LeadEntity } from '../lead/lead.entity';
import { SyncIssueEntity } from '../sync-run/sync-issue.entity';
import { SyncRunEntity } from '../sync-run/sync-run.entity';
import { CreateDeals1795332540535 } from './migrations/1795332540535-CreateDeals';
import { CreatePortalRecordsAndSyncRuns1795333170136 } from './migrations/1795333170136-CreatePortalRecordsAndSyncRuns';

/** sync-engine's schema, entities and migrations, in the order they apply. */
export const syncEngineDatabase: ServiceDatabaseDefinition = {
  schema: 'sync_engine',
  entities: [DealEntity, ContactEntity, LeadEntity, AccountEntity, SyncRunEntity, SyncIssueEntity],
  migrations: [CreateDeals1795332540535, CreatePortalRecordsAndSyncRuns1795333170136],
};
