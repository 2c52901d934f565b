import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { createEvent, Topics, type DealUpdatedData, type PortalDealSubmittedData } from '@crm-bridge/contracts';
import { eventually } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';

const CREATE = `mutation($input: CreateDealInput!) { createDeal(input: $input) { id updatedAt } }`;
const UPDATE = `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id updatedAt } }`;
const DELETE = `mutation($input: DeleteDealInput!) { deleteDeal(input: $input) }`;

describe('deal.updated from portal writes (GraphQL and Kafka intake)', () => {
  const ctx = SyncEngineTestContext.forSuite();

  // An inner suite, so its Kafka clients stop before the outer one closes the broker.
  describe('through the suite broker', () => {
    const clients = ctx.kafkaClientsForSuite([Topics.recordUpdates]);

    /** The deal.updated events of one deal as recorded on the record updates topic, in publication order. */
    const updatesOf = (dealId: string) =>
      clients.recorder
        .on(Topics.recordUpdates)
        .filter((record) => record.headers['ce_type'] === 'deal.updated' && record.headers['ce_subject'] === dealId)
        .map((record) => ({
          key: record.key,
          tenantId: record.headers['ce_tenantid'],
          correlationId: record.headers['ce_correlationid'],
          data: JSON.parse(record.value ?? '{}') as DealUpdatedData,
        }));

    async function mutate<TData>(tenantId: string, query: string, input: Record<string, unknown>): Promise<TData> {
      const result = await ctx.query<TData>(tenantId, query, { input });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.ok(result.data);
      return result.data;
    }

    test('createDeal, updateDeal and deleteDeal each publish one deal.updated (origin PORTAL) keyed by the integration; a save of the same values none', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const { createDeal: created } = await mutate<{ createDeal: { id: string; updatedAt: string } }>(tenantId, CREATE, {
        integrationId,
        name: 'Acme renewal',
        phase: 'Qualified',
        pipeline: 'Partners',
        amount: '1250.5',
        partnerId: 'partner-3',
        customFields: [
          { apiName: 'seats', value: '40' },
          { apiName: 'region', value: 'EMEA' },
        ],
      });
      await eventually(() => assert.equal(updatesOf(created.id).length, 1));
      const [creation] = updatesOf(created.id);
      assert.equal(creation?.key, integrationId);
      assert.equal(creation?.tenantId, tenantId);
      assert.deepEqual(creation?.data, {
        dealId: created.id,
        operation: 'CREATED',
        origin: 'PORTAL',
        pipeline: 'Partners',
        phase: 'Qualified',
        partnerId: 'partner-3',
        changes: [
          { field: 'name', oldValue: null, newValue: 'Acme renewal' },
          { field: 'amount', oldValue: null, newValue: '1250.5' },
          { field: 'phase', oldValue: null, newValue: 'Qualified' },
          { field: 'pipeline', oldValue: null, newValue: 'Partners' },
          { field: 'partner', oldValue: null, newValue: 'partner-3' },
          { field: 'seats', oldValue: null, newValue: 40 },
          { field: 'region', oldValue: null, newValue: 'EMEA' },
        ],
        updatedAt: new Date(created.updatedAt).toISOString(),
      });

      // The same values saved again (a form submitted twice): no event. The real change after it is
      // published after it would have been, so once that one is recorded the echo's absence is known.
      await mutate(tenantId, UPDATE, {
        id: created.id,
        name: 'Acme renewal',
        amount: '1250.50',
        customFields: [{ apiName: 'seats', value: '40' }],
      });
      const { updateDeal: updated } = await mutate<{ updateDeal: { id: string; updatedAt: string } }>(tenantId, UPDATE, {
        id: created.id,
        phase: 'Won',
        partnerId: null,
        customFields: [
          { apiName: 'seats', value: '45' },
          { apiName: 'renewal', value: 'true' },
        ],
      });
      await eventually(() => assert.equal(updatesOf(created.id).length, 2));
      assert.deepEqual(updatesOf(created.id)[1]?.data, {
        dealId: created.id,
        operation: 'UPDATED',
        origin: 'PORTAL',
        pipeline: 'Partners',
        phase: 'Won',
        partnerId: null,
        changes: [
          { field: 'phase', oldValue: 'Qualified', newValue: 'Won' },
          { field: 'partner', oldValue: 'partner-3', newValue: null },
          { field: 'seats', oldValue: 40, newValue: 45 },
          { field: 'renewal', oldValue: null, newValue: true },
        ],
        updatedAt: new Date(updated.updatedAt).toISOString(),
      });

      const beforeDeletion = Date.now();
      await mutate(tenantId, DELETE, { id: created.id });
      await eventually(() => assert.equal(updatesOf(created.id).length, 3));
      const deletion = updatesOf(created.id)[2];
      assert.equal(deletion?.key, integrationId);
      assert.deepEqual(
        { ...deletion?.data, updatedAt: undefined },
        {
          dealId: created.id,
          operation: 'DELETED',
          origin: 'PORTAL',
          pipeline: 'Partners',
          phase: 'Won',
          partnerId: null,
          changes: [],
          updatedAt: undefined,
        },
      );
      assert.ok(Date.parse(deletion?.data.updatedAt ?? '') >= beforeDeletion - 1000, 'a deletion is dated when it happened');
    });

    test('a write through the Kafka intake publishes deal.updated with origin PORTAL and the submission correlation id', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const data: PortalDealSubmittedData = {
        requestId: `req-${randomUUID()}`,
        operation: 'CREATE',
        input: { name: 'Initech', phase: 'Qualified', amount: '99' },
      };
      const submission = createEvent('portal-deal.submitted', {
        source: 'crm-portal',
        tenantId,
        integrationId,
        subject: data.requestId,
        correlationId: `portal-${data.requestId}`,
        data,
      });
      await clients.publisher.publish([submission]);
      const [update] = await eventually(() => {
        const recorded = clients.recorder
          .on(Topics.recordUpdates)
          .filter((record) => record.key === integrationId)
          .map((record) => ({ headers: record.headers, data: JSON.parse(record.value ?? '{}') as DealUpdatedData }));
        assert.equal(recorded.length, 1);
        return recorded;
      });
      assert.equal(update?.headers['ce_tenantid'], tenantId);
      assert.equal(update?.headers['ce_correlationid'], submission.correlationId);
      assert.deepEqual(
        { operation: update?.data.operation, origin: update?.data.origin, changes: update?.data.changes },
        {
          operation: 'CREATED',
          origin: 'PORTAL',
          changes: [
            { field: 'name', oldValue: null, newValue: 'Initech' },
            { field: 'amount', oldValue: null, newValue: '99' },
            { field: 'phase', oldValue: null, newValue: 'Qualified' },
          ],
        },
      );
    });

    test("another tenant cannot change or delete a tenant's deal, and hears nothing; each event is its deal's tenant's", async () => {
      const owner = await ctx.integrationWithDealSchema(clients.publisher);
      const intruder = await ctx.integrationWithDealSchema(clients.publisher);
      const { createDeal: created } = await mutate<{ createDeal: { id: string } }>(owner.tenantId, CREATE, {
        integrationId: owner.integrationId,
        name: 'Owned',
        phase: 'Qualified',
      });
      const update = await ctx.query(intruder.tenantId, UPDATE, { input: { id: created.id, phase: 'Won' } });
      assert.ok(update.errors?.length, 'the intruder may not update the deal');
      const deletion = await ctx.query(intruder.tenantId, DELETE, { input: { id: created.id } });
      assert.ok(deletion.errors?.length, 'the intruder may not delete the deal');
      // The owner's own change after the refused ones: once it is recorded, theirs would have been too.
      await mutate(owner.tenantId, UPDATE, { id: created.id, name: 'Owned and renamed' });
      await eventually(() => assert.equal(updatesOf(created.id).length, 2));
      assert.deepEqual(
        updatesOf(created.id).map(({ tenantId, key, data }) => ({
          tenantId,
          key,
          operation: data.operation,
          changes: data.changes.length,
        })),
        [
          { tenantId: owner.tenantId, key: owner.integrationId, operation: 'CREATED', changes: 2 },
          { tenantId: owner.tenantId, key: owner.integrationId, operation: 'UPDATED', changes: 1 },
        ],
      );
      const intruderHeard = clients.recorder
        .on(Topics.recordUpdates)
        .filter((record) => record.headers['ce_tenantid'] === intruder.tenantId);
      assert.deepEqual(intruderHeard, []);
    });
  });
});
