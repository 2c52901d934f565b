import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, postGraphql, type ZohoSandboxProcess } from '@crm-bridge/testing';
import type { DemoIntegration } from '../scripts/demo-integration';
import { startDemoSystem, type DemoSystem } from './support/demo-system';

interface DealView {
  id: string;
  name: string;
  zohoId: string | null;
  syncStatus: string;
}

interface ZohoDeal {
  id: string;
  values: Record<string, unknown>;
}

const DEAL_FIELDS = 'id name zohoId syncStatus';
const SYNC_TIMEOUT = { timeoutMs: 30_000, intervalMs: 100 };

describe('deal-registration collisions: a held registration creates no second Zoho deal until approved', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let graphqlUrl: string;
  let demoOrgId: string;
  let authorization: string;
  let demo: DemoIntegration;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data as T;
  };

  const register = async (input: Record<string, unknown>): Promise<DealView> =>
    (
      await gql<{ createDeal: DealView }>(`mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL_FIELDS} } }`, {
        input: { integrationId: demo.integration.id, phase: 'Proposal', ...input },
      })
    ).createDeal;

  const dealOf = async (id: string): Promise<DealView | null> =>
    (await gql<{ deal: DealView | null }>(`query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, { id })).deal;

  const syncedDeal = (id: string): Promise<DealView> =>
    eventually(async () => {
      const deal = await dealOf(id);
      assert.equal(deal?.syncStatus, 'SYNCED', JSON.stringify(deal));
      return deal;
    }, SYNC_TIMEOUT);

  const zohoDeals = async (): Promise<ZohoDeal[]> =>
    (await sandbox.admin<{ records: ZohoDeal[] }>('GET', `/orgs/${demoOrgId}/modules/Deals/records`)).records;
  const zohoDealsOf = async (portalDealId: string): Promise<ZohoDeal[]> =>
    (await zohoDeals()).filter((record) => record.values['Portal_Deal_Id'] === portalDealId);

  const decide = (collisionId: string, decision: string, reason: string) =>
    gql<{ decideRegistrationCollision: { status: string } }>(
      'mutation($input: DecideRegistrationCollisionInput!) { decideRegistrationCollision(input: $input) { status } }',
      { input: { collisionId, decision, reason } },
    );

  /** Registers an unrelated deal and waits until it is synced: outbound sync has by then handled every change announced before it. */
  const afterOutboundCaughtUp = async (): Promise<void> => {
    const marker = await register({ name: `Marker ${randomUUID()}`, accountId: `account-${randomUUID()}`, partnerId: 'partner-z' });
    await syncedDeal(marker.id);
  };

  before(async () => {
    running = await startDemoSystem({ debounceSeconds: 0 });
    ({ sandbox, graphqlUrl, demoOrgId, authorization, demo } = running);
  });

  after(() => running?.stop());

  test('a registration collision held and approved: one Zoho deal while held, two once approved', async () => {
    const first = await register({ name: 'Acme Corp – Turbine retrofit', accountId: 'account-x', partnerId: 'partner-a' });
    await syncedDeal(first.id);
    const held = await register({ name: 'ACME corp turbine retro-fit', accountId: 'account-x', partnerId: 'partner-b' });
    assert.equal(held.syncStatus, 'HELD');

    const { registrationCollisions } = await gql<{
      registrationCollisions: {
        edges: { node: { id: string; status: string; similarity: number; heldDeal: DealView; firstDeal: DealView } }[];
      };
    }>(
      `query($id: ID) { registrationCollisions(integrationId: $id, status: HELD) { edges { node { id status similarity
         heldDeal { ${DEAL_FIELDS} } firstDeal { ${DEAL_FIELDS} } } } } }`,
      { id: demo.integration.id },
    );
    const [collision] = registrationCollisions.edges.map((edge) => edge.node);
    assert.ok(collision);
    assert.deepEqual(
      { similarity: collision.similarity, held: collision.heldDeal.id, first: collision.firstDeal.id },
      { similarity: 1, held: held.id, first: first.id },
    );

    await afterOutboundCaughtUp();
    assert.equal((await dealOf(held.id))?.syncStatus, 'HELD');
    assert.deepEqual(await zohoDealsOf(held.id), [], 'no Zoho deal for the held registration');
    // The demo org has Acme deals of its own: count the Zoho deals of these two registrations.
    const registrationsInZoho = async () =>
      (await zohoDeals()).filter((record) => [first.id, held.id].includes(String(record.values['Portal_Deal_Id']))).length;
    assert.equal(await registrationsInZoho(), 1);

    assert.equal((await decide(collision.id, 'APPROVE', 'another site')).decideRegistrationCollision.status, 'APPROVED');
    const synced = await syncedDeal(held.id);
    assert.equal((await zohoDealsOf(held.id))[0]?.id, synced.zohoId);
    assert.equal(await registrationsInZoho(), 2);
  });

  test('merged: the first Zoho deal takes the amount it lacked; the held registration never reaches Zoho', async () => {
    const first = await register({ name: 'Globex – Boiler replacement', accountId: 'account-g', partnerId: 'partner-a' });
    const firstSynced = await syncedDeal(first.id);
    const held = await register({ name: 'GLOBEX Ltd boiler replacement', accountId: 'account-g', partnerId: 'partner-b', amount: '5000' });
    assert.equal(held.syncStatus, 'HELD');
    await afterOutboundCaughtUp();
    assert.deepEqual(await zohoDealsOf(held.id), [], 'no Zoho deal for the held registration');
    const { deal } = await gql<{ deal: { registrationCollision: { id: string } } }>(
      'query($id: ID!) { deal(id: $id) { registrationCollision { id } } }',
      { id: held.id },
    );
    assert.equal((await decide(deal.registrationCollision.id, 'MERGE', 'same boiler')).decideRegistrationCollision.status, 'MERGED');

    await eventually(async () => {
      const [zohoFirst, ...others] = await zohoDealsOf(first.id);
      assert.deepEqual(others, []);
      assert.equal(zohoFirst?.id, firstSynced.zohoId);
      assert.equal(Number(zohoFirst?.values['Amount']), 5000);
    }, SYNC_TIMEOUT);
    await afterOutboundCaughtUp();
    assert.equal(await dealOf(held.id), null);
    assert.deepEqual(await zohoDealsOf(held.id), []);
  });
});
