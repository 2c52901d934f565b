import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  createEvent,
  deadLetterTopicOf,
  Topics,
  type PortalDealRejectedData,
  type PortalDealSubmittedData,
  type PortalRecordChangedData,
} from '@crm-bridge/contracts';
import { toKafkaMessage } from '@crm-bridge/kafka';
import { eventually } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { DealEntity } from '../deal/deal.entity';
import { DealIntakeRequestEntity } from './deal-intake-request.entity';

const DEAD_LETTERS = deadLetterTopicOf(Topics.portalRecordChanges);
const CREATE_DEAL = `mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`;
const UPDATE_DEAL = `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { id } }`;

describe('portal deal writes over Kafka (portal-deal.submitted)', () => {
  const ctx = SyncEngineTestContext.forSuite();

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  // An inner suite, so its Kafka clients stop before the outer one closes the broker.
  describe('through the suite broker', () => {
    const clients = ctx.kafkaClientsForSuite([Topics.portalRecordChanges, DEAD_LETTERS]);

    const deals = () => ctx.service.dataSource.getRepository(DealEntity);
    const dealsOf = (integrationId: string) => deals().find({ where: { integrationId }, order: { createdAt: 'ASC' } });
    const storedDeal = (id: string) => deals().findOneBy({ id });

    function submitted(tenantId: string, integrationId: string, data: PortalDealSubmittedData, correlationId = `portal-${data.requestId}`) {
      return createEvent('portal-deal.submitted', {
        source: 'crm-portal',
        tenantId,
        integrationId,
        subject: data.operation === 'CREATE' ? data.requestId : data.input.id,
        correlationId,
        data,
      });
    }

    const recorded = (type: string, integrationId: string) =>
      clients.recorder
        .on(Topics.portalRecordChanges)
        .filter((record) => record.headers['ce_type'] === type && record.key === integrationId)
        .map((record) => ({ headers: record.headers, data: JSON.parse(record.value ?? '{}') as unknown }));
    const changesOf = (integrationId: string) =>
      recorded('portal-record.changed', integrationId).map(({ headers, data }) => ({ headers, data: data as PortalRecordChangedData }));
    const rejectionsOf = (integrationId: string) =>
      recorded('portal-deal.rejected', integrationId).map(({ headers, data }) => ({ headers, data: data as PortalDealRejectedData }));

    /**
     * Publishes a CREATE that must be applied and waits for its deal and its portal-record.changed:
     * the suite's broker has one partition, so every submission published before it has been
     * handled by then, and the outbox publishes in commit order, so every event committed before it is out.
     */
    async function marker(tenantId: string, integrationId: string): Promise<DealEntity> {
      const requestId = `marker-${randomUUID()}`;
      await clients.publisher.publish([
        submitted(tenantId, integrationId, { requestId, operation: 'CREATE', input: { name: requestId, phase: 'Won' } }),
      ]);
      const deal = await eventually(async () => {
        const found = (await dealsOf(integrationId)).find((candidate) => candidate.name === requestId);
        assert.ok(found, 'the marker deal is stored');
        return found;
      });
      await eventually(() => assert.ok(changesOf(integrationId).some(({ data }) => data.portalRecordId === deal.id)));
      return deal;
    }

    test('a CREATE stores the deal and publishes portal-record.changed exactly as createDeal does', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const input = {
        name: ' Acme renewal ',
        phase: 'Qualified',
        pipeline: 'Partners',
        amount: '1250.5',
        currencyCode: 'EUR',
        closingDate: '2027-02-28',
        accountId: 'account-7',
        partnerId: 'partner-3',
        ownerId: 'user-9',
        customFields: [
          { apiName: 'seats', value: '40' },
          { apiName: 'region', value: 'EMEA' },
        ],
      };
      const submission = submitted(tenantId, integrationId, { requestId: 'req-create-1', operation: 'CREATE', input });
      await clients.publisher.publish([submission]);
      const [deal] = await eventually(async () => {
        const stored = await dealsOf(integrationId);
        assert.equal(stored.length, 1);
        return stored;
      });
      assert.ok(deal);
      assert.equal(deal.tenantId, tenantId);
      assert.deepEqual(
        {
          name: deal.name,
          amount: deal.amount,
          closingDate: deal.closingDate,
          customFields: deal.customFields,
          syncStatus: deal.syncStatus,
        },
        { name: 'Acme renewal', amount: '1250.50', closingDate: '2027-02-28', customFields: input.customFields, syncStatus: 'PENDING' },
      );
      const request = await ctx.service.dataSource.getRepository(DealIntakeRequestEntity).findOneBy({ integrationId });
      assert.deepEqual(
        { requestId: request?.requestId, operation: request?.operation, dealId: request?.dealId, tenantId: request?.tenantId },
        { requestId: 'req-create-1', operation: 'CREATE', dealId: deal.id, tenantId },
      );

      // The same deal written through GraphQL, in the same integration: the events must be alike but for the id.
      const viaGraphql = await ctx.query<{ createDeal: { id: string } }>(tenantId, CREATE_DEAL, { input: { ...input, integrationId } });
      assert.equal(viaGraphql.errors, undefined, JSON.stringify(viaGraphql.errors));
      await eventually(() => assert.equal(changesOf(integrationId).length, 2));
      const [byEvent, byGraphql] = changesOf(integrationId);
      assert.equal(byEvent?.headers['ce_subject'], deal.id);
      assert.equal(byEvent?.headers['ce_source'], 'sync-engine');
      assert.equal(byEvent?.headers['ce_tenantid'], tenantId);
      assert.equal(byEvent?.headers['ce_correlationid'], submission.correlationId);
      assert.equal(byGraphql?.headers['ce_subject'], viaGraphql.data?.createDeal.id);
      assert.deepEqual({ ...byEvent?.data, portalRecordId: 'id' }, { ...byGraphql?.data, portalRecordId: 'id' });
      assert.equal(byEvent?.data.operation, 'CREATED');
      assert.equal(byEvent?.data.values['amount'], '1250.50');
      assert.deepEqual(rejectionsOf(integrationId), []);
    });

    test('an UPDATE changes the given fields and a DELETE removes the deal, each publishing like GraphQL', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const created = await ctx.query<{ createDeal: { id: string } }>(tenantId, CREATE_DEAL, {
        input: { integrationId, name: 'Globex', phase: 'Qualified', amount: '100', customFields: [{ apiName: 'renewal', value: 'false' }] },
      });
      const id = created.data?.createDeal.id ?? '';
      await clients.publisher.publish([
        submitted(tenantId, integrationId, {
          requestId: 'req-update-1',
          operation: 'UPDATE',
          input: {
            id,
            phase: 'Won',
            amount: null,
            customFields: [
              { apiName: 'renewal', value: null },
              { apiName: 'seats', value: '12' },
            ],
          },
        }),
      ]);
      await eventually(async () => assert.equal((await storedDeal(id))?.phase, 'Won'));
      const updated = await storedDeal(id);
      assert.equal(updated?.name, 'Globex');
      assert.equal(updated?.amount, null);
      assert.deepEqual(updated?.customFields, [{ apiName: 'seats', value: '12' }]);

      await clients.publisher.publish([
        submitted(tenantId, integrationId, { requestId: 'req-delete-1', operation: 'DELETE', input: { id } }),
      ]);
      await eventually(async () => assert.equal(await storedDeal(id), null));
      await eventually(() => assert.equal(changesOf(integrationId).length, 3));
      assert.deepEqual(
        changesOf(integrationId).map(({ data }) => [data.portalRecordId, data.operation]),
        [
          [id, 'CREATED'],
          [id, 'UPDATED'],
          [id, 'DELETED'],
        ],
      );
      assert.deepEqual(changesOf(integrationId)[1]?.data.changedFields, ['phase', 'amount', 'renewal', 'seats']);
      assert.deepEqual(changesOf(integrationId)[2]?.data.changedFields, []);
      assert.equal(changesOf(integrationId)[2]?.data.values['name'], 'Globex');
    });

    test('a redelivered event and a request replayed under a new event id are applied once', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const create = submitted(tenantId, integrationId, {
        requestId: 'req-once',
        operation: 'CREATE',
        input: { name: 'Once', phase: 'Qualified' },
      });
      // The same event twice (a redelivery), then the same request as a new event (the portal's producer retried).
      const replay = submitted(tenantId, integrationId, {
        requestId: 'req-once',
        operation: 'CREATE',
        input: { name: 'Once', phase: 'Qualified' },
      });
      await clients.publisher.publish([create, create, replay]);
      const markerDeal = await marker(tenantId, integrationId);
      const stored = await dealsOf(integrationId);
      assert.deepEqual(
        stored.map((deal) => deal.name),
        ['Once', markerDeal.name],
      );
      const once = stored[0];
      assert.ok(once);

      // An update replayed after a later change must not undo that change.
      const rename = submitted(tenantId, integrationId, {
        requestId: 'req-rename',
        operation: 'UPDATE',
        input: { id: once.id, name: 'Renamed' },
      });
      await clients.publisher.publish([rename]);
      await eventually(async () => assert.equal((await storedDeal(once.id))?.name, 'Renamed'));
      const later = await ctx.query(tenantId, UPDATE_DEAL, { input: { id: once.id, name: 'Changed later' } });
      assert.equal(later.errors, undefined, JSON.stringify(later.errors));
      await clients.publisher.publish([
        rename,
        submitted(tenantId, integrationId, { requestId: 'req-rename', operation: 'UPDATE', input: { id: once.id, name: 'Renamed' } }),
      ]);
      await marker(tenantId, integrationId);
      assert.equal((await storedDeal(once.id))?.name, 'Changed later');
      // Skipped, not failed: a replay never reaches the unique request index and its retries.
      assert.deepEqual(
        clients.recorder.on(DEAD_LETTERS).filter((record) => record.key === integrationId),
        [],
      );
      assert.deepEqual(
        changesOf(integrationId)
          .filter(({ data }) => data.portalRecordId === once.id)
          .map(({ data }) => [data.operation, data.values['name']]),
        [
          ['CREATED', 'Once'],
          ['UPDATED', 'Renamed'],
          ['UPDATED', 'Changed later'],
        ],
      );
      assert.deepEqual(rejectionsOf(integrationId), []);
    });

    test('a refused request is rejected with every problem and its request id; nothing is stored or published', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const bad = submitted(tenantId, integrationId, {
        requestId: 'req-bad',
        operation: 'CREATE',
        input: {
          name: '  ',
          phase: 'Negotiation',
          amount: '12,50',
          closingDate: '2027-02-30',
          customFields: [
            { apiName: 'seats', value: '3' },
            { apiName: 'region', value: 'LATAM' },
          ],
        },
      });
      await clients.publisher.publish([bad]);
      await eventually(() => assert.equal(rejectionsOf(integrationId).length, 1));
      const [rejection] = rejectionsOf(integrationId);
      assert.equal(rejection?.headers['ce_tenantid'], tenantId);
      assert.equal(rejection?.headers['ce_subject'], 'req-bad');
      assert.equal(rejection?.headers['ce_correlationid'], bad.correlationId);
      assert.deepEqual(
        { ...rejection?.data, problems: rejection?.data.problems.map(({ code, path }) => ({ code, path })) },
        {
          requestId: 'req-bad',
          operation: 'CREATE',
          dealId: null,
          submittedEventId: bad.eventId,
          problems: [
            { code: 'NAME_REQUIRED', path: 'input.name' },
            { code: 'PHASE_NOT_IN_SCHEMA', path: 'input.phase' },
            { code: 'INVALID_AMOUNT', path: 'input.amount' },
            { code: 'INVALID_CLOSING_DATE', path: 'input.closingDate' },
            { code: 'CUSTOM_FIELD_TYPE_MISMATCH', path: 'input.customFields.1.value' },
          ],
        },
      );
      assert.equal(
        rejection?.data.problems[4]?.message,
        'input.customFields.1.value (region, PICKLIST) must be one of EMEA, APAC (got "LATAM")',
      );
      assert.deepEqual(await dealsOf(integrationId), []);
      assert.deepEqual(changesOf(integrationId), []);

      // A refusal is not remembered: the corrected request under the same id is applied.
      await clients.publisher.publish([
        submitted(tenantId, integrationId, { requestId: 'req-bad', operation: 'CREATE', input: { name: 'Fixed', phase: 'Qualified' } }),
      ]);
      await eventually(async () =>
        assert.deepEqual(
          (await dealsOf(integrationId)).map((deal) => deal.name),
          ['Fixed'],
        ),
      );

      const [fixed] = await dealsOf(integrationId);
      await clients.publisher.publish([
        submitted(tenantId, integrationId, {
          requestId: 'req-bad-update',
          operation: 'UPDATE',
          input: { id: fixed?.id ?? '', name: null, currencyCode: 'eur', customFields: [{ apiName: 'discount', value: '5' }] },
        }),
      ]);
      await eventually(() => assert.equal(rejectionsOf(integrationId).length, 2));
      const updateRejection = rejectionsOf(integrationId)[1]?.data;
      assert.equal(updateRejection?.dealId, fixed?.id);
      assert.deepEqual(
        updateRejection?.problems.map(({ code, path }) => ({ code, path })),
        [
          { code: 'NAME_REQUIRED', path: 'input.name' },
          { code: 'INVALID_CURRENCY_CODE', path: 'input.currencyCode' },
          { code: 'CUSTOM_FIELD_NOT_DECLARED', path: 'input.customFields.0.apiName' },
        ],
      );
      assert.equal((await storedDeal(fixed?.id ?? ''))?.name, 'Fixed');
      await marker(tenantId, integrationId);
      assert.deepEqual(
        changesOf(integrationId)
          .filter(({ data }) => data.portalRecordId === fixed?.id)
          .map(({ data }) => data.operation),
        ['CREATED'],
      );
    });

    test("another tenant's deal or integration is not found over Kafka, and nothing of it changes", async () => {
      const a = await ctx.integrationWithDealSchema(clients.publisher);
      const b = await ctx.integrationWithDealSchema(clients.publisher);
      const aDeal = await marker(a.tenantId, a.integrationId);
      // The same tenant's other integration: a submission writes in its own integration only.
      const aOther = await ctx.integrationWithDealSchema(clients.publisher, a.tenantId);

      await clients.publisher.publish([
        submitted(b.tenantId, b.integrationId, { requestId: 'b-update', operation: 'UPDATE', input: { id: aDeal.id, name: 'Taken over' } }),
        submitted(b.tenantId, b.integrationId, { requestId: 'b-delete', operation: 'DELETE', input: { id: aDeal.id } }),
        submitted(b.tenantId, a.integrationId, { requestId: 'b-create', operation: 'CREATE', input: { name: 'B in A', phase: 'Won' } }),
        submitted(a.tenantId, aOther.integrationId, { requestId: 'a-other', operation: 'DELETE', input: { id: aDeal.id } }),
        submitted(b.tenantId, b.integrationId, { requestId: 'b-not-uuid', operation: 'DELETE', input: { id: 'deal-7' } }),
      ]);
      await eventually(() => assert.equal(rejectionsOf(b.integrationId).length, 3));
      await eventually(() => assert.equal(rejectionsOf(a.integrationId).length + rejectionsOf(aOther.integrationId).length, 2));
      const problemsOf = (integrationId: string) =>
        rejectionsOf(integrationId).map(({ headers, data }) => [
          headers['ce_tenantid'],
          data.requestId,
          ...data.problems.map(({ code, path }) => `${code} ${path}`),
        ]);
      assert.deepEqual(problemsOf(b.integrationId), [
        [b.tenantId, 'b-update', 'DEAL_NOT_FOUND input.id'],
        [b.tenantId, 'b-delete', 'DEAL_NOT_FOUND input.id'],
        [b.tenantId, 'b-not-uuid', 'DEAL_NOT_FOUND input.id'],
      ]);
      // Keyed by the integration the submission named, and the tenant's own event (never tenant A's).
      assert.deepEqual(problemsOf(a.integrationId), [[b.tenantId, 'b-create', 'INTEGRATION_NOT_FOUND integrationId']]);
      assert.deepEqual(problemsOf(aOther.integrationId), [[a.tenantId, 'a-other', 'DEAL_NOT_FOUND input.id']]);

      const stored = await storedDeal(aDeal.id);
      assert.equal(stored?.name, aDeal.name);
      assert.equal(stored?.tenantId, a.tenantId);
      assert.deepEqual(
        (await dealsOf(a.integrationId)).map((deal) => deal.id),
        [aDeal.id],
      );
      await marker(a.tenantId, a.integrationId);
      assert.deepEqual(
        changesOf(a.integrationId)
          .filter(({ data }) => data.portalRecordId === aDeal.id)
          .map(({ data }) => data.operation),
        ['CREATED'],
      );
      assert.deepEqual(changesOf(b.integrationId), []);
    });

    test('a submission that does not match the contract goes to the dead-letter topic, and nothing is stored or rejected', async () => {
      const { tenantId, integrationId } = await ctx.integrationWithDealSchema(clients.publisher);
      const valid = submitted(tenantId, integrationId, {
        requestId: 'req-malformed',
        operation: 'CREATE',
        input: { name: 'M', phase: 'Won' },
      });
      const malformed = {
        ...toKafkaMessage(valid),
        value: JSON.stringify({ ...valid.data, input: { name: 'M', phase: 'Won', amout: 12.5 } }),
      };
      await clients.publisher.publishRecords([{ topic: Topics.portalRecordChanges, messages: [malformed] }]);
      const deadLetter = await eventually(() => {
        const found = clients.recorder
          .on(DEAD_LETTERS)
          .find(
            (record) => record.headers['ce_id'] === valid.eventId && record.headers['dlq_consumer_group'] === 'sync-engine.deal-intake',
          );
        assert.ok(found, 'dead-lettered by the intake');
        return found;
      });
      assert.equal(deadLetter.headers['dlq_error_name'], 'EventValidationError');
      assert.match(deadLetter.headers['dlq_error_message'] ?? '', /data\.input: Unrecognized key\(s\) in object: 'amout'/);
      assert.equal(deadLetter.headers['dlq_attempts'], '1');
      assert.equal(deadLetter.key, integrationId);

      const markerDeal = await marker(tenantId, integrationId);
      assert.deepEqual(
        (await dealsOf(integrationId)).map((deal) => deal.id),
        [markerDeal.id],
      );
      assert.deepEqual(rejectionsOf(integrationId), []);
    });
  });
});
