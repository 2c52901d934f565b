import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { DeepPartial } from 'typeorm';
import { createEvent, type PortalCustomDealField, type PortalDealPhase } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import { eventually, newTenantId, TEST_TOKEN_ENCRYPTION_ENVIRONMENT, TopicRecorder } from '@crm-bridge/testing';
import { SubgraphServiceTestContext, type SubgraphServiceTestOptions } from '@crm-bridge/testing';
import { syncEngineService } from './sync-engine.service-definition';
import { AccountEntity } from './account/account.entity';
import { ContactEntity } from './contact/contact.entity';
import { DealEntity } from './deal/deal.entity';
import { PortalDealSchemaEntity } from './portal-deal-schema/portal-deal-schema.entity';
import { LeadEntity } from './lead/lead.entity';
import { SyncIssueEntity } from './sync-run/sync-issue.entity';
import { SyncRunEntity } from './sync-run/sync-run.entity';
import { SyncRunStatus, SyncRunTrigger } from './sync-run/sync-run.enums';

/**
 * sync-engine's environment in integration tests that start no auth-connector: nothing listens on
 * the discard port, so a Zoho call fails fast. Suites with Zoho pass a live auth-connector's URL.
 */
export const WITHOUT_AUTH_CONNECTOR = {
  AUTH_CONNECTOR_URL: 'http://127.0.0.1:9',
  // No channel is enabled without a connection, so Zoho never calls it.
  ZOHO_NOTIFY_URL: 'http://127.0.0.1:9/zoho/notifications',
} as const;

/** The portal deal schema deal-write suites give their integrations. */
export const TEST_DEAL_PHASES: PortalDealPhase[] = [
  { name: 'Qualified', outcome: 'OPEN' },
  { name: 'Won', outcome: 'WON' },
  { name: 'Lost', outcome: 'LOST' },
];

export const TEST_CUSTOM_DEAL_FIELDS: PortalCustomDealField[] = [
  { apiName: 'seats', label: 'Seats', type: 'INTEGER', options: [] },
  { apiName: 'renewal', label: 'Renewal', type: 'BOOLEAN', options: [] },
  { apiName: 'region', label: 'Region', type: 'PICKLIST', options: ['EMEA', 'APAC'] },
  { apiName: 'goLive', label: 'Go-live', type: 'DATE', options: [] },
];

/** mapping-config's `portal-deal-schema.changed` for one integration (the test deal schema unless given). */
export function portalDealSchemaChanged(
  tenantId: string,
  integrationId: string,
  revision: number,
  phases = TEST_DEAL_PHASES,
  customFields = TEST_CUSTOM_DEAL_FIELDS,
) {
  return createEvent('portal-deal-schema.changed', {
    source: 'mapping-config',
    tenantId,
    integrationId,
    subject: randomUUID(),
    correlationId: `schema-${revision}`,
    data: { revision, phases, customFields },
  });
}

/** A connected publisher and a recorder of some topics on the suite's broker (see {@link SyncEngineTestContext.kafkaClientsForSuite}). */
export interface SuiteKafkaClients {
  readonly publisher: EventPublisher;
  readonly recorder: TopicRecorder;
}

/**
 * A running sync-engine on its own empty database (see {@link SubgraphServiceTestContext}), with
 * factories for its rows: three test files share them.
 */
export class SyncEngineTestContext extends SubgraphServiceTestContext {
  /** The integration rows belong to unless a test names another. */
  readonly integrationId = randomUUID();

  /** A context for the enclosing `describe`: started before its first test, closed after its last. */
  static override forSuite(): SyncEngineTestContext {
    return SyncEngineTestContext.forSuiteWith({});
  }

  /** The same, with variables the suite adds (e.g. a live auth-connector's `AUTH_CONNECTOR_URL`, a worker tick). */
  static forSuiteWith(options: SubgraphServiceTestOptions): SyncEngineTestContext {
    return new SyncEngineTestContext(syncEngineService, {
      ...options,
      environment: { ...WITHOUT_AUTH_CONNECTOR, ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT, ...options.environment },
    }).runAroundSuite();
  }

  /**
   * A publisher and a recorder of `topics` on this context's broker for the enclosing `describe`:
   * connected before its first test, stopped after its last. Call it in a `describe` inside the
   * context's own, so the clients stop before the context closes the broker.
   */
  kafkaClientsForSuite(topics: string[]): SuiteKafkaClients {
    let publisher: EventPublisher | undefined;
    let recorder: TopicRecorder | undefined;
    before(async () => {
      publisher = new EventPublisher(this.kafka.kafka);
      await publisher.connect();
      recorder = await new TopicRecorder(this.kafka.kafka, topics).start();
    });
    after(async () => {
      await recorder?.stop();
      await publisher?.disconnect();
    });
    const started = <TClient>(client: TClient | undefined): TClient => {
      if (!client) {
        throw new Error('the Kafka clients start before the first test of their suite: use them inside a test');
      }
      return client;
    };
    return {
      get publisher() {
        return started(publisher);
      },
      get recorder() {
        return started(recorder);
      },
    };
  }

  /** The integration's portal deal schema as sync-engine keeps it; null until it applied one. */
  dealSchemaOf(integrationId: string): Promise<PortalDealSchemaEntity | null> {
    return this.service.dataSource.getRepository(PortalDealSchemaEntity).findOneBy({ integrationId });
  }

  /** An integration of a new tenant (or of `tenantId`) whose test deal schema sync-engine has applied from its event. */
  async integrationWithDealSchema(
    publisher: EventPublisher,
    tenantId = newTenantId(),
  ): Promise<{ tenantId: string; integrationId: string }> {
    const integrationId = randomUUID();
    await publisher.publish([portalDealSchemaChanged(tenantId, integrationId, 1)]);
    await eventually(async () => assert.ok(await this.dealSchemaOf(integrationId)));
    return { tenantId, integrationId };
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
      integrationId: this.integrationId,
      module: 'DEALS',
      direction: 'PORTAL_TO_ZOHO',
      reason: 'Zoho refused the record',
      ...overrides,
    });
  }
}
