import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, postGraphql, type ZohoSandboxProcess } from '@crm-bridge/testing';
import type { DemoIntegration } from '../scripts/demo-integration';
import { startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

interface RunView {
  trigger: string;
  status: string;
  counts: { created: number; updated: number; deleted: number; skipped: number; failed: number };
  issues: { edges: { node: { zohoRecordId: string | null; reason: string } }[] };
}

interface ZohoDeal {
  id: string;
  values: Record<string, unknown>;
}

const SYNC_TIMEOUT = { timeoutMs: 60_000, intervalMs: 200 };
/** Above OUTBOUND_BULK_THRESHOLD (100 here): one Bulk Write job. */
const BACKLOG = 130;
/** Zoho deals there before the integration: one page of the initial import. */
const IMPORTED = 40;

describe('large syncs: an import page with a record the portal cannot store, and a backlog pushed as one Bulk Write job', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let graphqlUrl: string;
  let demoOrgId: string;
  let authorization: string;
  let demo: DemoIntegration;
  let badZohoId: string;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data as T;
  };
  const runsOf = async (trigger: string): Promise<RunView[]> =>
    (
      await gql<{ syncRuns: { edges: { node: RunView }[] } }>(
        `query($id: ID!) { syncRuns(first: 100, integrationId: $id) { edges { node { trigger status
           counts { created updated deleted skipped failed } issues(first: 20) { edges { node { zohoRecordId reason } } } } } } }`,
        { id: demo.integration.id },
      )
    ).syncRuns.edges
      .map((edge) => edge.node)
      .filter((run) => run.trigger === trigger);
  const dealsDirection = async (direction: string): Promise<void> => {
    await gql('mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }', {
      input: { integrationId: demo.integration.id, debounceSeconds: 0, modules: [{ module: 'DEALS', enabled: true, direction }] },
    });
    await eventually(async () => {
      const [row] = await system.dataSource('sync-engine').query<{ direction: string; debounce: number }[]>(
        `SELECT module->>'direction' AS direction, (settings->>'debounceSeconds')::int AS debounce
           FROM sync_engine.sync_integrations, jsonb_array_elements(settings->'modules') AS module
           WHERE integration_id = $1 AND module->>'module' = 'DEALS'`,
        [demo.integration.id],
      );
      assert.deepEqual(row, { direction, debounce: 0 });
    }, SYNC_TIMEOUT);
  };
  const syncEngineCredits = async (): Promise<Map<string, number>> => {
    const metrics = await (await fetch(`${system.services['sync-engine'].url}/metrics`)).text();
    const credits = new Map<string, number>();
    for (const [, operation, value] of metrics.matchAll(/^crm_bridge_zoho_api_credits_total\{operation="([^"]+)"[^}]*\} (\S+)$/gm)) {
      credits.set(operation as string, Number(value));
    }
    return credits;
  };

  before(async () => {
    running = await startDemoSystem({
      syncEngineEnvironment: { OUTBOUND_BULK_THRESHOLD: '100' },
      beforeIntegration: async (parts) => {
        const records = Array.from({ length: IMPORTED }, (_, index) => ({
          // One name PostgreSQL cannot store (a NUL character): its page cannot commit whole.
          Deal_Name: index === 17 ? 'Broken\u0000name' : `Imported ${index}`,
          Pipeline: 'Standard',
          Stage: 'Qualification',
          Amount: 100 + index,
        }));
        const seeded = await parts.sandbox.admin<{ results: { record: { id: string } }[] }>(
          'POST',
          `/orgs/${parts.demoOrgId}/modules/Deals/records`,
          { records },
        );
        badZohoId = seeded.results[17]?.record.id ?? '';
      },
    });
    ({ sandbox, system, graphqlUrl, demoOrgId, authorization, demo } = running);
  });

  after(() => running?.stop());

  test('the initial import applies a page in one transaction; a record the portal cannot store fails alone, saying why', async () => {
    const initial = await eventually(async () => {
      const [run] = await runsOf('INITIAL');
      assert.ok(run && run.status !== 'RUNNING', JSON.stringify(run));
      return run;
    }, SYNC_TIMEOUT);
    // The demo org's own 6 deals and the 40 seeded, one of which failed.
    assert.equal(initial.status, 'PARTIALLY_FAILED');
    assert.deepEqual(initial.counts, { created: IMPORTED + 5, updated: 0, deleted: 0, skipped: 0, failed: 1 });
    const [issue] = initial.issues.edges.map((edge) => edge.node);
    assert.equal(issue?.zohoRecordId, badZohoId);
    assert.match(issue?.reason ?? '', new RegExp(`Zoho deal ${badZohoId} could not be saved in the portal: .+`));
    const [row] = await system
      .dataSource('sync-engine')
      .query<{ deals: number; links: number }[]>(
        'SELECT (SELECT count(*)::int FROM sync_engine.deals) AS deals, (SELECT count(*)::int FROM sync_engine.record_links) AS links',
      );
    assert.deepEqual(row, { deals: IMPORTED + 5, links: IMPORTED + 5 });
  });

  test('a backlog above OUTBOUND_BULK_THRESHOLD reaches Zoho as one Bulk Write upsert: every deal once, linked and SYNCED', async () => {
    await dealsDirection('ZOHO_TO_PORTAL');
    const ids: string[] = [];
    for (let index = 0; index < BACKLOG; index += 1) {
      const created = await gql<{ createDeal: { id: string } }>('mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }', {
        input: { integrationId: demo.integration.id, name: `Backlog ${index}`, phase: 'Registered', amount: `${index}.50` },
      });
      ids.push(created.createDeal.id);
    }
    await eventually(async () => {
      const [row] = await system
        .dataSource('sync-engine')
        .query<{ queued: number }[]>(
          'SELECT count(*)::int AS queued FROM sync_engine.outbound_changes WHERE portal_record_id = ANY($1::uuid[])',
          [ids],
        );
      assert.equal(row?.queued, BACKLOG);
    }, SYNC_TIMEOUT);
    const before = await syncEngineCredits();

    await dealsDirection('BOTH');
    const pushed = await eventually(async () => {
      const [run] = (await runsOf('PORTAL_CHANGE')).filter((candidate) => candidate.status !== 'RUNNING');
      assert.equal(run?.counts.created, BACKLOG, JSON.stringify(run));
      return run;
    }, SYNC_TIMEOUT);
    assert.equal(pushed.status, 'SUCCEEDED');

    const { records } = await sandbox.admin<{ records: ZohoDeal[] }>('GET', `/orgs/${demoOrgId}/modules/Deals/records`);
    const byPortalId = new Map<string, ZohoDeal[]>();
    for (const record of records) {
      const portalId = record.values['Portal_Deal_Id'];
      if (typeof portalId === 'string') {
        byPortalId.set(portalId, [...(byPortalId.get(portalId) ?? []), record]);
      }
    }
    const deals = await system
      .dataSource('sync-engine')
      .query<{ id: string; zoho_id: string | null; sync_status: string; name: string }[]>(
        'SELECT id, zoho_id, sync_status, name FROM sync_engine.deals WHERE id = ANY($1::uuid[])',
        [ids],
      );
    for (const deal of deals) {
      const inZoho = byPortalId.get(deal.id) ?? [];
      assert.equal(inZoho.length, 1, `exactly one Zoho deal for ${deal.name}`);
      assert.equal(inZoho[0]?.id, deal.zoho_id, deal.name);
      assert.equal(inZoho[0]?.values['Deal_Name'], deal.name);
      assert.equal(deal.sync_status, 'SYNCED', deal.name);
    }
    assert.equal(deals.length, BACKLOG);

    // Through Bulk Write, not REST upserts of 100.
    const after = await syncEngineCredits();
    const spent = (operation: string) => (after.get(operation) ?? 0) - (before.get(operation) ?? 0);
    assert.ok(spent('bulk.write.create') > 0, JSON.stringify([...after]));
    assert.equal(spent('records.upsert'), 0);
  });
});
