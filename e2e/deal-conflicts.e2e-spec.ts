import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, Topics, type ConflictClearedData, type ConflictDetectedData, type ConflictResolvedData } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import { eventually, firstErrorCodeAndField, postGraphql, TopicRecorder, type ZohoSandboxProcess } from '@crm-bridge/testing';
import type { DemoIntegration } from '../scripts/demo-integration';
import { FREQUENT_INBOUND_POLLS, startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

interface DealView {
  id: string;
  name: string;
  amount: string | null;
  closingDate: string | null;
  zohoId: string | null;
  syncStatus: string;
}

interface ZohoDeal {
  id: string;
  values: Record<string, unknown>;
}

interface ZohoWrite {
  operation: string;
  recordId: string;
  channel: { kind: string };
}

const DEAL_FIELDS = 'id name amount closingDate zohoId syncStatus';
const SYNC_TIMEOUT = { timeoutMs: 30_000, intervalMs: 100 };
/** Portal edits wait this long before outbound sends them: a Zoho edit made meanwhile meets them as a conflict. */
const DEBOUNCE_SECONDS = 4;

describe('deal conflicts: detected when both sides change a field, resolved values reach both sides', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let recorder: TopicRecorder;
  let publisher: EventPublisher;
  let graphqlUrl: string;
  let orgId: string;
  let authorization: string;
  let tenantId: string;
  let demo: DemoIntegration;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data as T;
  };
  const dealOf = async (id: string): Promise<DealView> => {
    const { deal } = await gql<{ deal: DealView | null }>(`query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, { id });
    assert.ok(deal, `portal deal ${id}`);
    return deal;
  };
  const zohoDealOf = async (zohoId: string): Promise<ZohoDeal> => {
    const { records } = await sandbox.admin<{ records: ZohoDeal[] }>('GET', `/orgs/${orgId}/modules/Deals/records`);
    const record = records.find((candidate) => candidate.id === zohoId);
    assert.ok(record, `Zoho deal ${zohoId}`);
    return record;
  };
  /** sync-engine's writes (not a Zoho user's) to one Zoho deal. */
  const apiWritesTo = async (zohoId: string): Promise<ZohoWrite[]> => {
    const { writes } = await sandbox.admin<{ writes: ZohoWrite[] }>('GET', `/orgs/${orgId}/writes?module=Deals`);
    return writes.filter((write) => write.channel.kind !== 'ZOHO_USER' && write.recordId === zohoId);
  };
  const updatedAtOf = async (id: string): Promise<string> => {
    const [row] = await system
      .dataSource('sync-engine')
      .query<{ updated_at: Date }[]>('SELECT updated_at FROM sync_engine.deals WHERE id = $1', [id]);
    return row?.updated_at.toISOString() ?? 'gone';
  };
  /** The `conflict.detected` events of one deal on the conflicts topic, as any subscriber reads them. */
  const detectionsOf = (portalRecordId: string): { key: string | undefined; data: ConflictDetectedData }[] =>
    recorder
      .on(Topics.conflicts)
      .filter((record) => record.headers['ce_type'] === 'conflict.detected')
      .map((record) => ({ key: record.key, data: JSON.parse(record.value ?? '{}') as ConflictDetectedData }))
      .filter((event) => event.data.portalRecordId === portalRecordId);

  /** A portal deal synced to Zoho: amount 1000.00, closing 2027-01-31. */
  const syncedDeal = async (name: string): Promise<DealView & { zohoId: string }> => {
    const { createDeal } = await gql<{ createDeal: DealView }>(`mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`, {
      input: { integrationId: demo.integration.id, name, phase: 'Registered', amount: '1000.00', closingDate: '2027-01-31' },
    });
    return eventually(async () => {
      const deal = await dealOf(createDeal.id);
      assert.equal(deal.syncStatus, 'SYNCED');
      assert.ok(deal.zohoId);
      return deal as DealView & { zohoId: string };
    }, SYNC_TIMEOUT);
  };

  /**
   * Both sides change the amount within the debounce (the portal to `portalAmount`, a Zoho user to
   * `zohoAmount`), and each changes one more field of its own: the portal the name, Zoho the closing date.
   */
  const conflictOn = async (deal: DealView & { zohoId: string }, portalAmount: string, zohoAmount: number): Promise<void> => {
    await gql(`mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }`, {
      input: { id: deal.id, amount: portalAmount, name: `${deal.name} (renamed in the portal)` },
    });
    await sandbox.admin('PATCH', `/orgs/${orgId}/modules/Deals/records/${deal.zohoId}`, {
      values: { Amount: zohoAmount, Closing_Date: '2027-06-30' },
    });
  };

  const resolutionOf = (
    deal: DealView & { zohoId: string },
    resolution: ConflictResolvedData['resolution'],
    resolvedValue: string,
    zohoValue: string,
    eventTenantId = tenantId,
  ) =>
    createEvent('conflict.resolved', {
      source: 'conflict-resolver',
      tenantId: eventTenantId,
      integrationId: demo.integration.id,
      subject: randomUUID(),
      correlationId: randomUUID(),
      data: {
        conflictId: randomUUID(),
        module: 'DEALS',
        portalRecordId: deal.id,
        zohoRecordId: deal.zohoId,
        field: 'amount',
        resolution,
        resolvedValue,
        zohoValue,
        policy: null,
        resolvedBy: 'reviewer-1',
        resolvedAt: new Date().toISOString(),
      },
    });

  /** Waits until both sides hold `amount` and the deal is SYNCED again. */
  const bothSidesHold = (deal: DealView & { zohoId: string }, amount: string) =>
    eventually(async () => {
      const portal = await dealOf(deal.id);
      const zoho = await zohoDealOf(deal.zohoId);
      assert.deepEqual([portal.amount, Number(zoho.values['Amount']).toFixed(2), portal.syncStatus], [amount, amount, 'SYNCED']);
    }, SYNC_TIMEOUT);

  before(async () => {
    running = await startDemoSystem({
      // An open conflict is read again and again.
      syncEngineEnvironment: FREQUENT_INBOUND_POLLS,
    });
    ({ sandbox, system, graphqlUrl, demoOrgId: orgId, tenantId, authorization, demo } = running);
    await gql('mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }', {
      // Under review: conflict-resolver keeps the conflicts open, and this spec publishes the resolutions itself.
      input: { integrationId: demo.integration.id, debounceSeconds: DEBOUNCE_SECONDS, conflictPolicy: 'MANUAL_REVIEW' },
    });
    await eventually(async () => {
      const [row] = await system
        .dataSource('sync-engine')
        .query<{ debounce: number }[]>(
          `SELECT (settings->>'debounceSeconds')::int AS debounce FROM sync_engine.sync_integrations WHERE integration_id = $1`,
          [demo.integration.id],
        );
      assert.equal(row?.debounce, DEBOUNCE_SECONDS);
      const { channels } = await sandbox.admin<{ channels: unknown[] }>('GET', `/orgs/${orgId}/notifications`);
      assert.ok(channels.length > 0, 'the Deals notification channel is live');
    }, SYNC_TIMEOUT);
    recorder = await new TopicRecorder(system.kafka.kafka, [Topics.conflicts]).start();
    publisher = new EventPublisher(system.kafka.kafka);
    await publisher.connect();
  });

  after(async () => {
    await publisher?.disconnect();
    await recorder?.stop();
    await running?.stop();
  });

  let first: DealView & { zohoId: string };

  test('amount changed on both sides: one conflict.detected with the three values and both instants; the other fields sync; ZOHO_VALUE settles it', async () => {
    first = await syncedDeal('Conflict deal 1');
    const before = new Date();
    await conflictOn(first, '1200.00', 1500);

    const [detected] = await eventually(() => {
      const found = detectionsOf(first.id);
      assert.equal(found.length, 1);
      return found;
    }, SYNC_TIMEOUT);
    const data = detected?.data as ConflictDetectedData;
    assert.equal(detected?.key, demo.integration.id, 'keyed by integration');
    assert.deepEqual(
      { ...data, detectedAt: undefined, fields: data.fields.map((field) => ({ ...field, portalChangedAt: 0, zohoChangedAt: 0 })) },
      {
        module: 'DEALS',
        portalRecordId: first.id,
        zohoRecordId: first.zohoId,
        detectedAt: undefined,
        // Values in their canonical spelling (decimals without trailing zeros), as snapshots keep them.
        fields: [{ field: 'amount', baseValue: '1000', portalValue: '1200', zohoValue: '1500', portalChangedAt: 0, zohoChangedAt: 0 }],
      },
    );
    const [field] = data.fields;
    // Zoho's Modified_Time is in whole seconds.
    assert.ok(new Date(field?.portalChangedAt ?? 0).getTime() >= before.getTime(), `portal changed at ${field?.portalChangedAt}`);
    assert.ok(new Date(field?.zohoChangedAt ?? 0).getTime() >= before.getTime() - 1000, `Zoho changed at ${field?.zohoChangedAt}`);

    // The fields changed on one side only went across; the amount stayed as each side had it.
    await eventually(async () => {
      const portal = await dealOf(first.id);
      const zoho = await zohoDealOf(first.zohoId);
      assert.deepEqual(
        [portal.name, portal.closingDate, portal.amount, zoho.values['Deal_Name'], zoho.values['Closing_Date'], zoho.values['Amount']],
        ['Conflict deal 1 (renamed in the portal)', '2027-06-30', '1200.00', 'Conflict deal 1 (renamed in the portal)', '2027-06-30', 1500],
      );
    }, SYNC_TIMEOUT);
    // Polls (every 2 s) and the outbound flush find the open conflict again: not published again, its values are the same.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal(detectionsOf(first.id).length, 1);

    const writesBefore = (await apiWritesTo(first.zohoId)).length;
    await publisher.publish([resolutionOf(first, 'ZOHO_VALUE', '1500.00', '1500.00')]);
    await bothSidesHold(first, '1500.00');
    // Zoho had the value already: nothing is sent to it.
    await new Promise((resolve) => setTimeout(resolve, 1_000 * (DEBOUNCE_SECONDS + 1)));
    assert.equal((await apiWritesTo(first.zohoId)).length, writesBefore);
    assert.equal(detectionsOf(first.id).length, 1);
  });

  test('conflicts on two deals at once: PORTAL_VALUE sends the portal amount to Zoho, CUSTOM_VALUE puts the given amount on both sides', async () => {
    const second = await syncedDeal('Conflict deal 2');
    const third = await syncedDeal('Conflict deal 3');
    await conflictOn(second, '2200.00', 2500);
    await conflictOn(third, '3200.00', 3500);
    await eventually(() => {
      assert.equal(detectionsOf(second.id).length, 1);
      assert.equal(detectionsOf(third.id).length, 1);
    }, SYNC_TIMEOUT);

    const keepPortal = resolutionOf(second, 'PORTAL_VALUE', '2200.00', '2500.00');
    await publisher.publish([keepPortal, resolutionOf(third, 'CUSTOM_VALUE', '3333.00', '3500.00')]);
    await bothSidesHold(second, '2200.00');
    await bothSidesHold(third, '3333.00');

    // The same event again, and a resolution of another tenant naming this tenant's deal (same
    // integration, so the same partition: both are consumed before the event published after them,
    // the resolution of a new conflict on the third deal — one with no conflict reported is dropped).
    await conflictOn(third, '3600.00', 3700);
    await eventually(() => assert.equal(detectionsOf(third.id).length, 2), SYNC_TIMEOUT);
    const secondUpdatedAt = await updatedAtOf(second.id);
    const firstUpdatedAt = await updatedAtOf(first.id);
    const forged = resolutionOf(first, 'CUSTOM_VALUE', '9999.00', '1500.00', `tenant-${randomUUID()}`);
    const after = resolutionOf(third, 'CUSTOM_VALUE', '3400.00', '3700.00');
    await publisher.publish([keepPortal, forged, after]);
    await bothSidesHold(third, '3400.00');
    assert.equal(await updatedAtOf(second.id), secondUpdatedAt, 'the duplicate changed nothing');
    assert.equal(await updatedAtOf(first.id), firstUpdatedAt, "the other tenant's resolution changed nothing");
    assert.equal((await dealOf(first.id)).amount, '1500.00');
    assert.equal((await zohoDealOf(first.zohoId)).values['Amount'], 1500);
  });

  test('MANUAL_REVIEW: a conflict leaves the review queue when a Zoho user makes Zoho equal the portal (CONVERGED), or when the deal is deleted (RECORD_DELETED)', async () => {
    interface ConflictView {
      id: string;
      fieldName: string;
      status: string;
      clearedReason: string | null;
      resolutionHistory: { resolution: string | null; clearedReason: string | null; resolvedBy: string }[];
    }
    const CONFLICT = 'id fieldName status clearedReason resolutionHistory { resolution clearedReason resolvedBy }';
    const queueOf = async (dealId: string): Promise<ConflictView[]> => {
      const { conflicts } = await gql<{ conflicts: { edges: { node: ConflictView }[] } }>(
        `query($integrationId: ID!, $dealId: ID!) {
          conflicts(first: 10, integrationId: $integrationId, portalRecordId: $dealId, status: OPEN) { edges { node { ${CONFLICT} } } } }`,
        { integrationId: demo.integration.id, dealId },
      );
      return conflicts.edges.map(({ node }) => node);
    };
    const openConflictsOn = async (dealId: string): Promise<string[]> => {
      const { deal } = await gql<{ deal: { openConflicts: { fieldName: string }[] } | null }>(
        'query($id: ID!) { deal(id: $id) { openConflicts { fieldName } } }',
        { id: dealId },
      );
      return deal?.openConflicts.map((conflict) => conflict.fieldName) ?? [];
    };
    const conflictOf = async (id: string): Promise<ConflictView | null> =>
      (await gql<{ conflict: ConflictView | null }>(`query($id: ID!) { conflict(id: $id) { ${CONFLICT} } }`, { id })).conflict;
    const clearingsOf = (portalRecordId: string) =>
      recorder
        .on(Topics.conflicts)
        .filter((record) => record.headers['ce_type'] === 'conflict.cleared')
        .map((record) => ({ key: record.key, data: JSON.parse(record.value ?? '{}') as ConflictClearedData }))
        .filter((event) => event.data.portalRecordId === portalRecordId)
        .map(({ key, data }) => ({ key, fields: data.fields, reason: data.reason }));
    /** The deal's one open conflict, once conflict-resolver holds it for review. */
    const awaitingReview = (dealId: string) =>
      eventually(async () => {
        const queued = await queueOf(dealId);
        assert.deepEqual(
          queued.map(({ fieldName, status }) => ({ fieldName, status })),
          [{ fieldName: 'amount', status: 'OPEN' }],
        );
        assert.deepEqual(await openConflictsOn(dealId), ['amount']);
        return queued[0] as ConflictView;
      }, SYNC_TIMEOUT);

    const converging = await syncedDeal('Conflict deal 5');
    await conflictOn(converging, '5200.00', 5500);
    const open = await awaitingReview(converging.id);
    // A Zoho user sets Zoho's amount to the portal's: nobody disputes it any more.
    await sandbox.admin('PATCH', `/orgs/${orgId}/modules/Deals/records/${converging.zohoId}`, { values: { Amount: 5200 } });
    await eventually(async () => {
      assert.deepEqual(await queueOf(converging.id), []);
      assert.deepEqual(await openConflictsOn(converging.id), []);
    }, SYNC_TIMEOUT);
    assert.deepEqual(await conflictOf(open.id), {
      id: open.id,
      fieldName: 'amount',
      status: 'CLEARED',
      clearedReason: 'CONVERGED',
      resolutionHistory: [{ resolution: null, clearedReason: 'CONVERGED', resolvedBy: 'sync-engine' }],
    });
    assert.deepEqual(clearingsOf(converging.id), [{ key: demo.integration.id, fields: ['amount'], reason: 'CONVERGED' }]);
    const refused = await postGraphql(graphqlUrl, 'mutation($input: ResolveConflictInput!) { resolveConflict(input: $input) { id } }', {
      variables: { input: { conflictId: open.id, keep: 'ZOHO' } },
      headers: { authorization },
    });
    assert.deepEqual(firstErrorCodeAndField(refused), { code: 'CONFLICT_CLEARED', field: 'input.conflictId' });
    await bothSidesHold(converging, '5200.00');

    // A deal with an open conflict deleted in the portal: its conflict goes with it.
    const deleted = await syncedDeal('Conflict deal 6');
    await conflictOn(deleted, '6200.00', 6500);
    const deletedConflict = await awaitingReview(deleted.id);
    await gql('mutation($input: DeleteDealInput!) { deleteDeal(input: $input) }', { input: { id: deleted.id } });
    await eventually(async () => assert.equal((await conflictOf(deletedConflict.id))?.clearedReason, 'RECORD_DELETED'), SYNC_TIMEOUT);
    assert.deepEqual(clearingsOf(deleted.id), [{ key: demo.integration.id, fields: ['amount'], reason: 'RECORD_DELETED' }]);
  });

  test('the whole loop under ZOHO_WINS: conflict-resolver resolves the detection itself and both sides end with Zoho value', async () => {
    await gql('mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { id } } }', {
      input: { integrationId: demo.integration.id, conflictPolicy: 'ZOHO_WINS' },
    });
    await eventually(async () => {
      const [row] = await system
        .dataSource('conflict-resolver')
        .query<{ policy: string }[]>(
          'SELECT conflict_policy AS policy FROM conflict_resolver.integration_conflict_policies WHERE integration_id = $1',
          [demo.integration.id],
        );
      assert.equal(row?.policy, 'ZOHO_WINS');
    }, SYNC_TIMEOUT);
    const fourth = await syncedDeal('Conflict deal 4');
    await conflictOn(fourth, '4200.00', 4500);
    await bothSidesHold(fourth, '4500.00');
    const resolutions = recorder
      .on(Topics.conflicts)
      .filter((record) => record.headers['ce_type'] === 'conflict.resolved')
      .map((record) => JSON.parse(record.value ?? '{}') as ConflictResolvedData)
      .filter((data) => data.portalRecordId === fourth.id);
    assert.deepEqual(
      resolutions.map(({ resolution, resolvedValue, zohoValue, policy }) => ({ resolution, resolvedValue, zohoValue, policy })),
      [{ resolution: 'ZOHO_VALUE', resolvedValue: '4500', zohoValue: '4500', policy: 'ZOHO_WINS' }],
    );
    const portal = await dealOf(fourth.id);
    assert.equal(portal.name, 'Conflict deal 4 (renamed in the portal)');
  });
});
