import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, Topics, type ZohoNotificationReceivedData } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import { eventually, postGraphql, TopicRecorder, type ZohoSandboxProcess } from '@crm-bridge/testing';
import { DEMO_MAPPING_DEFINITION, setUpDemoIntegration, type DemoIntegration } from '../scripts/demo-integration';
import { startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

interface DealView {
  id: string;
  phase: string;
  zohoId: string | null;
  syncStatus: string;
  lastSyncError: string | null;
}

interface ZohoDeal {
  id: string;
  values: Record<string, unknown>;
}

interface RunView {
  id: string;
  trigger: string;
  status: string;
  failureReason: string | null;
  counts: { created: number; updated: number; deleted: number; skipped: number; failed: number };
  issues: { edges: { node: { portalRecordId: string | null; zohoErrorCode: string | null; field: string | null; reason: string } }[] };
}

const DEAL_FIELDS = 'id phase zohoId syncStatus lastSyncError';
const SYNC_TIMEOUT = { timeoutMs: 30_000, intervalMs: 100 };

describe('outbound deal sync: portal deals written through the gateway reach the sandbox Zoho', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let notifications: TopicRecorder;
  let graphqlUrl: string;
  let demoOrgId: string;
  let tenantA: { authorization: string; demo: DemoIntegration };

  const gql = async <T>(authorization: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data as T;
  };

  const createDeal = async (authorization: string, input: Record<string, unknown>): Promise<DealView> =>
    (
      await gql<{ createDeal: DealView }>(
        authorization,
        `mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL_FIELDS} } }`,
        { input },
      )
    ).createDeal;

  const dealOf = async (authorization: string, id: string): Promise<DealView | null> =>
    (await gql<{ deal: DealView | null }>(authorization, `query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, { id })).deal;

  const syncedDeal = (authorization: string, id: string): Promise<DealView> =>
    eventually(async () => {
      const deal = await dealOf(authorization, id);
      assert.equal(deal?.syncStatus, 'SYNCED', JSON.stringify(deal));
      assert.ok(deal.zohoId);
      return deal;
    }, SYNC_TIMEOUT);

  const zohoDealsOf = async (portalDealId: string): Promise<ZohoDeal[]> => {
    const { records } = await sandbox.admin<{ records: ZohoDeal[] }>('GET', `/orgs/${demoOrgId}/modules/Deals/records`);
    return records.filter((record) => record.values['Portal_Deal_Id'] === portalDealId);
  };

  const onlyZohoDealOf = async (portalDealId: string): Promise<ZohoDeal> => {
    const found = await zohoDealsOf(portalDealId);
    assert.equal(found.length, 1, `exactly one Zoho deal for portal deal ${portalDealId}: ${JSON.stringify(found)}`);
    return found[0] as ZohoDeal;
  };

  /** The integration's outbound runs (portal → Zoho). */
  const runsOf = async (authorization: string, integrationId: string): Promise<RunView[]> =>
    (
      await gql<{ syncRuns: { edges: { node: RunView }[] } }>(
        authorization,
        `query($id: ID!) { syncRuns(first: 100, integrationId: $id) { edges { node { id trigger status failureReason
           counts { created updated deleted skipped failed }
           issues(first: 20) { edges { node { portalRecordId zohoErrorCode field reason } } } } } } }`,
        { id: integrationId },
      )
    ).syncRuns.edges
      .map((edge) => edge.node)
      // This spec is about outbound sync; inbound sync's runs (the initial import, polls) are another spec's.
      .filter((run) => run.trigger === 'PORTAL_CHANGE');

  const setDebounce = async (debounceSeconds: number): Promise<void> => {
    await gql(
      tenantA.authorization,
      'mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }',
      {
        input: { integrationId: tenantA.demo.integration.id, debounceSeconds },
      },
    );
    // Settings reach sync-engine on Kafka: wait until its copy has them.
    await eventually(async () => {
      const [row] = await system
        .dataSource('sync-engine')
        .query<{ debounce: number }[]>(
          `SELECT (settings->>'debounceSeconds')::int AS debounce FROM sync_engine.sync_integrations WHERE integration_id = $1`,
          [tenantA.demo.integration.id],
        );
      assert.equal(row?.debounce, debounceSeconds);
    }, SYNC_TIMEOUT);
  };

  before(async () => {
    running = await startDemoSystem({
      syncEngineEnvironment: { SYNC_RETRY_INITIAL_MS: '300', SYNC_RETRY_MAX_MS: '2000' },
      debounceSeconds: 0,
    });
    ({ sandbox, system, graphqlUrl, demoOrgId } = running);
    tenantA = { authorization: running.authorization, demo: running.demo };
    notifications = await new TopicRecorder(system.kafka.kafka, [Topics.zohoNotifications]).start();
  });

  after(async () => {
    await notifications?.stop();
    await running?.stop();
  });

  test('a created deal appears in Zoho with the mapped fields, its pipeline, the on-create stage and its portal id (STATIC and INFER)', async () => {
    const { authorization, demo } = tenantA;
    const standard = await createDeal(authorization, {
      integrationId: demo.integration.id,
      name: 'Acme rollout',
      phase: 'Proposal',
      amount: '1250.50',
      closingDate: '2027-03-31',
      customFields: [
        { apiName: 'region', value: 'EMEA' },
        { apiName: 'leadSource', value: 'Web' },
        { apiName: 'description', value: 'Two sites' },
      ],
    });
    const partner = await createDeal(authorization, {
      integrationId: demo.integration.id,
      name: 'Partner deal',
      phase: 'Proposal',
      pipeline: 'Partner Channel',
    });
    assert.equal(standard.syncStatus, 'PENDING');

    const synced = await syncedDeal(authorization, standard.id);
    const zoho = await onlyZohoDealOf(standard.id);
    assert.equal(synced.zohoId, zoho.id);
    assert.equal(synced.lastSyncError, null);
    assert.deepEqual(
      {
        name: zoho.values['Deal_Name'],
        amount: zoho.values['Amount'],
        closing: zoho.values['Closing_Date'],
        region: zoho.values['Partner_Region'],
        source: zoho.values['Lead_Source'],
        description: zoho.values['Description'],
        pipeline: zoho.values['Pipeline'],
        stage: zoho.values['Stage'],
      },
      {
        name: 'Acme rollout',
        amount: 1250.5,
        closing: '2027-03-31',
        region: 'EMEA',
        source: 'Web Download',
        description: 'Two sites',
        pipeline: 'Standard',
        // Standard creates every deal at Qualification (STATIC), whatever its phase.
        stage: 'Qualification',
      },
    );

    const partnerSynced = await syncedDeal(authorization, partner.id);
    const partnerZoho = await onlyZohoDealOf(partner.id);
    assert.equal(partnerSynced.zohoId, partnerZoho.id);
    // Partner Channel infers the first stage from the phase (INFER).
    assert.deepEqual([partnerZoho.values['Pipeline'], partnerZoho.values['Stage']], ['Partner Channel', 'Proposal']);

    const runs = await runsOf(authorization, demo.integration.id);
    assert.ok(runs.length >= 1);
    assert.ok(
      runs.every((run) => run.trigger === 'PORTAL_CHANGE' && run.status === 'SUCCEEDED'),
      JSON.stringify(runs),
    );
    assert.equal(
      runs.reduce((sum, run) => sum + run.counts.created, 0),
      2,
    );
  });

  test('MANUAL on-create: a new mapping version picks the first Zoho stage per phase', async () => {
    const { authorization, demo } = tenantA;
    const [standard, partner] = DEMO_MAPPING_DEFINITION.stageMappings;
    const definition = {
      ...DEMO_MAPPING_DEFINITION,
      stageMappings: [
        { ...standard, onCreate: { strategy: 'MANUAL', stages: [{ portalPhase: 'Registered', zohoStage: 'Needs Analysis' }] } },
        partner,
      ],
    };
    await gql(
      authorization,
      'mutation($input: PublishMappingVersionInput!) { publishMappingVersion(input: $input) { mappingVersion { version } } }',
      {
        input: { integrationId: demo.integration.id, definition, comment: 'manual on-create' },
      },
    );
    await eventually(async () => {
      const [row] = await system
        .dataSource('sync-engine')
        .query<{ version: number }[]>('SELECT version FROM sync_engine.active_mappings WHERE integration_id = $1', [demo.integration.id]);
      assert.equal(row?.version, 2);
    }, SYNC_TIMEOUT);

    const registered = await createDeal(authorization, { integrationId: demo.integration.id, name: 'Manual start', phase: 'Registered' });
    await syncedDeal(authorization, registered.id);
    assert.deepEqual(
      [(await onlyZohoDealOf(registered.id)).values['Pipeline'], (await onlyZohoDealOf(registered.id)).values['Stage']],
      ['Standard', 'Needs Analysis'],
    );
    // A phase MANUAL does not list has no first stage: skipped, with the reason on the deal.
    const unlisted = await createDeal(authorization, { integrationId: demo.integration.id, name: 'No first stage', phase: 'Won' });
    const failed = await eventually(async () => {
      const deal = await dealOf(authorization, unlisted.id);
      assert.equal(deal?.syncStatus, 'FAILED');
      return deal;
    }, SYNC_TIMEOUT);
    assert.match(failed.lastSyncError ?? '', /Won/);
    assert.equal((await zohoDealsOf(unlisted.id)).length, 0);
  });

  test('an update writes only the changed fields: the phase moves the stage, a field a Zoho user changed stays', async () => {
    const { authorization, demo } = tenantA;
    const deal = await createDeal(authorization, {
      integrationId: demo.integration.id,
      name: 'Update me',
      // Partner Channel's stages map both ways one to one: the stage read back is the phase sent.
      pipeline: 'Partner Channel',
      phase: 'Registered',
      customFields: [{ apiName: 'description', value: 'from the portal' }],
    });
    const synced = await syncedDeal(authorization, deal.id);
    await sandbox.admin('PATCH', `/orgs/${demoOrgId}/modules/Deals/records/${synced.zohoId}`, {
      values: { Description: 'edited in Zoho' },
    });

    await gql(authorization, 'mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', {
      input: { id: deal.id, phase: 'Qualified' },
    });
    await eventually(async () => {
      const zoho = await onlyZohoDealOf(deal.id);
      assert.equal(zoho.values['Stage'], 'Qualified');
      assert.equal(zoho.values['Description'], 'edited in Zoho');
    }, SYNC_TIMEOUT);
    const after = await syncedDeal(authorization, deal.id);
    assert.equal(after.zohoId, synced.zohoId);
  });

  test('a deleted deal is deleted in Zoho', async () => {
    const { authorization, demo } = tenantA;
    const deal = await createDeal(authorization, { integrationId: demo.integration.id, name: 'Delete me', phase: 'Registered' });
    await syncedDeal(authorization, deal.id);
    await onlyZohoDealOf(deal.id);
    await gql(authorization, 'mutation($input: DeleteDealInput!) { deleteDeal(input: $input) }', { input: { id: deal.id } });
    await eventually(async () => assert.equal((await zohoDealsOf(deal.id)).length, 0), SYNC_TIMEOUT);
  });

  test('a create sent again after Zoho wrote it (an outcome lost in a crash) lands on the same Zoho deal', async () => {
    const { authorization, demo } = tenantA;
    const deal = await createDeal(authorization, { integrationId: demo.integration.id, name: 'Sent twice', phase: 'Registered' });
    const first = await syncedDeal(authorization, deal.id);
    const db = system.dataSource('sync-engine');
    // Zoho's notification of that create comes back and is applied (an echo) on its own schedule. Had
    // it arrived after the crash below, inbound would have re-linked the pair by its Portal_Deal_Id
    // first — another case than this one — so the test waits until it has been heard and applied.
    await eventually(() => {
      const heard = notifications
        .on(Topics.zohoNotifications)
        .filter((record) => record.headers['ce_type'] === 'zoho.notification-received')
        .some((record) =>
          (JSON.parse(record.value ?? '{}') as ZohoNotificationReceivedData).zohoRecordIds.includes(first.zohoId as string),
        );
      assert.ok(heard, "Zoho's notification of the create has reached sync-engine");
    }, SYNC_TIMEOUT);
    await eventually(async () => {
      const queued = await db.query<unknown[]>('SELECT 1 FROM sync_engine.notified_zoho_records WHERE zoho_record_id = $1', [first.zohoId]);
      assert.equal(queued.length, 0, 'and has been applied');
    }, SYNC_TIMEOUT);
    // The state a crash between Zoho's answer and the outcome's commit leaves: no link, no Zoho id, still queued.
    await db.query('DELETE FROM sync_engine.record_links WHERE portal_record_id = $1', [deal.id]);
    await db.query(`UPDATE sync_engine.deals SET zoho_id = NULL, sync_status = 'PENDING' WHERE id = $1`, [deal.id]);
    await gql(authorization, 'mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', {
      input: { id: deal.id, name: 'Sent twice (again)' },
    });

    await eventually(async () => assert.equal((await onlyZohoDealOf(deal.id)).values['Deal_Name'], 'Sent twice (again)'), SYNC_TIMEOUT);
    const again = await syncedDeal(authorization, deal.id);
    assert.equal(again.zohoId, first.zohoId);
  });

  test('Zoho failing every call keeps the change queued and the run says why; once Zoho recovers the deal syncs, once', async () => {
    const { authorization, demo } = tenantA;
    // Only a run that had not failed before the outage counts (one still running then may be the one that fails).
    const failedBefore = new Set(
      (await runsOf(authorization, demo.integration.id)).filter((run) => run.status === 'FAILED').map((run) => run.id),
    );
    await sandbox.admin('PUT', `/orgs/${demoOrgId}/faults`, { errorRates: { '503': 1 } });
    let deal: DealView;
    try {
      deal = await createDeal(authorization, { integrationId: demo.integration.id, name: 'Through the storm', phase: 'Registered' });
      const failedRun = await eventually(async () => {
        const run = (await runsOf(authorization, demo.integration.id)).find(
          (candidate) => candidate.status === 'FAILED' && !failedBefore.has(candidate.id),
        );
        assert.ok(run);
        return run;
      }, SYNC_TIMEOUT);
      assert.match(failedRun.failureReason ?? '', /Zoho could not be reached or failed after retries/);
      assert.equal((await dealOf(authorization, deal.id))?.syncStatus, 'PENDING');
    } finally {
      await sandbox.admin('PUT', `/orgs/${demoOrgId}/faults`, { errorRates: { '429': 0.3, '500': 0.2 } });
    }
    await syncedDeal(authorization, deal.id);
    await sandbox.admin('DELETE', `/orgs/${demoOrgId}/faults`);
    await onlyZohoDealOf(deal.id);
  });

  test('debounce: three quick edits reach Zoho as one update', async () => {
    const { authorization, demo } = tenantA;
    const deal = await createDeal(authorization, {
      integrationId: demo.integration.id,
      name: 'Debounced',
      pipeline: 'Partner Channel',
      phase: 'Registered',
    });
    await syncedDeal(authorization, deal.id);
    const updatedBefore = (await runsOf(authorization, demo.integration.id)).reduce((sum, run) => sum + run.counts.updated, 0);
    await setDebounce(2);
    try {
      for (const phase of ['Qualified', 'Registered', 'Proposal']) {
        await gql(authorization, 'mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }', {
          input: { id: deal.id, phase },
        });
      }
      await eventually(async () => assert.equal((await onlyZohoDealOf(deal.id)).values['Stage'], 'Proposal'), SYNC_TIMEOUT);
      await syncedDeal(authorization, deal.id);
      const updatedAfter = (await runsOf(authorization, demo.integration.id)).reduce((sum, run) => sum + run.counts.updated, 0);
      assert.equal(updatedAfter - updatedBefore, 1);
    } finally {
      await setDebounce(0);
    }
  });

  test("tenant isolation: another tenant's integration never pushes this tenant's deals, even when its events name them", async () => {
    const { authorization, demo } = tenantA;
    const deal = await createDeal(authorization, {
      integrationId: demo.integration.id,
      name: 'Only mine',
      phase: 'Registered',
      amount: '10.00',
    });
    await syncedDeal(authorization, deal.id);
    const zohoBefore = await onlyZohoDealOf(deal.id);

    const tenantB = `tenant-${randomUUID()}`;
    const authorizationB = `Bearer ${await system.tokenFor({ tenantId: tenantB, roles: ['admin'] })}`;
    const demoB = await setUpDemoIntegration({ graphqlUrl, authorization: authorizationB, sandboxOrigin: sandbox.origin });
    assert.ok(demoB);
    // Tenant B's integration is told tenant A's deal changed (as if B's portal named it), and tenant
    // A's integration is named in an event of tenant B.
    const forged = (integrationId: string) =>
      createEvent('portal-record.changed', {
        source: 'sync-engine',
        tenantId: tenantB,
        integrationId,
        subject: deal.id,
        correlationId: randomUUID(),
        data: { module: 'DEALS', portalRecordId: deal.id, operation: 'DELETED', changedFields: [], values: {} },
      });
    const publisher = new EventPublisher(system.kafka.kafka);
    await publisher.connect();
    try {
      await publisher.publish([forged(demoB.integration.id), forged(demo.integration.id)]);
    } finally {
      await publisher.disconnect();
    }
    // Tenant B's portal deal schema reaches sync-engine on Kafka shortly after the setup.
    const dealB = await eventually(
      () => createDeal(authorizationB, { integrationId: demoB.integration.id, name: 'Tenant B deal', phase: 'Registered' }),
      SYNC_TIMEOUT,
    );
    await syncedDeal(authorizationB, dealB.id);

    const zohoAfter = await onlyZohoDealOf(deal.id);
    assert.deepEqual(zohoAfter, zohoBefore);
    assert.equal(await dealOf(authorizationB, deal.id), null);
    const runsB = await runsOf(authorizationB, demoB.integration.id);
    assert.ok(runsB.every((run) => run.issues.edges.every((edge) => edge.node.portalRecordId !== deal.id)));
  });

  test('a field Zoho requires that nothing maps to: FAILED with a readable SyncIssue and lastSyncError', async () => {
    const { authorization, demo } = tenantA;
    await sandbox.admin('POST', `/orgs/${demoOrgId}/modules/Deals/fields`, {
      apiName: 'Contract_Number',
      dataType: 'text',
      mandatory: true,
    });
    const deal = await createDeal(authorization, { integrationId: demo.integration.id, name: 'Missing contract', phase: 'Registered' });
    const failed = await eventually(async () => {
      const view = await dealOf(authorization, deal.id);
      assert.equal(view?.syncStatus, 'FAILED');
      return view;
    }, SYNC_TIMEOUT);
    const reason = 'Zoho requires Contract_Number and no portal field maps to it: map one to it or give it a default in the mapping';
    assert.equal(failed.lastSyncError, reason);
    assert.equal(failed.zohoId, null);
    const issue = (await runsOf(authorization, demo.integration.id))
      .flatMap((run) => run.issues.edges.map((edge) => edge.node))
      .find((candidate) => candidate.portalRecordId === deal.id);
    assert.deepEqual(issue, { portalRecordId: deal.id, zohoErrorCode: 'MANDATORY_NOT_FOUND', field: null, reason });
    assert.equal((await zohoDealsOf(deal.id)).length, 0);
  });
});
