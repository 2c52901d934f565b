import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { DeepPartial, EntityTarget, ObjectLiteral } from 'typeorm';
import { startSubgraphService, type RunningSubgraphService } from '@crm-bridge/service-runtime';
import {
  createTestDatabase,
  postGraphql,
  signedCallerHeaders,
  TEST_SIGNING_SECRET,
  type GraphqlHttpResult,
  type TestDatabase,
} from '@crm-bridge/testing';
import { syncEngineService } from './sync-engine.service-definition';
import { AccountEntity } from './account/account.entity';
import { ContactEntity } from './contact/contact.entity';
import { DealEntity } from './deal/deal.entity';
import { LeadEntity } from './lead/lead.entity';
import { SyncIssueEntity } from './sync-run/sync-issue.entity';
import { SyncRunEntity } from './sync-run/sync-run.entity';
import { CrmRecordModule, SyncDirection, SyncRunStatus, SyncRunTrigger } from './sync-run/sync-run.enums';

/**
 * A running sync-engine on its own empty database, for integration tests: factories that store
 * rows through the service's own TypeORM repositories (reads only exist so far), and GraphQL
 * calls as a caller of a given tenant.
 */
export class SyncEngineTestContext {
  /** The integration rows belong to unless a test names another. */
  readonly integrationId = randomUUID();

  private running: { database: TestDatabase; service: RunningSubgraphService } | undefined;

  private constructor() {}

  /** A context for the enclosing `describe`: started before its first test, closed after its last. */
  static forSuite(): SyncEngineTestContext {
    const context = new SyncEngineTestContext();
    before(() => context.start());
    after(() => context.close());
    return context;
  }

  get service(): RunningSubgraphService {
    if (!this.running) throw new Error('sync-engine is not running: use the context inside a test of its suite');
    return this.running.service;
  }

  get graphqlUrl(): string {
    return `${this.service.url}/graphql`;
  }

  /** One GraphQL operation with a validly signed caller context of `tenantId`. */
  query<TData>(tenantId: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlHttpResult<TData>> {
    return postGraphql<TData>(this.graphqlUrl, query, { variables, headers: signedCallerHeaders({ tenantId }) });
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
      module: CrmRecordModule.DEALS,
      direction: SyncDirection.PORTAL_TO_ZOHO,
      reason: 'Zoho refused the record',
      ...overrides,
    });
  }

  /** `action`'s result and the SQL the service ran meanwhile: how a test proves lookups were batched. */
  async sqlDuring<TResult>(action: () => Promise<TResult>): Promise<{ result: TResult; sql: string[] }> {
    const logger = this.service.dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    const sql: string[] = [];
    logger.logQuery = (query, parameters, queryRunner) => {
      sql.push(query);
      logQuery(query, parameters, queryRunner);
    };
    try {
      return { result: await action(), sql };
    } finally {
      logger.logQuery = logQuery;
    }
  }

  private async start(): Promise<void> {
    const database = await createTestDatabase();
    const service = await startSubgraphService(syncEngineService, {
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'error',
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
    });
    this.running = { database, service };
  }

  private async close(): Promise<void> {
    await this.running?.service.close();
    await this.running?.database.drop();
  }

  private async store<TEntity extends ObjectLiteral>(
    entity: EntityTarget<TEntity>,
    values: DeepPartial<NoInfer<TEntity>>,
  ): Promise<TEntity> {
    const repository = this.service.dataSource.getRepository(entity);
    return repository.save(repository.create(values));
  }
}

/** A tenant no other test uses, so each test sees only its own rows. */
export function newTenantId(): string {
  return `tenant-${randomUUID()}`;
}
