import { randomUUID } from 'node:crypto';
import type { DeepPartial } from 'typeorm';
import { SubgraphServiceTestContext } from '@crm-bridge/testing';
import { syncEngineService } from './sync-engine.service-definition';
import { AccountEntity } from './account/account.entity';
import { ContactEntity } from './contact/contact.entity';
import { DealEntity } from './deal/deal.entity';
import { LeadEntity } from './lead/lead.entity';
import { SyncIssueEntity } from './sync-run/sync-issue.entity';
import { SyncRunEntity } from './sync-run/sync-run.entity';
import { SyncRunStatus, SyncRunTrigger } from './sync-run/sync-run.enums';

/**
 * A running sync-engine on its own empty database (see {@link SubgraphServiceTestContext}), with
 * factories for its rows: three test files share them.
 */
export class SyncEngineTestContext extends SubgraphServiceTestContext {
  /** The integration rows belong to unless a test names another. */
  readonly integrationId = randomUUID();

  /** A context for the enclosing `describe`: started before its first test, closed after its last. */
  static override forSuite(): SyncEngineTestContext {
    return new SyncEngineTestContext(syncEngineService).runAroundSuite();
  }

  newDeal(tenantId: string, overrides: DeepPartial<DealEntity> = {}): Promise<DealEntity> {
    return this.store(DealEntity, { tenantId, integrationId: this.integrationId, name: 'Deal', phase: 'Qualified', ...overrides });
  }

  newContact(tenantId: string, overrides: DeepPartial<ContactEntity> = {}): Promise<ContactEntity> {
    return this.store(ContactEntity, { tenantId, integrationId: this.integrationId, lastName: 'Contact', ...overrides });
  }

  newLead(tenantId: string, overrides: DeepPartial<LeadEntity> = {}): Promise<LeadEntity> {
    return this.store(LeadEntity, { tenantId, integrationId: this.integrationId, lastName: 'Lead', ...overrides });
  }

  newAccount(tenantId: string, overrides: DeepPartial<AccountEntity> = {}): Promise<AccountEntity> {
    return this.store(AccountEntity, { tenantId, integrationId: this.integrationId, name: 'Account', ...overrides });
  }

  newSyncRun(tenantId: string, overrides: DeepPartial<SyncRunEntity> = {}): Promise<SyncRunEntity> {
    return this.store(SyncRunEntity, {
      tenantId,
      integrationId: this.integrationId,
      trigger: SyncRunTrigger.MANUAL,
      status: SyncRunStatus.RUNNING,
      startedAt: new Date(),
      ...overrides,
    });
  }

  newSyncIssue(tenantId: string, syncRunId: string, overrides: DeepPartial<SyncIssueEntity> = {}): Promise<SyncIssueEntity> {
    return this.store(SyncIssueEntity, {
      tenantId,
      syncRunId,
      module: 'DEALS',
      direction: 'PORTAL_TO_ZOHO',
      reason: 'Zoho refused the record',
      ...overrides,
    });
  }
}
