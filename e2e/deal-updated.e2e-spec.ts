import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Topics, type DealUpdatedData } from '@crm-bridge/contracts';
import { eventually, postGraphql, TopicRecorder, type ZohoSandboxProcess } from '@crm-bridge/testing';
import type { DemoIntegration } from '../scripts/demo-integration';
import { FREQUENT_INBOUND_POLLS, startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

const SYNC_TIMEOUT = { timeoutMs: 30_000, intervalMs: 100 };
/** Longer than two polls and a notification's round trip: an echo of a write would be published in it. */
const QUIET_MS = 5_000;

interface DealUpdate {
  key: string | undefined;
  tenantId: string | undefined;
  data: DealUpdatedData;
}

describe('deal.updated end to end: one event per committed change of a portal deal, from the portal or from Zoho; echoes publish none', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let recorder: TopicRecorder;
  let graphqlUrl: string;
  let authorization: string;
  let demo: DemoIntegration;
  let orgId: string;
  let tenantId: string;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data as T;
  };
  const updates = (): DealUpdate[] =>
    recorder
      .on(Topics.recordUpdates)
      .filter((record) => record.headers['ce_type'] === 'deal.updated')
      .map((record) => ({
        key: record.key,
        tenantId: record.headers['ce_tenantid'],
        data: JSON.parse(record.value ?? '{}') as DealUpdatedData,
      }));
  const updatesOf = (dealId: string) => updates().filter((update) => update.data.dealId === dealId);
  const portalDeal = async (id: string) =>
    (
      await system
        .dataSource('sync-engine')
        .query<{ zoho_id: string | null; sync_status: string }[]>('SELECT zoho_id, sync_status FROM sync_engine.deals WHERE id = $1', [id])
    )[0];
  const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

  before(async () => {
    running = await startDemoSystem({
      // Polls re-read every change (ours included) after its notification did: echoes to see as such.
      syncEngineEnvironment: FREQUENT_INBOUND_POLLS,
      // Recording before the integration exists, so an event of the initial import would be heard.
      beforeIntegration: async (parts) => {
        recorder = await new TopicRecorder(parts.system.kafka.kafka, [Topics.recordUpdates]).start();
      },
      debounceSeconds: 0,
    });
    ({ sandbox, system, graphqlUrl, demoOrgId: orgId, tenantId, authorization, demo } = running);
  });

  after(async () => {
    await recorder?.stop();
    await running?.stop();
  });

  test('the initial import announces nothing (connecting an org moves no deal); deals a Zoho user creates afterwards, a page at once, are one CREATED (origin ZOHO) each, their portal ids echoing none', async () => {
    const db = system.dataSource('sync-engine');
    const imported = await eventually(async () => {
      const [run] = await db.query<{ status: string }[]>(
        `SELECT status FROM sync_engine.sync_runs WHERE integration_id = $1 AND trigger = 'INITIAL'`,
        [demo.integration.id],
      );
      assert.equal(run?.status, 'SUCCEEDED');
      const deals = await db.query<{ id: string }[]>('SELECT id FROM sync_engine.deals WHERE integration_id = $1', [demo.integration.id]);
      assert.ok(deals.length > 1, 'the demo org has deals to import');
      return deals;
    }, SYNC_TIMEOUT);
    // Outbound writes each imported deal's Portal_Deal_Id into Zoho; notifications and polls read that back.
    await quiet();
    assert.deepEqual(
      imported.flatMap((deal) => updatesOf(deal.id)),
      [],
      'neither the import nor its echoes are announced',
    );

    // Three deals in one Zoho call: one notification naming all three, applied as one page.
    const names = ['Wayne foundry', 'Wayne smelter', 'Wayne forge'];
    await sandbox.admin('POST', `/orgs/${orgId}/modules/Deals/records`, {
      records: names.map((name, index) => ({ Deal_Name: name, Pipeline: 'Standard', Stage: 'Qualification', Amount: 100 + index })),
    });
    const created = await eventually(async () => {
      const deals = await db.query<{ id: string; name: string; phase: string; pipeline: string | null }[]>(
        'SELECT id, name, phase, pipeline FROM sync_engine.deals WHERE integration_id = $1 AND name = ANY($2::text[])',
        [demo.integration.id, names],
      );
      assert.equal(deals.length, names.length);
      return deals;
    }, SYNC_TIMEOUT);
    await eventually(() => assert.equal(created.flatMap((deal) => updatesOf(deal.id)).length, names.length), SYNC_TIMEOUT);
    await quiet();
    for (const deal of created) {
      const [update, ...more] = updatesOf(deal.id);
      assert.deepEqual(more, [], `one event for ${deal.name}, none for the echo of its portal id`);
      assert.equal(update?.key, demo.integration.id);
      assert.equal(update?.tenantId, tenantId);
      assert.equal(update?.data.operation, 'CREATED');
      assert.equal(update?.data.origin, 'ZOHO');
      assert.equal(update?.data.phase, deal.phase);
      assert.equal(update?.data.pipeline, deal.pipeline);
      assert.ok(
        update?.data.changes.some((change) => change.field === 'name' && change.oldValue === null && change.newValue === deal.name),
        JSON.stringify(update?.data.changes),
      );
    }
  });

  test('a deal created in the portal (PORTAL), changed by a Zoho user (ZOHO, exactly the changed fields) and deleted in the portal: three events, none for the sync echoes', async () => {
    const { createDeal } = await gql<{ createDeal: { id: string } }>(
      'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }',
      { input: { integrationId: demo.integration.id, name: 'Stark turbines', pipeline: 'Standard', phase: 'Proposal', amount: '2500.25' } },
    );
    const dealId = createDeal.id;
    const zohoId = await eventually(async () => {
      const stored = await portalDeal(dealId);
      assert.equal(stored?.sync_status, 'SYNCED');
      assert.ok(stored.zoho_id);
      return stored.zoho_id;
    }, SYNC_TIMEOUT);
    await quiet();
    assert.deepEqual(
      updatesOf(dealId).map(({ key, tenantId: tenant, data }) => ({ key, tenant, operation: data.operation, origin: data.origin })),
      [{ key: demo.integration.id, tenant: tenantId, operation: 'CREATED', origin: 'PORTAL' }],
      'the push to Zoho and its read-back publish nothing',
    );

    await sandbox.admin('PATCH', `/orgs/${orgId}/modules/Deals/records/${zohoId}`, {
      values: { Amount: 4321.75, Stage: 'Negotiation/Review' },
    });
    await eventually(() => assert.equal(updatesOf(dealId).length, 2), SYNC_TIMEOUT);
    const zohoChange = updatesOf(dealId)[1];
    assert.equal(zohoChange?.tenantId, tenantId);
    assert.equal(zohoChange?.key, demo.integration.id);
    assert.deepEqual(
      { ...zohoChange?.data, updatedAt: undefined },
      {
        dealId,
        operation: 'UPDATED',
        origin: 'ZOHO',
        pipeline: 'Standard',
        phase: 'Negotiation',
        partnerId: null,
        changes: [
          { field: 'amount', oldValue: '2500.25', newValue: '4321.75' },
          { field: 'phase', oldValue: 'Proposal', newValue: 'Negotiation' },
        ],
        updatedAt: undefined,
      },
    );

    await quiet();
    assert.equal(updatesOf(dealId).length, 2, 'the poll re-reading the Zoho change publishes nothing');
    await gql('mutation($input: DeleteDealInput!) { deleteDeal(input: $input) }', { input: { id: dealId } });
    await eventually(() => assert.equal(updatesOf(dealId).length, 3), SYNC_TIMEOUT);
    assert.deepEqual(
      { ...updatesOf(dealId)[2]?.data, updatedAt: undefined },
      {
        dealId,
        operation: 'DELETED',
        origin: 'PORTAL',
        pipeline: 'Standard',
        phase: 'Negotiation',
        partnerId: null,
        changes: [],
        updatedAt: undefined,
      },
    );
    assert.ok(updates().every((update) => update.tenantId === tenantId && update.key === demo.integration.id));
  });
});
