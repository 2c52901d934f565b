import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogSink } from '@crm-bridge/observability';
import type { RunningSubgraphService } from '@crm-bridge/service-runtime';
import { eventually, type ZohoSandboxProcess } from '@crm-bridge/testing';
import {
  assertEachDealSyncedOnce,
  createDeals,
  createDemoShapedOrg,
  syncedCount,
  zohoDealIdsByPortalId,
  type SyncEngineQuery,
} from './support/deal-sync-load';
import { startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

/** One `integration pass` log line of a sync-engine instance. */
interface Pass {
  readonly instance: 'A' | 'B';
  readonly instanceId: string;
  readonly integrationId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly steps: readonly string[];
  readonly outcome: string;
}

/** Injected into every Zoho call, so a batch's write takes long enough for the other instance to try the integration. */
const ZOHO_LATENCY_MS = 150;
const DEALS_PER_TENANT = 200;
const SYNC_TIMEOUT = { timeoutMs: 60_000, intervalMs: 200 };

describe('two sync-engine instances over one database and broker: each integration is worked by one instance at a time', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let instanceB: RunningSubgraphService;
  let graphqlUrl: string;
  let orgIds: string[];
  const passes: Pass[] = [];
  const tenants: { authorization: string; integrationId: string }[] = [];
  const SECOND_ORG_NAME = 'Second Tenant Org';
  const query: SyncEngineQuery = (sql, parameters) => system.dataSource('sync-engine').query(sql, parameters);

  /** Keeps each instance's pass lines (its other lines are dropped: LOG_LEVEL is info for these). */
  const passLog =
    (instance: Pass['instance']): LogSink =>
    (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry['msg'] === 'integration pass') {
        passes.push({
          instance,
          instanceId: entry['instanceId'] as string,
          integrationId: entry['integrationId'] as string,
          startedAt: Date.parse(entry['startedAt'] as string),
          finishedAt: Date.parse(entry['finishedAt'] as string),
          steps: entry['steps'] as string[],
          outcome: entry['outcome'] as string,
        });
      }
    };

  /** Every pair of passes of one integration, in start order, where the later began before the earlier ended. */
  const overlappingPasses = (): [Pass, Pass][] => {
    const overlaps: [Pass, Pass][] = [];
    for (const integrationId of new Set(passes.map((pass) => pass.integrationId))) {
      const ofIntegration = passes.filter((pass) => pass.integrationId === integrationId).sort((a, b) => a.startedAt - b.startedAt);
      let latestEnd: Pass | null = null;
      for (const pass of ofIntegration) {
        if (latestEnd && pass.startedAt < latestEnd.finishedAt) {
          overlaps.push([latestEnd, pass]);
        }
        if (!latestEnd || pass.finishedAt > latestEnd.finishedAt) {
          latestEnd = pass;
        }
      }
    }
    return overlaps;
  };

  const passesCounted = async (instance: RunningSubgraphService): Promise<Map<string, number>> => {
    const text = await (await fetch(`${instance.url}/metrics`)).text();
    const counted = new Map<string, number>();
    for (const match of text.matchAll(/^crm_bridge_sync_integration_passes_total\{([^}]*)\} (\d+)/gm)) {
      const worker = /worker="([^"]+)"/.exec(match[1] ?? '')?.[1] ?? '';
      counted.set(worker, (counted.get(worker) ?? 0) + Number(match[2]));
    }
    return counted;
  };

  before(async () => {
    running = await startDemoSystem({
      // One integration at a time per instance: with two integrations busy, both instances must work.
      syncEngineEnvironment: { LOG_LEVEL: 'info', SYNC_WORKER_CONCURRENCY: '1' },
      logSinks: { 'sync-engine': passLog('A') },
      beforeIntegration: async (parts) => {
        // Same database, broker and consumer groups; not behind the gateway. Its notification URL is
        // instance A's, as one ingress would route Zoho's calls to any instance.
        instanceB = await parts.system.startExtraInstance('sync-engine', {}, { logSink: passLog('B') });
      },
      debounceSeconds: 0,
    });
    ({ sandbox, system, graphqlUrl } = running);
    // Two tenants, each with the demo integration on a Zoho org of its own: two integrations to share.
    tenants.push({ authorization: running.authorization, integrationId: running.demo.integration.id });
    orgIds = [running.demoOrgId, await createDemoShapedOrg(sandbox, SECOND_ORG_NAME)];
    const second = await running.addDemoTenant({ zohoOrgName: SECOND_ORG_NAME, debounceSeconds: 0 });
    tenants.push({ authorization: second.authorization, integrationId: second.demo.integration.id });
    for (const orgId of orgIds) {
      await sandbox.admin('PUT', `/orgs/${orgId}/faults`, { latencyMs: ZOHO_LATENCY_MS });
    }
  });

  after(() => running?.stop());

  /** Both orgs' Deals by the portal deal id they carry. */
  const zohoDealsOfBothOrgs = async (): Promise<Map<string, string[]>> => {
    const merged = new Map<string, string[]>();
    for (const orgId of orgIds) {
      for (const [portalId, zohoIds] of await zohoDealIdsByPortalId(sandbox, orgId)) {
        merged.set(portalId, [...(merged.get(portalId) ?? []), ...zohoIds]);
      }
    }
    return merged;
  };

  const createForBothTenants = async (label: string, perTenant: number): Promise<string[]> =>
    (
      await Promise.all(
        tenants.map((tenant, index) =>
          createDeals(graphqlUrl, tenant.authorization, tenant.integrationId, perTenant, {
            namePrefix: `${label} ${index}`,
            concurrency: 4,
          }),
        ),
      )
    ).flat();

  test('deals of two integrations all end SYNCED once in Zoho; no two passes of an integration overlap; both instances work', async () => {
    const dealIds = await createForBothTenants('Shared load', DEALS_PER_TENANT);
    await eventually(async () => assert.equal(await syncedCount(dealIds, query), dealIds.length), SYNC_TIMEOUT);

    await assertEachDealSyncedOnce(dealIds, query, await zohoDealsOfBothOrgs());
    assert.deepEqual(overlappingPasses(), [], 'passes of one integration overlapped');
    const integrationIds = tenants.map((tenant) => tenant.integrationId);
    const worked = (instance: Pass['instance']) =>
      new Set(
        passes.filter((pass) => pass.instance === instance && pass.steps.includes('outbound-deals')).map((pass) => pass.integrationId),
      );
    // A pass logs its line when it ends, which can be after its deals were recorded SYNCED: wait for the lines.
    await eventually(() => {
      assert.ok(worked('A').size > 0 && worked('B').size > 0, `each instance worked an integration: ${JSON.stringify(passCounts())}`);
      assert.deepEqual(new Set([...worked('A'), ...worked('B')]), new Set(integrationIds));
    });
    assert.ok(
      passes.every((pass) => pass.outcome === 'COMPLETED'),
      JSON.stringify(passes.filter((pass) => pass.outcome !== 'COMPLETED')),
    );

    // The counter says what the log says, per instance (passes may still run: compare at one moment).
    const instanceA = system.services['sync-engine'];
    await eventually(async () => {
      const counted = new Map([...(await passesCounted(instanceA)), ...(await passesCounted(instanceB))]);
      const logged = new Map<string, number>();
      for (const pass of passes) {
        logged.set(pass.instanceId, (logged.get(pass.instanceId) ?? 0) + 1);
      }
      assert.deepEqual(counted, logged);
    });
  });

  test('an instance stopped cleanly mid-way hands its integration over: the other finishes every deal, once', async () => {
    const dealIds = await createForBothTenants('Handover', DEALS_PER_TENANT);
    const idOfB = passes.find((pass) => pass.instance === 'B')?.instanceId;
    assert.ok(idOfB);
    // Stop B while it holds an integration's lease and the batch is part-way synced.
    await eventually(
      async () => {
        const synced = await syncedCount(dealIds, query);
        assert.ok(synced > 0 && synced < dealIds.length * 0.8, `synced ${synced}`);
        const held = await query('SELECT 1 FROM sync_engine.integration_work WHERE lease_owner = $1', [idOfB]);
        assert.equal(held.length, 1, 'B holds a lease');
      },
      { timeoutMs: 30_000, intervalMs: 20 },
    );
    await instanceB.close();

    await eventually(async () => assert.equal(await syncedCount(dealIds, query), dealIds.length), SYNC_TIMEOUT);
    await assertEachDealSyncedOnce(dealIds, query, await zohoDealsOfBothOrgs());
    assert.deepEqual(overlappingPasses(), [], 'passes of one integration overlapped');
    // B's pass in hand when it stopped ended ABORTED (its lease released, the rest due at once), and
    // A took that integration over.
    // (On a loaded machine B's pass may end just before the stop: then it ended COMPLETED and there was nothing to hand over.)
    const lastOfB = passes.filter((pass) => pass.instance === 'B').sort((a, b) => b.finishedAt - a.finishedAt)[0];
    assert.ok(lastOfB && ['ABORTED', 'COMPLETED'].includes(lastOfB.outcome), JSON.stringify(lastOfB));
    if (lastOfB.outcome === 'ABORTED') {
      // A pass logs its line when it ends, which can be after its deals were recorded SYNCED.
      await eventually(() =>
        assert.ok(
          passes.some(
            (pass) => pass.instance === 'A' && pass.integrationId === lastOfB.integrationId && pass.startedAt >= lastOfB.finishedAt,
          ),
          'A took over the integration B stopped working',
        ),
      );
    }
  });

  const passCounts = () => {
    const counts: Record<string, number> = {};
    for (const pass of passes) {
      const key = `${pass.instance} ${pass.integrationId.slice(0, 8)}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };
});
