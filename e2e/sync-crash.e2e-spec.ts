import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { findFreePort } from '@crm-bridge/persistence';
import { eventually, runNodeProcess, type RunningNodeProcess, type ZohoSandboxProcess } from '@crm-bridge/testing';
import {
  assertEachDealSyncedOnce,
  createDeals,
  gatewayRequest,
  setDebounceSeconds,
  syncedCount,
  zohoDealIdsByPortalId,
  type SyncEngineQuery,
} from './support/deal-sync-load';
import { startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

const DEAL_COUNT = 500;
/** Injected into every Zoho call: a batch's upsert is in flight long enough to be killed in, and its outcomes recorded after. */
const ZOHO_LATENCY_MS = 400;
/** How long a lease lasts unless renewed: the dead instance's runs out this soon after the kill. */
const LEASE_SECONDS = 3;

describe('sync-engine killed with SIGKILL in the middle of a batch loses nothing and duplicates nothing after a restart', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let syncEngineUrl: string;
  let syncEngine: RunningNodeProcess;
  let db: Client;
  let graphqlUrl: string;
  let orgId: string;
  let authorization: string;
  let integrationId: string;
  const query: SyncEngineQuery = async <T>(sql: string, parameters: unknown[]) => (await db.query(sql, parameters)).rows as T[];

  /** sync-engine's real entry point as its own process, as a container runs it, on the port the gateway routes to. */
  const startSyncEngine = async (): Promise<RunningNodeProcess> => {
    const running = runNodeProcess(['apps/sync-engine/src/main.ts'], {
      typescript: true,
      env: { PATH: process.env['PATH'] ?? '', ...system.environmentOf('sync-engine') },
    });
    await eventually(
      async () => {
        assert.equal(running.child.exitCode, null, running.stderr());
        assert.equal((await fetch(`${syncEngineUrl}/health/ready`)).status, 200);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    return running;
  };

  const setEnabled = async (enabled: boolean): Promise<void> => {
    await gatewayRequest(
      graphqlUrl,
      authorization,
      'mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }',
      { input: { integrationId, enabled } },
    );
    await eventually(
      async () => {
        const [row] = await query<{ enabled: boolean }>(
          `SELECT (settings->>'enabled')::boolean AS enabled FROM sync_engine.sync_integrations WHERE integration_id = $1`,
          [integrationId],
        );
        assert.equal(row?.enabled, enabled);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  };

  before(async () => {
    syncEngineUrl = `http://127.0.0.1:${await findFreePort()}`;
    running = await startDemoSystem({
      syncEngineEnvironment: {
        LOG_LEVEL: 'info',
        SYNC_LEASE_SECONDS: String(LEASE_SECONDS),
        SYNC_RETRY_INITIAL_MS: '300',
        SYNC_RETRY_MAX_MS: '2000',
      },
      externalServices: { 'sync-engine': syncEngineUrl },
      beforeIntegration: async (parts) => {
        system = parts.system;
        syncEngine = await startSyncEngine();
      },
    });
    ({ sandbox, system, graphqlUrl, demoOrgId: orgId, authorization } = running);
    db = new Client({ connectionString: running.database.url });
    await db.connect();
    integrationId = running.demo.integration.id;
    await setDebounceSeconds(graphqlUrl, authorization, integrationId, 0, query);
  });

  after(async () => {
    if (syncEngine && syncEngine.child.exitCode === null && syncEngine.child.signalCode === null) {
      syncEngine.child.kill('SIGTERM');
      await syncEngine.exited;
    }
    await db?.end();
    await running?.stop();
  });

  test('500 queued deals, the process killed while a batch is written: the next process finishes each deal exactly once', async (t) => {
    // Queue the whole batch while the integration is disabled, so it is flushed as one backlog.
    await setEnabled(false);
    const seeded = new Set((await zohoDealIdsByPortalId(sandbox, orgId)).keys());
    const dealIds = await createDeals(graphqlUrl, authorization, integrationId, DEAL_COUNT, { namePrefix: 'Crash batch' });
    await eventually(
      async () => {
        const [row] = await query<{ queued: number }>(
          'SELECT count(*)::int AS queued FROM sync_engine.outbound_changes WHERE integration_id = $1',
          [integrationId],
        );
        assert.equal(row?.queued, DEAL_COUNT);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await sandbox.admin('PUT', `/orgs/${orgId}/faults`, { latencyMs: ZOHO_LATENCY_MS });
    await setEnabled(true);

    // Kill while a flush is in flight: Zoho holds deals whose outcome (link, SYNCED, queue row) is
    // not all recorded yet, and some deals are SYNCED but not all.
    const atKill = await eventually(
      async () => {
        const synced = await syncedCount(dealIds, query);
        const zoho = await zohoDealIdsByPortalId(sandbox, orgId);
        const inZoho = dealIds.filter((id) => zoho.has(id)).length;
        assert.ok(synced > 0 && synced < inZoho && inZoho < DEAL_COUNT, `synced ${synced}, in Zoho ${inZoho}`);
        syncEngine.child.kill('SIGKILL');
        return { synced, inZoho };
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    t.diagnostic(`killed with ${atKill.synced} deals SYNCED and ${atKill.inZoho} in Zoho`);
    const killed = await syncEngine.exited;
    assert.equal(killed.signal, 'SIGKILL');
    const syncedAfterKill = await syncedCount(dealIds, query);
    assert.ok(syncedAfterKill < DEAL_COUNT, `the kill left deals unsynced (${JSON.stringify(atKill)}, ${syncedAfterKill} synced)`);
    const [lease] = await query<{ lease_owner: string | null; lease_expires_at: Date | null }>(
      'SELECT lease_owner, lease_expires_at FROM sync_engine.integration_work WHERE integration_id = $1',
      [integrationId],
    );
    assert.ok(lease?.lease_owner && lease.lease_expires_at, 'the dead instance still holds the lease');

    syncEngine = await startSyncEngine();
    await eventually(async () => assert.equal(await syncedCount(dealIds, query), DEAL_COUNT), { timeoutMs: 60_000, intervalMs: 200 });

    const zohoByPortalId = await zohoDealIdsByPortalId(sandbox, orgId);
    await assertEachDealSyncedOnce(dealIds, query, zohoByPortalId);
    assert.deepEqual(
      [...zohoByPortalId.keys()].filter((portalId) => !seeded.has(portalId) && !dealIds.includes(portalId)),
      [],
      'no Zoho deal for a deal that does not exist',
    );
    const [left] = await query<{ queued: number }>(
      'SELECT count(*)::int AS queued FROM sync_engine.outbound_changes WHERE integration_id = $1',
      [integrationId],
    );
    assert.equal(left?.queued, 0, 'nothing is left queued');

    // The new process took over only once the dead one's lease had run out (a pass is logged when it
    // ends: the steps after the outbound flush may still be running).
    const firstPass = await eventually(
      () => {
        const pass = syncEngine
          .stdout()
          .split('\n')
          .filter((line) => line.includes('"integration pass"'))
          .map((line) => JSON.parse(line) as { integrationId: string; startedAt: string })
          .find((candidate) => candidate.integrationId === integrationId);
        assert.ok(pass, 'the new process worked the integration');
        return pass;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    assert.ok(
      Date.parse(firstPass.startedAt) >= lease.lease_expires_at.getTime(),
      `${firstPass.startedAt} after ${lease.lease_expires_at.toISOString()}`,
    );
  });
});
