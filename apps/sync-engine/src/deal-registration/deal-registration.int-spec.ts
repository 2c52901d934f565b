import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEvent, Topics, type PortalRecordChangedData } from '@crm-bridge/contracts';
import { eventually, firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { DealEntity } from '../deal/deal.entity';

const DEAL = 'id name amount currencyCode closingDate partnerId accountId syncStatus';
const COLLISION = `id status similarity heldDealId heldDealName firstDealId decidedBy decidedAt reason integration { id }
  heldDeal { ${DEAL} } firstDeal { ${DEAL} }`;
const CREATE = `mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL} registrationCollision { id status similarity firstDealId } } }`;
const UPDATE = `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { ${DEAL} } }`;
const LIST = `query($integrationId: ID, $status: RegistrationCollisionStatus) {
  registrationCollisions(integrationId: $integrationId, status: $status, first: 10) { edges { node { ${COLLISION} } } } }`;
const DECIDE = `mutation($input: DecideRegistrationCollisionInput!) { decideRegistrationCollision(input: $input) { ${COLLISION} } }`;

interface DealView {
  id: string;
  name: string;
  amount: string | null;
  currencyCode: string | null;
  closingDate: string | null;
  partnerId: string | null;
  accountId: string | null;
  syncStatus: string;
}
interface CollisionView {
  id: string;
  status: string;
  similarity: number;
  heldDealId: string;
  heldDealName: string;
  firstDealId: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  integration: { id: string };
  heldDeal: DealView | null;
  firstDeal: DealView | null;
}

describe('deal-registration collisions', () => {
  const ctx = SyncEngineTestContext.forSuite();

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  describe('through GraphQL', () => {
    const clients = ctx.kafkaClientsForSuite([Topics.portalRecordChanges]);

    /** The portal-record.changed operations published for one deal, in order. */
    const changesOf = (dealId: string) =>
      clients.recorder
        .on(Topics.portalRecordChanges)
        .filter((record) => record.headers['ce_subject'] === dealId)
        .map((record) => (JSON.parse(record.value ?? '{}') as PortalRecordChangedData).operation);

    async function register(
      tenantId: string,
      input: Record<string, unknown>,
    ): Promise<DealView & { registrationCollision: { id: string; status: string; similarity: number; firstDealId: string } | null }> {
      const result = await ctx.query<{ createDeal: DealView & { registrationCollision: null } }>(tenantId, CREATE, {
        input: { phase: 'Qualified', ...input },
      });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.ok(result.data);
      return result.data.createDeal;
    }

    async function collisionsOf(tenantId: string, variables: Record<string, unknown>): Promise<CollisionView[]> {
      const result = await ctx.query<{ registrationCollisions: { edges: { node: CollisionView }[] } }>(tenantId, LIST, variables);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data?.registrationCollisions.edges.map((edge) => edge.node) ?? [];
    }

    async function decide(tenantId: string, input: Record<string, unknown>, roles = ['admin']) {
      return ctx.queryAs<{ decideRegistrationCollision: CollisionView }>({ tenantId, roles, userId: 'admin-7' }, DECIDE, { input });
    }

    /** Partner A's deal, then partner B's similar one for the same account: held. */
    async function heldPair(extraFirst: Record<string, unknown> = {}, extraHeld: Record<string, unknown> = {}) {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const first = await register(tenantId, {
        integrationId,
        name: 'Acme Corp – Turbine retrofit',
        accountId: 'account-x',
        partnerId: 'partner-a',
        ...extraFirst,
      });
      const held = await register(tenantId, {
        integrationId,
        name: 'ACME corp turbine retro-fit',
        accountId: 'account-x',
        partnerId: 'partner-b',
        ...extraHeld,
      });
      assert.equal(held.syncStatus, 'HELD');
      assert.ok(held.registrationCollision);
      return { tenantId, integrationId, first, held, collisionId: held.registrationCollision.id };
    }

    test('a registration collision held and approved: queryable with both deals and the similarity, then it syncs', async () => {
      const { tenantId, integrationId, first, held, collisionId } = await heldPair();
      assert.equal(first.syncStatus, 'PENDING');
      assert.deepEqual(held.registrationCollision, { id: collisionId, status: 'HELD', similarity: 1, firstDealId: first.id });

      const [listed, ...others] = await collisionsOf(tenantId, { integrationId, status: 'HELD' });
      assert.deepEqual(others, []);
      assert.ok(listed);
      assert.deepEqual(
        { ...listed, heldDeal: listed.heldDeal?.id, firstDeal: listed.firstDeal?.name },
        {
          id: collisionId,
          status: 'HELD',
          similarity: 1,
          heldDealId: held.id,
          heldDealName: 'ACME corp turbine retro-fit',
          firstDealId: first.id,
          decidedBy: null,
          decidedAt: null,
          reason: null,
          integration: { id: integrationId },
          heldDeal: held.id,
          firstDeal: 'Acme Corp – Turbine retrofit',
        },
      );
      assert.equal(listed.heldDeal?.syncStatus, 'HELD');
      assert.deepEqual(await collisionsOf(tenantId, { integrationId, status: 'APPROVED' }), []);

      // Editing a held deal keeps it held: it is still not queued for Zoho.
      const edited = await ctx.query<{ updateDeal: DealView }>(tenantId, UPDATE, { input: { id: held.id, amount: '900' } });
      assert.equal(edited.data?.updateDeal.syncStatus, 'HELD', JSON.stringify(edited.errors));

      const approved = await decide(tenantId, { collisionId, decision: 'APPROVE', reason: 'different site, confirmed with both partners' });
      assert.equal(approved.errors, undefined, JSON.stringify(approved.errors));
      const decided = approved.data?.decideRegistrationCollision;
      assert.equal(decided?.status, 'APPROVED');
      assert.equal(decided?.decidedBy, 'admin-7');
      assert.equal(decided?.reason, 'different site, confirmed with both partners');
      assert.ok(decided?.decidedAt);
      assert.equal(decided?.heldDeal?.syncStatus, 'PENDING');
      assert.equal((await ctx.service.dataSource.getRepository(DealEntity).findOneBy({ id: held.id }))?.syncStatus, 'PENDING');
      // Approval announces the deal as created again, which outbound sync queues like any new deal.
      await eventually(() => assert.deepEqual(changesOf(held.id), ['CREATED', 'UPDATED', 'CREATED']));

      const again = await decide(tenantId, { collisionId, decision: 'REJECT' });
      assert.deepEqual(firstErrorCodeAndField(again), { code: 'REGISTRATION_COLLISION_ALREADY_DECIDED', field: 'input.collisionId' });
    });

    test('merged: the first deal takes the fields it lacks, the held deal is deleted and never synced', async () => {
      const { tenantId, first, held, collisionId } = await heldPair(
        { closingDate: '2027-01-31' },
        { amount: '5000', currencyCode: 'EUR', closingDate: '2027-06-30' },
      );
      const merged = await decide(tenantId, { collisionId, decision: 'MERGE', reason: 'same opportunity' });
      assert.equal(merged.errors, undefined, JSON.stringify(merged.errors));
      const decided = merged.data?.decideRegistrationCollision;
      assert.equal(decided?.status, 'MERGED');
      assert.equal(decided?.heldDeal, null);
      assert.deepEqual(
        {
          amount: decided?.firstDeal?.amount,
          currencyCode: decided?.firstDeal?.currencyCode,
          closingDate: decided?.firstDeal?.closingDate,
        },
        { amount: '5000.00', currencyCode: 'EUR', closingDate: '2027-01-31' },
        'the amount it lacked is copied, its own closing date kept',
      );
      assert.equal(await ctx.service.dataSource.getRepository(DealEntity).countBy({ id: held.id }), 0);
      await eventually(() => {
        assert.deepEqual(changesOf(held.id), ['CREATED', 'DELETED']);
        assert.deepEqual(changesOf(first.id), ['CREATED', 'UPDATED']);
      });
    });

    test('rejected: the held deal is deleted with the reason kept; merging into a deleted first deal is refused', async () => {
      const { tenantId, held, collisionId } = await heldPair();
      const rejected = await decide(tenantId, { collisionId, decision: 'REJECT', reason: 'partner B was not engaged' });
      assert.equal(rejected.data?.decideRegistrationCollision.status, 'REJECTED', JSON.stringify(rejected.errors));
      assert.equal(rejected.data?.decideRegistrationCollision.reason, 'partner B was not engaged');
      assert.equal(await ctx.service.dataSource.getRepository(DealEntity).countBy({ id: held.id }), 0);

      const other = await heldPair();
      await ctx.service.dataSource.getRepository(DealEntity).delete({ id: other.first.id });
      const refused = await decide(other.tenantId, { collisionId: other.collisionId, decision: 'MERGE' });
      assert.deepEqual(firstErrorCodeAndField(refused), { code: 'FIRST_DEAL_GONE', field: 'input.decision' });
    });

    test('a registration over the Kafka intake is held like one through GraphQL', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const first = await register(tenantId, {
        integrationId,
        name: 'Initech – Cooling tower',
        accountId: 'account-i',
        partnerId: 'partner-a',
      });
      await clients.publisher.publish([
        createEvent('portal-deal.submitted', {
          source: 'crm-portal',
          tenantId,
          integrationId,
          subject: 'req-intake-held',
          correlationId: 'portal-req-intake-held',
          data: {
            requestId: 'req-intake-held',
            operation: 'CREATE',
            input: { name: 'INITECH Inc. cooling tower', phase: 'Qualified', accountId: 'account-i', partnerId: 'partner-b' },
          },
        }),
      ]);
      const held = await eventually(async () => {
        const deal = await ctx.service.dataSource
          .getRepository(DealEntity)
          .findOneBy({ integrationId, name: 'INITECH Inc. cooling tower' });
        assert.ok(deal);
        return deal;
      });
      assert.equal(held.syncStatus, 'HELD');
      const [collision] = await collisionsOf(tenantId, { integrationId, status: 'HELD' });
      assert.deepEqual([collision?.heldDealId, collision?.firstDealId, collision?.similarity], [held.id, first.id, 1]);
    });

    test('the same partner twice, another account, no partner, a different name or outside the window: not held', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const base = { integrationId, name: 'Globex – Boiler replacement', accountId: 'account-g', partnerId: 'partner-a' };
      const first = await register(tenantId, base);
      const notHeld = [
        await register(tenantId, { ...base, name: 'GLOBEX boiler replacement' }),
        await register(tenantId, { ...base, partnerId: 'partner-b', accountId: 'account-h' }),
        await register(tenantId, { ...base, partnerId: null }),
        await register(tenantId, { ...base, partnerId: 'partner-b', name: 'Globex – Payroll migration' }),
      ];
      for (const deal of notHeld) {
        assert.equal(deal.syncStatus, 'PENDING', deal.name);
        assert.equal(deal.registrationCollision, null, deal.name);
      }
      // Every earlier Globex registration is now older than the 30-day window.
      await ctx.service.dataSource.query(`UPDATE sync_engine.deals SET created_at = now() - interval '31 days' WHERE integration_id = $1`, [
        integrationId,
      ]);
      const late = await register(tenantId, { ...base, partnerId: 'partner-c' });
      assert.equal(late.syncStatus, 'PENDING');
      // Inside the window it would have been held: the same registration by a fourth partner now collides with partner C's.
      const inside = await register(tenantId, { ...base, partnerId: 'partner-d' });
      assert.equal(inside.registrationCollision?.firstDealId, late.id);
      assert.notEqual(inside.registrationCollision?.firstDealId, first.id);
      assert.equal((await collisionsOf(tenantId, { integrationId })).length, 1);
    });

    test('only a tenant admin decides: a viewer and a deal editor are refused and the collision stays HELD', async () => {
      const { tenantId, integrationId, collisionId } = await heldPair();
      for (const roles of [['viewer'], ['deal-editor']]) {
        const refused = await decide(tenantId, { collisionId, decision: 'APPROVE' }, roles);
        assert.equal(firstErrorCodeAndField(refused).code, 'ROLE_REQUIRED', roles[0]);
      }
      const [collision] = await collisionsOf(tenantId, { integrationId });
      assert.equal(collision?.status, 'HELD');
      assert.equal(collision?.heldDeal?.syncStatus, 'HELD');
    });

    test("another tenant can neither see nor decide a tenant's collision", async () => {
      const { tenantId, integrationId, collisionId } = await heldPair();
      const intruder = newTenantId();
      assert.deepEqual(await collisionsOf(intruder, {}), []);
      assert.deepEqual(await collisionsOf(intruder, { integrationId }), []);
      for (const decision of ['APPROVE', 'MERGE', 'REJECT']) {
        const refused = await decide(intruder, { collisionId, decision });
        assert.deepEqual(firstErrorCodeAndField(refused), { code: 'REGISTRATION_COLLISION_NOT_FOUND', field: 'input.collisionId' });
      }
      const [collision] = await collisionsOf(tenantId, { integrationId });
      assert.equal(collision?.status, 'HELD');
    });
  });
});
