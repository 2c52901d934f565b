import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Topics } from '@crm-bridge/contracts';
import { TenantScopedTransaction } from '@crm-bridge/persistence';
import { createTestDatabase, eventually, postGraphql, TopicRecorder, ZohoSandboxProcess, type TestDatabase } from '@crm-bridge/testing';
import { DEMO_MAPPING_DEFINITION, setUpDemoIntegration, type DemoIntegration } from '../scripts/demo-integration';
import { queueNotifiedRecords } from '../apps/sync-engine/src/inbound/notified-zoho-records';
import { startLocalSystem, type LocalSystem } from './support/local-system';

const OTHER_ORG_NAME = 'Second Tenant Org';

interface DealView {
  id: string;
  name: string;
  phase: string;
  pipeline: string | null;
  amount: string | null;
  zohoId: string | null;
  syncStatus: string;
  updatedAt: string;
  customFields: { apiName: string; value: string }[];
}

interface RunView {
  id: string;
  trigger: string;
  status: string;
  failureReason: string | null;
  estimatedTotal: number | null;
  counts: { created: number; updated: number; deleted: number; skipped: number; failed: number; conflicts: number };
  issues: { edges: { node: { zohoRecordId: string | null; field: string | null; reason: string } }[] };
}

interface SandboxOrg {
  id: string;
  companyName: string;
}

const DEAL_FIELDS = 'id name phase pipeline amount zohoId syncStatus updatedAt customFields { apiName value }';
const RUN_FIELDS = `id trigger status failureReason estimatedTotal counts { created updated deleted skipped failed conflicts }
  issues(first: 10) { edges { node { zohoRecordId field reason } } }`;

