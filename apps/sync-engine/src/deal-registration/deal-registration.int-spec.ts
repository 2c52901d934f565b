import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  Topics,
  type IntegrationSettings,
  type PortalRecordChangedData,
  type RegistrationCollisionSettings,
} from '@crm-bridge/contracts';
import { eventually, firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { DealEntity } from '../deal/deal.entity';
import { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';

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

    describe("an integration's own rules", () => {
      /**
       * mapping-config's settings of an integration, with these registration rules (left out: as
       * published before the rules existed); resolves once sync-engine's replica holds them.
       */
      async function settle(tenantId: string, integrationId: string, rules?: RegistrationCollisionSettings): Promise<void> {
        const settings: IntegrationSettings = {
          connectionId: randomUUID(),
          name: 'Partner portal',
          // Disabled: the worker the settings wake has nothing to sync; deals are still registered.
          enabled: false,
          modules: [{ module: 'DEALS', enabled: true, direction: 'BOTH' }],
          contactTargetModule: 'CONTACTS',
          conflictPolicy: 'LATEST_CHANGE_WINS',
          syncIntervalMinutes: 60,
          debounceSeconds: 5,
          syncRecordsFrom: null,
          timeZone: 'UTC',
          ...(rules ? { registrationCollisions: rules } : {}),
        };
        await clients.publisher.publish([
          createEvent('integration.settings-changed', {
            source: 'mapping-config',
            tenantId,
            integrationId,
            subject: integrationId,
            correlationId: `settings-${integrationId}`,
            data: { ...settings, created: true },
          }),
        ]);
        await eventually(async () => {
          const replica = await ctx.service.dataSource.getRepository(SyncIntegrationEntity).findOneBy({ integrationId });
          assert.ok(replica, 'settings replica not stored yet');
          assert.deepEqual(replica.settings.registrationCollisions, rules);
        });
      }

      test('a 7-day window holds a registration 3 days after the first, a 1-day window does not, disabled holds nothing, none set: the service default (30 days)', async () => {
        const tenantId = newTenantId();
        const [weekly, daily, disabled, unset] = await Promise.all(
          [1, 2, 3, 4].map(async () => (await ctx.integrationWithDealSchema(clients.publisher, tenantId)).integrationId),
        );
        assert.ok(weekly && daily && disabled && unset);
        await settle(tenantId, weekly, { enabled: true, windowDays: 7, similarityThreshold: 0.8 });
        await settle(tenantId, daily, { enabled: true, windowDays: 1, similarityThreshold: 0.8 });
        // Switched off, with the widest window and lowest threshold there are: still nothing held.
        await settle(tenantId, disabled, { enabled: false, windowDays: 365, similarityThreshold: 0.5 });
        await settle(tenantId, unset);

        const registration = { name: 'Umbrella Corp – Chiller upgrade', accountId: 'account-u' };
        const firsts = new Map<string, string>();
        for (const integrationId of [weekly, daily, disabled, unset]) {
          firsts.set(integrationId, (await register(tenantId, { integrationId, ...registration, partnerId: 'partner-a' })).id);
        }
        await ctx.service.dataSource.query(
          `UPDATE sync_engine.deals SET created_at = now() - interval '3 days' WHERE integration_id = ANY($1)`,
          [[weekly, daily, disabled, unset]],
        );
        const second = (integrationId: string, partnerId: string) =>
          register(tenantId, { integrationId, name: 'UMBRELLA corp chiller upgrade', accountId: 'account-u', partnerId });

        const heldByWeek = await second(weekly, 'partner-b');
        assert.equal(heldByWeek.syncStatus, 'HELD');
        assert.equal(heldByWeek.registrationCollision?.firstDealId, firsts.get(weekly));
        const heldByDefault = await second(unset, 'partner-b');
        assert.equal(heldByDefault.syncStatus, 'HELD');
        assert.equal(heldByDefault.registrationCollision?.firstDealId, firsts.get(unset));

        const outsideTheDay = await second(daily, 'partner-b');
        assert.equal(outsideTheDay.syncStatus, 'PENDING');
        assert.equal(outsideTheDay.registrationCollision, null);
        // The daily integration still holds inside its day: partner C right after partner B.
        const insideTheDay = await second(daily, 'partner-c');
        assert.equal(insideTheDay.syncStatus, 'HELD');
        assert.equal(insideTheDay.registrationCollision?.firstDealId, outsideTheDay.id);

        // Disabled: neither the 3-day-old registration nor one a moment old holds a new one.
        const notHeld = [await second(disabled, 'partner-b'), await second(disabled, 'partner-c')];
        assert.deepEqual(
          notHeld.map((deal) => [deal.syncStatus, deal.registrationCollision]),
          [
            ['PENDING', null],
            ['PENDING', null],
          ],
        );
        assert.deepEqual(await collisionsOf(tenantId, { integrationId: disabled }), []);
        assert.equal((await collisionsOf(tenantId, {})).length, 3);
      });

      test("an integration's threshold decides how alike the names must be", async () => {
        const tenantId = newTenantId();
        const [strict, lenient] = await Promise.all(
          [1, 2].map(async () => (await ctx.integrationWithDealSchema(clients.publisher, tenantId)).integrationId),
        );
        assert.ok(strict && lenient);
        await settle(tenantId, strict, { enabled: true, windowDays: 30, similarityThreshold: 1 });
        await settle(tenantId, lenient, { enabled: true, windowDays: 30, similarityThreshold: 0.5 });
        for (const integrationId of [strict, lenient]) {
          await register(tenantId, { integrationId, name: 'Hooli – Data centre cooling', accountId: 'account-h', partnerId: 'partner-a' });
        }
        // Alike, not the same: below the strict integration's 1, above the lenient one's 0.5.
        const similar = { name: 'Hooli – Data center cooling system', accountId: 'account-h', partnerId: 'partner-b' };
        const underStrict = await register(tenantId, { integrationId: strict, ...similar });
        const underLenient = await register(tenantId, { integrationId: lenient, ...similar });
        assert.equal(underStrict.syncStatus, 'PENDING');
        assert.equal(underLenient.syncStatus, 'HELD');
        assert.ok(underLenient.registrationCollision && underLenient.registrationCollision.similarity < 1);
        assert.ok(underLenient.registrationCollision.similarity >= 0.5);
      });
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