describe('inbound deal sync: Zoho deals reach the portal (initial import, polls, notifications, deletions, triggerSync)', () => {
  let database: TestDatabase;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let graphqlUrl: string;
  let progress: TopicRecorder;
  let demoOrg: SandboxOrg;
  let otherOrg: SandboxOrg;
  const tenantA = `tenant-a-${randomUUID()}`;
  const tenantB = `tenant-b-${randomUUID()}`;
  let adminA: string;
  let adminB: string;
  let integrationA: DemoIntegration;
  let integrationB: DemoIntegration;
  let umbrellaId: string;

  const zohoAdmin = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => sandbox.admin<T>(method, path, body);
  const zohoCreate = async (org: SandboxOrg, record: Record<string, unknown>): Promise<string> => {
    const created = await zohoAdmin<{ results: { record?: { id: string } }[] }>('POST', `/orgs/${org.id}/modules/Deals/records`, {
      records: [record],
    });
    const id = created.results[0]?.record?.id;
    assert.ok(id, JSON.stringify(created));
    return id;
  };
  const zohoEdit = (org: SandboxOrg, id: string, values: Record<string, unknown>) =>
    zohoAdmin('PATCH', `/orgs/${org.id}/modules/Deals/records/${id}`, { values });

  const gql = async <T>(authorization: string, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
    return answer;
  };
  const dealsOf = async (authorization: string): Promise<DealView[]> => {
    const answer = await gql<{ deals: { edges: { node: DealView }[] } }>(
      authorization,
      `{ deals(first: 100) { edges { node { ${DEAL_FIELDS} } } } }`,
    );
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data!.deals.edges.map((edge) => edge.node);
  };
  const dealNamed = async (authorization: string, name: string): Promise<DealView | undefined> =>
    (await dealsOf(authorization)).find((deal) => deal.name === name);
  const runsOf = async (authorization: string, integrationId: string): Promise<RunView[]> => {
    const answer = await gql<{ syncRuns: { edges: { node: RunView }[] } }>(
      authorization,
      `query($integrationId: ID) { syncRuns(first: 50, integrationId: $integrationId) { edges { node { ${RUN_FIELDS} } } } }`,
      { integrationId },
    );
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data!.syncRuns.edges.map((edge) => edge.node);
  };
  const issuesOf = async (zohoId: string): Promise<string[]> => {
    const rows = await system
      .dataSource('sync-engine')
      .query<{ reason: string }[]>('SELECT reason FROM sync_engine.sync_issues WHERE zoho_record_id = $1 ORDER BY created_at, id', [
        zohoId,
      ]);
    return rows.map((row) => row.reason);
  };
  const queueRowOf = async (zohoId: string): Promise<{ attempts: number; retry_at: Date | null } | undefined> => {
    const rows = await system
      .dataSource('sync-engine')
      .query<{ attempts: number; retry_at: Date | null }[]>(
        'SELECT attempts, retry_at FROM sync_engine.notified_zoho_records WHERE zoho_record_id = $1',
        [zohoId],
      );
    return rows[0];
  };
  const linkOf = async (zohoId: string): Promise<{ zoho_modified_at: Date } | undefined> => {
    const rows = await system
      .dataSource('sync-engine')
      .query<{ zoho_modified_at: Date }[]>('SELECT zoho_modified_at FROM sync_engine.record_links WHERE zoho_record_id = $1', [zohoId]);
    return rows[0];
  };

  before(async () => {
    database = await createTestDatabase();
    sandbox = await ZohoSandboxProcess.start({ demoOrg: true });
    const { orgs } = await sandbox.admin<{ orgs: SandboxOrg[] }>('GET', '/orgs');
    demoOrg = orgs.find((org) => org.companyName === 'Demo Partner Org')!;
    // Deals that exist before the integration is set up, in a pipeline the demo mapping does not select.
    await zohoAdmin('POST', `/orgs/${demoOrg.id}/pipelines`, {
      name: 'Enterprise',
      stages: [
        { name: 'Discovery', probability: 10, forecastType: 'Open' },
        { name: 'Won', probability: 100, forecastType: 'Closed Won' },
        { name: 'Lost', probability: 0, forecastType: 'Closed Lost' },
      ],
    });
    umbrellaId = await zohoCreate(demoOrg, {
      Deal_Name: 'Umbrella enterprise rollout',
      Pipeline: 'Enterprise',
      Stage: 'Discovery',
      Amount: 990000,
    });

    // The second tenant's own org: the demo org's pipelines and Deals fields, plus a stage the demo mapping leaves unmapped.
    otherOrg = await sandbox.admin<SandboxOrg>('POST', '/orgs', {
      location: 'us',
      companyName: OTHER_ORG_NAME,
      timeZone: 'Europe/Berlin',
      edition: 'enterprise',
    });
    await zohoAdmin('POST', `/orgs/${otherOrg.id}/pipelines`, {
      name: 'Partner Channel',
      stages: [
        { name: 'Registered', probability: 10, forecastType: 'Open' },
        { name: 'On Hold', probability: 10, forecastType: 'Open' },
        { name: 'Qualified', probability: 30, forecastType: 'Open' },
        { name: 'Proposal', probability: 60, forecastType: 'Open' },
        { name: 'Closed Won', probability: 100, forecastType: 'Closed Won' },
        { name: 'Closed Lost', probability: 0, forecastType: 'Closed Lost' },
      ],
    });
    await zohoAdmin('POST', `/orgs/${otherOrg.id}/modules/Deals/fields`, {
      apiName: 'Portal_Deal_Id',
      dataType: 'text',
      length: 64,
      external: true,
    });
    await zohoAdmin('POST', `/orgs/${otherOrg.id}/modules/Deals/fields`, {
      apiName: 'Partner_Region',
      dataType: 'picklist',
      pickListValues: ['EMEA', 'Americas', 'APAC'],
    });
    await zohoCreate(otherOrg, { Deal_Name: 'Second tenant only deal', Pipeline: 'Partner Channel', Stage: 'Qualified', Amount: 777 });

    system = await startLocalSystem(database.url, {
      serviceEnvironment: {
        'auth-connector': { ZOHO_SANDBOX_URL: sandbox.origin },
        'sync-engine': {
          SYNC_WORKER_TICK_MS: '50',
          INBOUND_POLL_INTERVAL_OVERRIDE_SECONDS: '1',
          INBOUND_POLL_OVERLAP_SECONDS: '2',
          SYNC_RETRY_INITIAL_MS: '500',
          SYNC_RETRY_MAX_MS: '2000',
        },
      },
    });
    graphqlUrl = `${system.gateway.url}/graphql`;
    progress = await new TopicRecorder(system.kafka.kafka, [Topics.syncRuns]).start();
    adminA = `Bearer ${await system.tokenFor({ tenantId: tenantA, roles: ['admin'] })}`;
    adminB = `Bearer ${await system.tokenFor({ tenantId: tenantB, roles: ['admin'] })}`;
  });

  after(async () => {
    await progress?.stop();
    await system?.close();
    await sandbox?.stop();
    await database?.drop();
  });

  test('the initial sync imports the Zoho deals that existed before: phases by each pipeline’s stage mapping, an unselected pipeline ignored and counted, progress on the run', async () => {
    integrationA = (await setUpDemoIntegration({ graphqlUrl, authorization: adminA, sandboxOrigin: sandbox.origin }))!;
    assert.ok(integrationA);

    const initial = await eventually(
      async () => {
        const run = (await runsOf(adminA, integrationA.integration.id)).find((candidate) => candidate.trigger === 'INITIAL');
        assert.equal(run?.status, 'SUCCEEDED', JSON.stringify(run));
        return run;
      },
      { timeoutMs: 30_000 },
    );
    const deals = await dealsOf(adminA);
    const phases = Object.fromEntries(deals.map((deal) => [deal.name, [deal.pipeline, deal.phase]]));
    assert.deepEqual(phases, {
      'Acme rocket skates': ['Standard', 'Qualified'],
      'Acme anvils renewal': ['Standard', 'Negotiation'],
      'Initech printer': ['Standard', 'Lost'],
      'Globex doomsday device': ['Partner Channel', 'Proposal'],
      'Globex hammock district': ['Partner Channel', 'Registered'],
      'Initech TPS reports': ['Partner Channel', 'Won'],
    });
    for (const deal of deals) {
      assert.equal(deal.syncStatus, 'SYNCED', deal.name);
      assert.match(deal.zohoId ?? '', /^\d+$/, deal.name);
    }
    assert.equal(deals.find((deal) => deal.name === 'Acme anvils renewal')?.amount, '48000.50');
    assert.deepEqual(deals.find((deal) => deal.name === 'Initech TPS reports')?.customFields, [{ apiName: 'region', value: 'APAC' }]);

    // 7 Zoho deals counted first; 6 created, the Enterprise one ignored, counted as skipped with its reason.
    assert.equal(initial.estimatedTotal, 7);
    assert.deepEqual(initial.counts, { created: 6, updated: 0, deleted: 0, skipped: 1, failed: 0, conflicts: 0 });
    const [ignored] = initial.issues.edges.map((edge) => edge.node);
    assert.match(ignored?.reason ?? '', /ignored: pipeline 'Enterprise' is not selected in the mapping/);

    // Progress as events on the sync runs topic, keyed by integration, ending with the finished one.
    await eventually(() => {
      const events = progress
        .on(Topics.syncRuns)
        .map((record) => ({
          key: record.key,
          type: record.headers['ce_type'],
          data: JSON.parse(record.value ?? '{}') as Record<string, unknown>,
        }))
        .filter(({ data }) => data['syncRunId'] === initial.id);
      assert.ok(events.length >= 2, 'progress while it ran, and once finished');
      assert.ok(events.every(({ key, type }) => key === integrationA.integration.id && type === 'sync-run.progressed'));
      assert.deepEqual(events.at(-1)?.data, {
        syncRunId: initial.id,
        done: 7,
        estimatedTotal: 7,
        counts: { created: 6, updated: 0, deleted: 0, skipped: 1, failed: 0, conflicts: 0 },
        finished: true,
      });
    });
  });

  test('with Zoho notifications lost, a deal created, edited and deleted in Zoho by a Zoho user reaches the portal through the poll', async () => {
    // Zoho loses the channel: no notification arrives, and sync-engine checks for lost channels only hourly.
    const channels = await eventually(async () => {
      const { channels: live } = await zohoAdmin<{ channels: { channelId: string }[] }>('GET', `/orgs/${demoOrg.id}/notifications`);
      assert.ok(live.length > 0, 'the demo integration has its notification channel');
      return live;
    });
    for (const channel of channels) {
      await zohoAdmin('DELETE', `/orgs/${demoOrg.id}/notifications/channels/${channel.channelId}`);
    }
    const zohoId = await zohoCreate(demoOrg, { Deal_Name: 'Polled newcomer', Pipeline: 'Standard', Stage: 'Needs Analysis', Amount: 1500 });
    const created = await eventually(async () => {
      const deal = await dealNamed(adminA, 'Polled newcomer');
      assert.equal(deal?.phase, 'Qualified');
      return deal;
    });
    assert.equal(created.zohoId, zohoId);

    await zohoEdit(demoOrg, zohoId, { Stage: 'Proposal/Price Quote', Amount: 1750.25 });
    await eventually(async () => {
      const deal = await dealNamed(adminA, 'Polled newcomer');
      assert.deepEqual([deal?.phase, deal?.amount, deal?.id], ['Proposal', '1750.25', created.id]);
    });

    await zohoAdmin('DELETE', `/orgs/${demoOrg.id}/modules/Deals/records/${zohoId}`);
    await eventually(async () => assert.equal(await dealNamed(adminA, 'Polled newcomer'), undefined));
    assert.equal(await linkOf(zohoId), undefined, 'the link ends with the pair');
    const runs = await runsOf(adminA, integrationA.integration.id);
    assert.ok(runs.some((run) => run.trigger === 'SCHEDULE' && run.counts.deleted === 1));
  });

  test('a queued notification row is fetched by its id and applied, and the row is gone', async () => {
    const deal = (await dealNamed(adminA, 'Acme rocket skates'))!;
    await zohoEdit(demoOrg, deal.zohoId!, { Deal_Name: 'Acme rocket skates XL' });
    await system.dataSource('sync-engine').transaction((manager) =>
      queueNotifiedRecords(new TenantScopedTransaction(tenantA, manager, undefined), {
        integrationId: integrationA.integration.id,
        module: 'DEALS',
        zohoRecordIds: [deal.zohoId!],
        deleted: false,
        notifiedAt: new Date(),
      }),
    );
    await eventually(async () => {
      assert.equal((await dealNamed(adminA, 'Acme rocket skates XL'))?.id, deal.id);
      const queued = await system
        .dataSource('sync-engine')
        .query<{ n: number }[]>('SELECT count(*)::int AS n FROM sync_engine.notified_zoho_records');
      assert.equal(queued[0]?.n, 0);
    });
    assert.ok(
      (await runsOf(adminA, integrationA.integration.id)).some((run) => run.trigger === 'NOTIFICATION' && run.status === 'SUCCEEDED'),
    );

    // A notification that the deal was deleted needs no fetch: the portal deal goes with it.
    const printer = (await dealNamed(adminA, 'Initech printer'))!;
    await zohoAdmin('DELETE', `/orgs/${demoOrg.id}/modules/Deals/records/${printer.zohoId}`);
    await system.dataSource('sync-engine').transaction((manager) =>
      queueNotifiedRecords(new TenantScopedTransaction(tenantA, manager, undefined), {
        integrationId: integrationA.integration.id,
        module: 'DEALS',
        zohoRecordIds: [printer.zohoId!],
        deleted: true,
        notifiedAt: new Date(),
      }),
    );
    await eventually(async () => assert.equal(await dealNamed(adminA, 'Initech printer'), undefined));
  });

  test('a Zoho edit that changes no value (e.g. our own write read back) changes nothing in the portal', async () => {
    const before = (await dealNamed(adminA, 'Globex hammock district'))!;
    const linkBefore = await linkOf(before.zohoId!);
    const runsBefore = (await runsOf(adminA, integrationA.integration.id)).length;
    // Zoho stamps Modified_Time on every update, even one that changes no value.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await zohoEdit(demoOrg, before.zohoId!, { Deal_Name: 'Globex hammock district', Amount: 9000 });
    await eventually(
      async () => {
        const link = await linkOf(before.zohoId!);
        assert.ok(link && linkBefore && link.zoho_modified_at.getTime() > linkBefore.zoho_modified_at.getTime(), 'the poll read the edit');
      },
      { timeoutMs: 15_000 },
    );
    const after = (await dealNamed(adminA, 'Globex hammock district'))!;
    assert.deepEqual(after, before);
    assert.equal((await runsOf(adminA, integrationA.integration.id)).length, runsBefore, 'a poll that changed nothing leaves no run');
  });

  test('a quiet org is not listed again and again: once the overlap has passed, each poll lists only what is new (Zoho answers 304)', async () => {
    const integrationId = integrationA.integration.id;
    const debug = await gql<{ setSyncDebugMode: { enabled: boolean } }>(
      adminA,
      'mutation($input: SetSyncDebugModeInput!) { setSyncDebugMode(input: $input) { enabled } }',
      { input: { integrationId, enabled: true, hours: 1 } },
    );
    assert.equal(debug.errors, undefined, JSON.stringify(debug.errors));
    const deal = (await dealNamed(adminA, 'Globex hammock district'))!;
    await zohoEdit(demoOrg, deal.zohoId!, { Amount: 9100 });
    await eventually(async () => assert.equal((await dealNamed(adminA, 'Globex hammock district'))?.amount, '9100.00'), {
      timeoutMs: 15_000,
    });
    // The edit is now the newest change, and the cursor stays on it while nothing else changes. Polls
    // (every second, overlap 2 s) that listed from the cursor minus the overlap would re-list it for
    // ever; they list from where the last full listing got to, so Zoho soon has nothing to answer.
    const pollListings = () =>
      system.dataSource('sync-engine').query<{ status: number | null }[]>(
        `SELECT status FROM sync_engine.sync_debug_entries
           WHERE integration_id = $1 AND operation = 'records.list' AND query LIKE '%"sort_by":"Modified_Time"%' ORDER BY created_at DESC LIMIT 3`,
        [integrationId],
      );
    await eventually(
      async () => {
        const latest = await pollListings();
        assert.equal(latest.length, 3, 'three polls listed since debug mode went on');
        assert.deepEqual(
          latest.map((listing) => listing.status),
          [304, 304, 304],
        );
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    await gql(adminA, 'mutation($input: SetSyncDebugModeInput!) { setSyncDebugMode(input: $input) { enabled } }', {
      input: { integrationId, enabled: false },
    });
  });

  test('a 429 and 5xx burst during polls is retried, and the cursor skips no record', async () => {
    await zohoAdmin('PUT', `/orgs/${demoOrg.id}/faults`, { errorRates: { '429': 0.3, '500': 0.2, '503': 0.2 } });
    const names = Array.from({ length: 6 }, (_, index) => `Burst deal ${index}`);
    try {
      for (const name of names) {
        await zohoCreate(demoOrg, { Deal_Name: name, Pipeline: 'Partner Channel', Stage: 'Registered', Amount: 100 });
      }
      await eventually(
        async () => {
          const present = (await dealsOf(adminA)).map((deal) => deal.name);
          assert.deepEqual(
            names.filter((name) => !present.includes(name)),
            [],
          );
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    } finally {
      await zohoAdmin('DELETE', `/orgs/${demoOrg.id}/faults`);
    }
  });

  test('a revoked Zoho token fails the run with a readable reason; after reconnecting, sync resumes where it stopped', async () => {
    // A run of the burst above may have failed too (retries exhausted): only a run that had not failed
    // before the revocation counts — possibly one still running then, which the revocation ends.
    const failedBefore = new Set(
      (await runsOf(adminA, integrationA.integration.id)).filter((run) => run.status === 'FAILED').map((run) => run.id),
    );
    await zohoAdmin('POST', `/orgs/${demoOrg.id}/tokens/revoke`);
    const deal = (await dealNamed(adminA, 'Acme anvils renewal'))!;
    await zohoEdit(demoOrg, deal.zohoId!, { Amount: 50000 });
    await eventually(
      async () => {
        const failed = (await runsOf(adminA, integrationA.integration.id)).filter(
          (candidate) => candidate.status === 'FAILED' && !failedBefore.has(candidate.id),
        );
        assert.ok(
          failed.some((run) => /the Zoho connection needs a new consent/.test(run.failureReason ?? '')),
          `a run failed for the revoked token; failed since: ${JSON.stringify(failed.map((run) => run.failureReason))}`,
        );
      },
      { timeoutMs: 60_000 },
    );
    assert.equal((await dealNamed(adminA, 'Acme anvils renewal'))?.amount, '48000.50');

    // Reconnect: a new self-client grant code for the same org, as a user would paste it.
    const client = await zohoAdmin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${demoOrg.id}/clients`, {
      kind: 'self-client',
    });
    const { code } = await zohoAdmin<{ code: string }>('POST', `/orgs/${demoOrg.id}/self-client-codes`, {
      clientId: client.clientId,
      scopes: [
        'ZohoCRM.modules.ALL',
        'ZohoCRM.settings.ALL',
        'ZohoCRM.users.ALL',
        'ZohoCRM.org.ALL',
        'ZohoCRM.coql.READ',
        'ZohoCRM.notifications.ALL',
        // Bulk Read, which the demo grant lacks: the full read through BULK_READ below needs it.
        'ZohoCRM.bulk.read',
      ],
      expiresInMinutes: 10,
    });
    const reconnected = await gql(
      adminA,
      'mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) { id status } }',
      { input: { dataCentre: 'US', clientId: client.clientId, clientSecret: client.clientSecret, code } },
    );
    assert.equal(reconnected.errors, undefined, JSON.stringify(reconnected.errors));
    await eventually(async () => assert.equal((await dealNamed(adminA, 'Acme anvils renewal'))?.amount, '50000.00'), { timeoutMs: 30_000 });
  });

  test('triggerSync FULL re-imports without duplicates, one run at a time; refused for a viewer and for another tenant’s integration', async () => {
    const dealsBefore = await dealsOf(adminA);
    const trigger = (authorization: string, integrationId: string) =>
      gql<{ triggerSync: { started: boolean; syncRun: { id: string; status: string; trigger: string } } }>(
        authorization,
        'mutation($input: TriggerSyncInput!) { triggerSync(input: $input) { started syncRun { id status trigger } } }',
        { input: { integrationId, mode: 'FULL' } },
      );
    // Slow Zoho down so the first sync is still running when it is asked for again.
    await zohoAdmin('PUT', `/orgs/${demoOrg.id}/faults`, { latencyMs: 400 });
    let first;
    let second;
    try {
      first = await trigger(adminA, integrationA.integration.id);
      second = await trigger(adminA, integrationA.integration.id);
    } finally {
      await zohoAdmin('DELETE', `/orgs/${demoOrg.id}/faults`);
    }
    assert.equal(first.errors, undefined, JSON.stringify(first.errors));
    assert.deepEqual(
      {
        started: first.data?.triggerSync.started,
        status: first.data?.triggerSync.syncRun.status,
        trigger: first.data?.triggerSync.syncRun.trigger,
      },
      { started: true, status: 'RUNNING', trigger: 'MANUAL' },
    );
    assert.deepEqual(second.data?.triggerSync, { ...first.data!.triggerSync, started: false });

    const manual = await eventually(
      async () => {
        const run = (await runsOf(adminA, integrationA.integration.id)).find(
          (candidate) => candidate.id === first.data!.triggerSync.syncRun.id,
        );
        assert.equal(run?.status, 'SUCCEEDED', JSON.stringify(run));
        return run;
      },
      { timeoutMs: 30_000 },
    );
    assert.equal(manual.counts.created, 0, 'everything was in the portal already');
    const dealsAfter = await dealsOf(adminA);
    assert.deepEqual(dealsAfter.map((deal) => deal.id).sort(), dealsBefore.map((deal) => deal.id).sort());

    const viewer = `Bearer ${await system.tokenFor({ tenantId: tenantA, roles: ['viewer'] })}`;
    const refused = await trigger(viewer, integrationA.integration.id);
    assert.equal(refused.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');

    integrationB = (await setUpDemoIntegration({
      graphqlUrl,
      authorization: adminB,
      sandboxOrigin: sandbox.origin,
      zohoOrgName: OTHER_ORG_NAME,
    }))!;
    const foreign = await trigger(adminB, integrationA.integration.id);
    assert.equal(foreign.errors?.[0]?.extensions?.['code'], 'INTEGRATION_NOT_FOUND');
    assert.equal(foreign.errors?.[0]?.extensions?.['field'], 'input.integrationId');
    const malformed = await trigger(adminA, 'not-an-id');
    assert.equal(malformed.errors?.[0]?.extensions?.['field'], 'input.integrationId');
  });

  test('full syncs through Bulk Read and through the REST list read every deal the same way: nothing changes, nothing duplicates', async () => {
    const dealsBefore = await dealsOf(adminA);
    for (const readStrategy of ['BULK_READ', 'REST_LIST']) {
      const changed = await gql(
        adminA,
        'mutation($input: UpdateZohoConnectionSettingsInput!) { updateZohoConnectionSettings(input: $input) { id readStrategy } }',
        { input: { connectionId: integrationA.connection.id, readStrategy } },
      );
      assert.equal(changed.errors, undefined, JSON.stringify(changed.errors));
      // sync-engine learns the strategy from connection.settings-changed; a sync asked for after that reads with it.
      await eventually(async () => {
        const rows = await system
          .dataSource('sync-engine')
          .query<{ read_strategy: string }[]>('SELECT read_strategy FROM sync_engine.sync_connections WHERE connection_id = $1', [
            integrationA.connection.id,
          ]);
        assert.equal(rows[0]?.read_strategy, readStrategy);
      });
      const started = await gql<{ triggerSync: { syncRun: { id: string } } }>(
        adminA,
        'mutation($input: TriggerSyncInput!) { triggerSync(input: $input) { syncRun { id } } }',
        { input: { integrationId: integrationA.integration.id, mode: 'FULL' } },
      );
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      const run = await eventually(
        async () => {
          const found = (await runsOf(adminA, integrationA.integration.id)).find(
            (candidate) => candidate.id === started.data!.triggerSync.syncRun.id,
          );
          assert.ok(found?.status !== 'RUNNING', JSON.stringify(found));
          return found!;
        },
        { timeoutMs: 30_000 },
      );
      assert.equal(run.status, 'SUCCEEDED', `${readStrategy}: ${JSON.stringify(run)}`);
      assert.deepEqual(
        { ...run.counts, skipped: 0 },
        { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0, conflicts: 0 },
        readStrategy,
      );
      assert.deepEqual(await dealsOf(adminA), dealsBefore, readStrategy);
    }
  });

  test('a full sync from a "sync records from" day counts in one call, and reads, only the deals modified from then', async () => {
    const syncRecordsFrom = async (day: string | null): Promise<void> => {
      const saved = await gql(
        adminA,
        'mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }',
        { input: { integrationId: integrationA.integration.id, syncRecordsFrom: day } },
      );
      assert.equal(saved.errors, undefined, JSON.stringify(saved.errors));
      await eventually(async () => {
        const rows = await system
          .dataSource('sync-engine')
          .query<{ day: string | null }[]>(
            `SELECT settings->>'syncRecordsFrom' AS day FROM sync_engine.sync_integrations WHERE integration_id = $1`,
            [integrationA.integration.id],
          );
        assert.equal(rows[0]?.day, day);
      });
    };
    const fullSync = async (): Promise<RunView> => {
      const started = await gql<{ triggerSync: { syncRun: { id: string } } }>(
        adminA,
        'mutation($input: TriggerSyncInput!) { triggerSync(input: $input) { syncRun { id } } }',
        { input: { integrationId: integrationA.integration.id, mode: 'FULL' } },
      );
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      return eventually(
        async () => {
          const found = (await runsOf(adminA, integrationA.integration.id)).find(
            (candidate) => candidate.id === started.data!.triggerSync.syncRun.id,
          );
          assert.ok(found?.status !== 'RUNNING', JSON.stringify(found));
          return found!;
        },
        { timeoutMs: 30_000 },
      );
    };
    const countCredits = async (): Promise<number> => {
      const metrics = await (await fetch(`${system.services['sync-engine'].url}/metrics`)).text();
      return Number(/^crm_bridge_zoho_api_credits_total\{operation="records\.count"[^}]*\} (\S+)$/m.exec(metrics)?.[1] ?? 0);
    };
    const { records } = await zohoAdmin<{ records: unknown[] }>('GET', `/orgs/${demoOrg.id}/modules/Deals/records`);
    const dealsBefore = await dealsOf(adminA);
    const countCreditsBefore = await countCredits();
    try {
      // No Zoho deal was modified on or after a day to come: the count's criteria say 0, and nothing is read.
      await syncRecordsFrom('2100-01-01');
      const none = await fullSync();
      assert.equal(none.status, 'SUCCEEDED', JSON.stringify(none));
      assert.equal(none.estimatedTotal, 0);
      assert.deepEqual(none.counts, { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0, conflicts: 0 });
      // Every Zoho deal was modified after a day long past: counted exactly, whatever the read strategy
      // (the one the previous test left, REST_LIST, is counted as well now).
      await syncRecordsFrom('2000-01-01');
      const all = await fullSync();
      assert.equal(all.status, 'SUCCEEDED', JSON.stringify(all));
      assert.equal(all.estimatedTotal, records.length);
      assert.equal(all.counts.created, 0, 'everything was in the portal already');
      assert.equal((await countCredits()) - countCreditsBefore, 2, 'one Record Count call, 1 credit, per full sync');
    } finally {
      await syncRecordsFrom(null);
    }
    assert.deepEqual(await dealsOf(adminA), dealsBefore);
  });

  test("tenant isolation: each tenant's sync reads only its own org and writes only its own deals; an unmapped stage leaves the phase and says why", async () => {
    assert.ok(integrationB);
    await eventually(
      async () =>
        assert.deepEqual(
          (await dealsOf(adminB)).map((deal) => deal.name),
          ['Second tenant only deal'],
        ),
      {
        timeoutMs: 30_000,
      },
    );
    const namesA = (await dealsOf(adminA)).map((deal) => deal.name);
    assert.ok(!namesA.includes('Second tenant only deal'));
    const stateA = await sandbox.admin<{ credits: { used: number } }>('GET', `/orgs/${demoOrg.id}`);

    const dealB = (await dealsOf(adminB))[0]!;
    await zohoEdit(otherOrg, dealB.zohoId!, { Stage: 'On Hold', Amount: 888 });
    await eventually(async () => assert.equal((await dealsOf(adminB))[0]?.amount, '888.00'));
    const afterEdit = (await dealsOf(adminB))[0]!;
    assert.equal(afterEdit.phase, 'Qualified', 'an unmapped stage leaves the phase');
    const issue = (await runsOf(adminB, integrationB.integration.id))
      .flatMap((run) => run.issues.edges.map((edge) => edge.node))
      .find((node) => node.zohoRecordId === dealB.zohoId);
    assert.equal(issue?.field, 'phase');
    assert.match(issue?.reason ?? '', /On Hold/);

    // Tenant A's portal never saw B's deal, and A's runs never named B's records.
    assert.ok(!(await dealsOf(adminA)).some((deal) => deal.zohoId === dealB.zohoId));
    const runsA = await runsOf(adminA, integrationA.integration.id);
    assert.ok(!runsA.flatMap((run) => run.issues.edges).some((edge) => edge.node.zohoRecordId === dealB.zohoId));
    // Neither tenant can read the other's runs.
    assert.deepEqual(await runsOf(adminB, integrationA.integration.id), []);
    assert.ok(stateA.credits.used > 0);
  });

  test('a new mapping version re-syncs what it changes without a manual sync: a newly mapped field comes in from Zoho', async () => {
    const globex = (await dealNamed(adminA, 'Globex doomsday device'))!;
    const before = (await linkOf(globex.zohoId!))?.zoho_modified_at;
    await zohoEdit(demoOrg, globex.zohoId!, { Lead_Source: 'Partner' });
    // Zoho's notification of the edit is applied under version 1 (which does not bring Lead_Source
    // in) before version 2 is published, so it is the re-sync that brings the value, not a race.
    await eventually(async () => {
      const link = await linkOf(globex.zohoId!);
      assert.ok(link && (!before || link.zoho_modified_at > before), 'the edit was applied under version 1');
    });
    const v2 = {
      ...DEMO_MAPPING_DEFINITION,
      fieldMappings: DEMO_MAPPING_DEFINITION.fieldMappings.map((mapping) =>
        mapping.zohoField === 'Lead_Source' ? { ...mapping, direction: 'BOTH' } : mapping,
      ),
    };
    const published = await gql<{ publishMappingVersion: { mappingVersion: { version: number } | null; problems: unknown[] } }>(
      adminA,
      'mutation($input: PublishMappingVersionInput!) { publishMappingVersion(input: $input) { mappingVersion { version } problems { path message } } }',
      { input: { integrationId: integrationA.integration.id, definition: v2, comment: 'Lead source comes in from Zoho too' } },
    );
    assert.equal(published.data?.publishMappingVersion.mappingVersion?.version, 2, JSON.stringify(published));
    await eventually(
      async () => {
        const deal = await dealNamed(adminA, 'Globex doomsday device');
        assert.deepEqual(
          deal?.customFields.find((field) => field.apiName === 'leadSource'),
          { apiName: 'leadSource', value: 'Partner' },
        );
      },
      { timeoutMs: 30_000 },
    );
    await eventually(async () => {
      const resync = (await runsOf(adminA, integrationA.integration.id)).find((run) => run.trigger === 'MAPPING_CHANGE');
      assert.equal(resync?.status, 'SUCCEEDED');
      assert.ok((resync?.counts.updated ?? 0) >= 1);
    });
  });

  test('a Zoho deal the portal refuses is retried after the back-off and comes in once the cause is gone; after 10 failures sync gives up, saying so', async () => {
    // The portal's database refuses two values the Zoho deals carry (a real constraint violation
    // inside the deal's transaction, as any refusal of the portal's storage would be).
    const database = system.dataSource('sync-engine');
    await database.query(
      'ALTER TABLE sync_engine.deals ADD CONSTRAINT deals_amount_within_portal_limit CHECK (amount IS NULL OR amount <= 10000000) NOT VALID',
    );
    await database.query(
      "ALTER TABLE sync_engine.deals ADD CONSTRAINT deals_name_allowed CHECK (name <> 'Never fits the portal') NOT VALID",
    );
    try {
      const whaleId = await zohoCreate(demoOrg, {
        Deal_Name: 'Whale deal',
        Pipeline: 'Standard',
        Stage: 'Qualification',
        Amount: 25_000_000,
      });
      const neverId = await zohoCreate(demoOrg, { Deal_Name: 'Never fits the portal', Pipeline: 'Standard', Stage: 'Qualification' });

      // The poll reads it, the portal refuses it, and it waits in the queue for its retry.
      const firstRetry = await eventually(async () => {
        const row = await queueRowOf(whaleId);
        assert.ok(row && row.attempts >= 1 && row.retry_at, JSON.stringify(row));
        return row;
      });
      assert.ok(firstRetry.retry_at!.getTime() > Date.now() - 2_500, 'due within the back-off, not at once');
      // Tried again after the back-off (not only when Zoho changes it): the failures in a row grow.
      await eventually(async () => assert.ok(((await queueRowOf(whaleId))?.attempts ?? 0) >= 3), { timeoutMs: 20_000 });
      const failures = (await issuesOf(whaleId)).filter((reason) => reason.includes('could not be saved in the portal'));
      assert.ok(failures.length >= 3, failures.join('\n'));
      assert.match(failures[0]!, /^Zoho deal \d+ could not be saved in the portal: .*deals_amount_within_portal_limit/);
      // (A poll that fails it while Zoho's notification of it is still queued leaves the attempts to that notification.)
      assert.ok(
        failures.some((reason) => /\(attempt 1 of 10; it is tried again in \d+ s\)$/.test(reason)),
        failures.join('\n'),
      );
      assert.equal(await dealNamed(adminA, 'Whale deal'), undefined);

      // The cause goes away without any change in Zoho: the next retry brings the deal in and clears its row.
      await database.query('ALTER TABLE sync_engine.deals DROP CONSTRAINT deals_amount_within_portal_limit');
      await eventually(async () => assert.equal((await dealNamed(adminA, 'Whale deal'))?.amount, '25000000.00'), { timeoutMs: 15_000 });
      await eventually(async () => assert.equal(await queueRowOf(whaleId), undefined));

      // The deal that keeps failing is given up on at the tenth failure in a row, and the issue says so.
      const neverFailures = async () => (await issuesOf(neverId)).filter((reason) => reason.includes('could not be saved in the portal'));
      const atGiveUp = await eventually(
        async () => {
          const reasons = await neverFailures();
          assert.ok(
            reasons.some((reason) =>
              reason.endsWith('(gave up after 10 attempts; it is tried again when Zoho changes it or on a full sync)'),
            ),
            reasons.join('\n'),
          );
          return reasons;
        },
        { timeoutMs: 40_000 },
      );
      const attempts = atGiveUp.flatMap((reason) => /\(attempt (\d+) of 10;/.exec(reason)?.[1] ?? []).map(Number);
      // (Zoho's notification of the new deal, if it arrives after a poll failed it, starts the count over.)
      assert.deepEqual(attempts.slice(-9), [1, 2, 3, 4, 5, 6, 7, 8, 9], atGiveUp.join('\n'));
      // Its row stays without a retry time, so the polls' overlap does not start it over; a full sync would.
      const givenUp = await system
        .dataSource('sync-engine')
        .query<{ attempts: number; given_up: boolean }[]>(
          "SELECT attempts, retry_at = 'infinity' AS given_up FROM sync_engine.notified_zoho_records WHERE zoho_record_id = $1",
          [neverId],
        );
      assert.deepEqual(givenUp, [{ attempts: 10, given_up: true }]);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      assert.deepEqual(await neverFailures(), atGiveUp, 'no failure after giving up: the polls re-reading it pass it over');
    } finally {
      await database.query('ALTER TABLE sync_engine.deals DROP CONSTRAINT IF EXISTS deals_amount_within_portal_limit');
      await database.query('ALTER TABLE sync_engine.deals DROP CONSTRAINT IF EXISTS deals_name_allowed');
    }
  });

  test('a deal in an unselected pipeline is counted as ignored once per Zoho version, however often the polls re-read it in their overlap', async () => {
    const ignoredSince = async (since: Date): Promise<string[]> => {
      const rows = await system
        .dataSource('sync-engine')
        .query<{ reason: string }[]>('SELECT reason FROM sync_engine.sync_issues WHERE zoho_record_id = $1 AND created_at > $2', [
          umbrellaId,
          since,
        ]);
      return rows.map((row) => row.reason).filter((reason) => reason.includes('ignored'));
    };
    const editedAt = new Date();
    await zohoEdit(demoOrg, umbrellaId, { Amount: 995000 });
    await eventually(async () => assert.equal((await ignoredSince(editedAt)).length, 1), { timeoutMs: 15_000 });
    // The edit is the newest change in Zoho, so every poll (each second) re-reads it within its 2 s overlap.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const counted = await ignoredSince(editedAt);
    assert.equal(counted.length, 1, counted.join('\n'));
    assert.match(counted[0]!, /ignored: pipeline 'Enterprise' is not selected in the mapping/);

    // A newer version in Zoho is evaluated again, and counted once more.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await zohoEdit(demoOrg, umbrellaId, { Amount: 999000 });
    await eventually(async () => assert.equal((await ignoredSince(editedAt)).length, 2), { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal((await ignoredSince(editedAt)).length, 2);
    assert.equal(await dealNamed(adminA, 'Umbrella enterprise rollout'), undefined, 'still not in the portal');
  });
});
