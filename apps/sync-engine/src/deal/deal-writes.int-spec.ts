import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Topics, type PortalRecordChangedData } from '@crm-bridge/contracts';
import { eventually, firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import { portalDealSchemaChanged, SyncEngineTestContext, TEST_CUSTOM_DEAL_FIELDS, TEST_DEAL_PHASES } from '../sync-engine.test-context';
import { DealEntity } from './deal.entity';

const DEAL_FIELDS = `id name phase pipeline amount currencyCode closingDate accountId partnerId ownerId
  customFields { apiName value } syncStatus lastSyncError zohoId integration { id }`;
const CREATE = `mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { ${DEAL_FIELDS} } }`;
const DELETE = `mutation($input: DeleteDealInput!) { deleteDeal(input: $input) }`;

interface DealView {
  id: string;
  name: string;
  phase: string;
  pipeline: string | null;
  amount: string | null;
  currencyCode: string | null;
  closingDate: string | null;
  accountId: string | null;
  partnerId: string | null;
  ownerId: string | null;
  customFields: { apiName: string; value: string }[];
  syncStatus: string;
  lastSyncError: string | null;
  zohoId: string | null;
  integration: { id: string };
}

describe('portal deal writes (createDeal, updateDeal, deleteDeal)', () => {
  const ctx = SyncEngineTestContext.forSuite();

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  // An inner suite, so its Kafka clients stop before the outer one closes the broker.
  describe('through GraphQL and Kafka', () => {
    const clients = ctx.kafkaClientsForSuite([Topics.portalRecordChanges]);

    const storedDeal = (id: string) => ctx.service.dataSource.getRepository(DealEntity).findOneBy({ id });
    const storedDealsOf = (integrationId: string) => ctx.service.dataSource.getRepository(DealEntity).countBy({ integrationId });

    /** The portal-record.changed events of one deal, in the order they were published (CloudEvents binary mode: the value is `data`). */
    const changesOf = (dealId: string) =>
      clients.recorder
        .on(Topics.portalRecordChanges)
        .filter((record) => record.headers['ce_subject'] === dealId)
        .map((record) => ({
          key: record.key,
          event: {
            type: record.headers['ce_type'],
            tenantId: record.headers['ce_tenantid'],
            data: JSON.parse(record.value ?? '{}') as PortalRecordChangedData,
          },
        }));

    const schemaOf = (integrationId: string) => ctx.dealSchemaOf(integrationId);
    const integrationWithSchema = () => ctx.integrationWithDealSchema(clients.publisher);

    /** `extensions.problems` of the first error (an InputProblemsException's every problem), without the messages. */
    const problemsOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
      ((result.errors?.[0]?.extensions?.['problems'] as { code: string; path: string }[] | undefined) ?? []).map(({ code, path }) => ({
        code,
        path,
      }));

    async function createDeal(tenantId: string, input: Record<string, unknown>): Promise<DealView> {
      const result = await ctx.query<{ createDeal: DealView }>(tenantId, CREATE, { input });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.ok(result.data);
      return result.data.createDeal;
    }

    test('the portal deal schema is kept per integration from mapping-config events; a late older revision changes nothing', async () => {
      const tenantId = newTenantId();
      const integrationId = randomUUID();
      const newer = portalDealSchemaChanged(tenantId, integrationId, 2, [...TEST_DEAL_PHASES, { name: 'Negotiation', outcome: 'OPEN' }]);
      await clients.publisher.publish([portalDealSchemaChanged(tenantId, integrationId, 1), newer]);
      await eventually(async () => assert.equal((await schemaOf(integrationId))?.revision, 2));

      await clients.publisher.publish([portalDealSchemaChanged(tenantId, integrationId, 1, [])]);
      const marker = randomUUID();
      await clients.publisher.publish([portalDealSchemaChanged(tenantId, marker, 1)]);
      // One partition: once the marker is stored, the late revision 1 before it was handled.
      await eventually(async () => assert.ok(await schemaOf(marker)));
      const stored = await schemaOf(integrationId);
      assert.equal(stored?.tenantId, tenantId);
      assert.equal(stored?.revision, 2);
      assert.deepEqual(stored?.phases, newer.data.phases);
      assert.deepEqual(stored?.customFields, TEST_CUSTOM_DEAL_FIELDS);
    });

    test('createDeal stores a PENDING deal and publishes portal-record.changed CREATED keyed by the integration', async () => {
      const { tenantId, integrationId } = await integrationWithSchema();
      const deal = await createDeal(tenantId, {
        integrationId,
        name: '  Acme renewal ',
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
      });
      assert.deepEqual(
        { ...deal, id: undefined },
        {
          id: undefined,
          name: 'Acme renewal',
          phase: 'Qualified',
          pipeline: 'Partners',
          amount: '1250.50',
          currencyCode: 'EUR',
          closingDate: '2027-02-28',
          accountId: 'account-7',
          partnerId: 'partner-3',
          ownerId: 'user-9',
          customFields: [
            { apiName: 'seats', value: '40' },
            { apiName: 'region', value: 'EMEA' },
          ],
          syncStatus: 'PENDING',
          lastSyncError: null,
          zohoId: null,
          integration: { id: integrationId },
        },
      );
      assert.equal((await storedDeal(deal.id))?.tenantId, tenantId);

      await eventually(() => assert.equal(changesOf(deal.id).length, 1));
      const [change] = changesOf(deal.id);
      assert.equal(change?.key, integrationId);
      assert.equal(change?.event.type, 'portal-record.changed');
      assert.equal(change?.event.tenantId, tenantId);
      assert.deepEqual(change?.event.data, {
        module: 'DEALS',
        portalRecordId: deal.id,
        operation: 'CREATED',
        changedFields: ['name', 'phase', 'pipeline', 'amount', 'currency', 'closingDate', 'account', 'partner', 'owner', 'seats', 'region'],
        values: {
          name: 'Acme renewal',
          phase: 'Qualified',
          pipeline: 'Partners',
          amount: '1250.50',
          currency: 'EUR',
          closingDate: '2027-02-28',
          account: 'account-7',
          partner: 'partner-3',
          owner: 'user-9',
          seats: '40',
          region: 'EMEA',
        },
      });
    });

    test('updateDeal changes the given fields only, clears those set to null, and publishes UPDATED naming what changed', async () => {
      const { tenantId, integrationId } = await integrationWithSchema();
      const created = await createDeal(tenantId, {
        integrationId,
        name: 'Globex',
        phase: 'Qualified',
        amount: '0100',
        currencyCode: 'USD',
        customFields: [
          { apiName: 'seats', value: '5' },
          { apiName: 'renewal', value: 'false' },
        ],
      });
      // Written as PostgreSQL keeps numeric(18, 2), so the event and every later read agree.
      assert.equal(created.amount, '100.00');
      assert.equal((await storedDeal(created.id))?.amount, '100.00');
      const result = await ctx.query<{ updateDeal: DealView }>(tenantId, UPDATE, {
        input: {
          id: created.id,
          phase: 'Won',
          amount: null,
          customFields: [
            { apiName: 'renewal', value: null },
            { apiName: 'goLive', value: '2027-01-15' },
          ],
        },
      });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const updated = result.data?.updateDeal;
      assert.equal(updated?.name, 'Globex');
      assert.equal(updated?.phase, 'Won');
      assert.equal(updated?.amount, null);
      assert.equal(updated?.currencyCode, 'USD');
      assert.deepEqual(updated?.customFields, [
        { apiName: 'seats', value: '5' },
        { apiName: 'goLive', value: '2027-01-15' },
      ]);
      assert.equal(updated?.syncStatus, 'PENDING');
      assert.equal((await storedDeal(created.id))?.phase, 'Won');

      await eventually(() => assert.equal(changesOf(created.id).length, 2));
      // The same values again change nothing, so nothing is published (the marker deal comes after it).
      const unchanged = await ctx.query<{ updateDeal: DealView }>(tenantId, UPDATE, {
        input: { id: created.id, phase: 'Won', amount: null },
      });
      assert.equal(unchanged.data?.updateDeal.phase, 'Won');
      const marker = await createDeal(tenantId, { integrationId, name: 'Marker', phase: 'Won' });
      await eventually(() => assert.equal(changesOf(marker.id).length, 1));
      assert.equal(changesOf(created.id).length, 2);
      const update = changesOf(created.id)[1]?.event.data;
      assert.equal(update?.operation, 'UPDATED');
      assert.deepEqual(update?.changedFields, ['phase', 'amount', 'renewal', 'goLive']);
      assert.equal(update?.values['phase'], 'Won');
      assert.equal(update?.values['amount'], null);
      assert.equal(update?.values['renewal'], undefined);
    });

    test('deleteDeal removes the deal and publishes DELETED with its last values', async () => {
      const { tenantId, integrationId } = await integrationWithSchema();
      const created = await createDeal(tenantId, { integrationId, name: 'Initech', phase: 'Lost' });
      const result = await ctx.query<{ deleteDeal: string }>(tenantId, DELETE, { input: { id: created.id } });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(result.data?.deleteDeal, created.id);
      assert.equal(await storedDeal(created.id), null);

      await eventually(() => assert.equal(changesOf(created.id).length, 2));
      const deletion = changesOf(created.id)[1]?.event.data;
      assert.equal(deletion?.operation, 'DELETED');
      assert.deepEqual(deletion?.changedFields, []);
      assert.equal(deletion?.values['name'], 'Initech');

      const again = await ctx.query(tenantId, DELETE, { input: { id: created.id } });
      assert.deepEqual(firstErrorCodeAndField(again), { code: 'DEAL_NOT_FOUND', field: 'input.id' });
    });

    test('every refused field is named, and nothing is stored or published', async () => {
      const { tenantId, integrationId } = await integrationWithSchema();
      const valid = { integrationId, name: 'Valid', phase: 'Qualified' };
      const refusals: [Record<string, unknown>, string, string][] = [
        [{ name: '   ' }, 'NAME_REQUIRED', 'input.name'],
        [{ name: 'x'.repeat(256) }, 'VALUE_TOO_LONG', 'input.name'],
        [{ phase: 'Negotiation' }, 'PHASE_NOT_IN_SCHEMA', 'input.phase'],
        [{ amount: '12,50' }, 'INVALID_AMOUNT', 'input.amount'],
        [{ amount: '1.005' }, 'INVALID_AMOUNT', 'input.amount'],
        [{ amount: '1e3' }, 'INVALID_AMOUNT', 'input.amount'],
        [{ currencyCode: 'EURO' }, 'INVALID_CURRENCY_CODE', 'input.currencyCode'],
        [{ currencyCode: 'eur' }, 'INVALID_CURRENCY_CODE', 'input.currencyCode'],
        [{ currencyCode: 'XYZ' }, 'INVALID_CURRENCY_CODE', 'input.currencyCode'],
        [{ closingDate: '28.02.2027' }, 'INVALID_CLOSING_DATE', 'input.closingDate'],
        [{ closingDate: '2027-02-30' }, 'INVALID_CLOSING_DATE', 'input.closingDate'],
        [{ pipeline: 'p'.repeat(256) }, 'VALUE_TOO_LONG', 'input.pipeline'],
        [{ customFields: [{ apiName: 'discount', value: '5' }] }, 'CUSTOM_FIELD_NOT_DECLARED', 'input.customFields.0.apiName'],
        [
          {
            customFields: [
              { apiName: 'seats', value: '5' },
              { apiName: 'seats', value: '6' },
            ],
          },
          'DUPLICATE_CUSTOM_FIELD',
          'input.customFields.1.apiName',
        ],
        [{ customFields: [{ apiName: 'seats', value: 'many' }] }, 'CUSTOM_FIELD_TYPE_MISMATCH', 'input.customFields.0.value'],
        [{ customFields: [{ apiName: 'seats', value: '2.5' }] }, 'CUSTOM_FIELD_TYPE_MISMATCH', 'input.customFields.0.value'],
        [{ customFields: [{ apiName: 'renewal', value: 'yes' }] }, 'CUSTOM_FIELD_TYPE_MISMATCH', 'input.customFields.0.value'],
        [
          {
            customFields: [
              { apiName: 'seats', value: '3' },
              { apiName: 'region', value: 'LATAM' },
            ],
          },
          'CUSTOM_FIELD_TYPE_MISMATCH',
          'input.customFields.1.value',
        ],
        [{ customFields: [{ apiName: 'goLive', value: '2027-13-01' }] }, 'CUSTOM_FIELD_TYPE_MISMATCH', 'input.customFields.0.value'],
        [{ integrationId: 'integration-7' }, 'INVALID_INTEGRATION_ID', 'input.integrationId'],
        [{ integrationId: randomUUID() }, 'INTEGRATION_NOT_FOUND', 'input.integrationId'],
      ];
      for (const [override, code, field] of refusals) {
        const result = await ctx.query(tenantId, CREATE, { input: { ...valid, ...override } });
        assert.deepEqual(firstErrorCodeAndField(result), { code, field }, JSON.stringify(override));
        // The integration is checked first, alone: without its schema the other fields cannot be.
        const integrationRefused = field === 'input.integrationId';
        assert.deepEqual(problemsOf(result), integrationRefused ? [] : [{ code, path: field }], JSON.stringify(override));
      }

      const created = await createDeal(tenantId, valid);
      const updateRefusals: [Record<string, unknown>, string, string][] = [
        [{ name: null }, 'NAME_REQUIRED', 'input.name'],
        [{ phase: 'Closed' }, 'PHASE_NOT_IN_SCHEMA', 'input.phase'],
        [{ amount: 'ten' }, 'INVALID_AMOUNT', 'input.amount'],
        [{ currencyCode: 'EU' }, 'INVALID_CURRENCY_CODE', 'input.currencyCode'],
        [{ closingDate: '2027-2-1' }, 'INVALID_CLOSING_DATE', 'input.closingDate'],
        [{ customFields: [{ apiName: 'renewal', value: '1' }] }, 'CUSTOM_FIELD_TYPE_MISMATCH', 'input.customFields.0.value'],
        [{ customFields: [{ apiName: 'name', value: 'x' }] }, 'CUSTOM_FIELD_NOT_DECLARED', 'input.customFields.0.apiName'],
      ];
      for (const [override, code, field] of updateRefusals) {
        const result = await ctx.query(tenantId, UPDATE, { input: { id: created.id, ...override } });
        assert.deepEqual(firstErrorCodeAndField(result), { code, field }, JSON.stringify(override));
        assert.deepEqual(problemsOf(result), [{ code, path: field }], JSON.stringify(override));
      }

      assert.equal(await storedDealsOf(integrationId), 1);
      const stored = await storedDeal(created.id);
      assert.equal(stored?.name, 'Valid');
      assert.equal(stored?.amount, null);
      // Only the valid create published; a marker deal created after the refusals proves the refusals published nothing.
      const marker = await createDeal(tenantId, valid);
      await eventually(() => assert.equal(changesOf(marker.id).length, 1));
      assert.deepEqual(
        changesOf(created.id).map(({ event }) => event.data.operation),
        ['CREATED'],
      );
    });

    test('an input with several bad fields is refused with every problem at once, each naming its path', async () => {
      const { tenantId, integrationId } = await integrationWithSchema();
      const created = await ctx.query(tenantId, CREATE, {
        input: {
          integrationId,
          name: ' ',
          phase: 'Negotiation',
          amount: '12,50',
          currencyCode: 'eur',
          closingDate: '2027-02-30',
          ownerId: 'o'.repeat(256),
          customFields: [
            { apiName: 'seats', value: 'many' },
            { apiName: 'discount', value: '5' },
            { apiName: 'region', value: 'LATAM' },
            { apiName: 'seats', value: '3' },
          ],
        },
      });
      assert.equal(created.errors?.length, 1);
      assert.deepEqual(firstErrorCodeAndField(created), { code: 'NAME_REQUIRED', field: 'input.name' });
      assert.deepEqual(problemsOf(created), [
        { code: 'NAME_REQUIRED', path: 'input.name' },
        { code: 'PHASE_NOT_IN_SCHEMA', path: 'input.phase' },
        { code: 'INVALID_AMOUNT', path: 'input.amount' },
        { code: 'INVALID_CURRENCY_CODE', path: 'input.currencyCode' },
        { code: 'INVALID_CLOSING_DATE', path: 'input.closingDate' },
        { code: 'VALUE_TOO_LONG', path: 'input.ownerId' },
        { code: 'CUSTOM_FIELD_TYPE_MISMATCH', path: 'input.customFields.0.value' },
        { code: 'CUSTOM_FIELD_NOT_DECLARED', path: 'input.customFields.1.apiName' },
        { code: 'CUSTOM_FIELD_TYPE_MISMATCH', path: 'input.customFields.2.value' },
        { code: 'DUPLICATE_CUSTOM_FIELD', path: 'input.customFields.3.apiName' },
      ]);
      const messages = (created.errors?.[0]?.extensions?.['problems'] as { message: string }[]).map((problem) => problem.message);
      assert.equal(messages[2], 'input.amount must be a decimal string with at most 2 decimals, e.g. "1250.00" (got "12,50")');
      assert.equal(messages[8], 'input.customFields.2.value (region, PICKLIST) must be one of EMEA, APAC (got "LATAM")');
      assert.equal(await storedDealsOf(integrationId), 0);

      const deal = await createDeal(tenantId, { integrationId, name: 'Kept', phase: 'Qualified', amount: '5' });
      const updated = await ctx.query(tenantId, UPDATE, {
        input: { id: deal.id, name: null, amount: 'ten', customFields: [{ apiName: 'renewal', value: 'yes' }] },
      });
      assert.deepEqual(problemsOf(updated), [
        { code: 'NAME_REQUIRED', path: 'input.name' },
        { code: 'INVALID_AMOUNT', path: 'input.amount' },
        { code: 'CUSTOM_FIELD_TYPE_MISMATCH', path: 'input.customFields.0.value' },
      ]);
      const stored = await storedDeal(deal.id);
      assert.equal(stored?.name, 'Kept');
      assert.equal(stored?.amount, '5.00');
      const marker = await createDeal(tenantId, { integrationId, name: 'Marker', phase: 'Won' });
      await eventually(() => assert.equal(changesOf(marker.id).length, 1));
      assert.deepEqual(
        changesOf(deal.id).map(({ event }) => event.data.operation),
        ['CREATED'],
      );
    });

    test('a viewer may not write deals; a deal editor may', async () => {
      const { tenantId, integrationId } = await integrationWithSchema();
      const viewer = { tenantId, roles: ['viewer'] };
      const asViewer = await ctx.queryAs(viewer, CREATE, { input: { integrationId, name: 'No', phase: 'Qualified' } });
      assert.equal(asViewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      assert.match(asViewer.errors?.[0]?.message ?? '', /only a tenant admin or deal-editor may create a deal/);
      assert.equal(await storedDealsOf(integrationId), 0);

      const editor = { tenantId, roles: ['deal-editor'] };
      const created = await ctx.queryAs<{ createDeal: DealView }>(editor, CREATE, {
        input: { integrationId, name: 'Yes', phase: 'Qualified' },
      });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const id = created.data?.createDeal.id;

      const viewerUpdate = await ctx.queryAs(viewer, UPDATE, { input: { id, name: 'Renamed' } });
      assert.equal(viewerUpdate.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      const viewerDelete = await ctx.queryAs(viewer, DELETE, { input: { id } });
      assert.equal(viewerDelete.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      assert.equal((await storedDeal(id ?? ''))?.name, 'Yes');

      const editorUpdate = await ctx.queryAs<{ updateDeal: DealView }>(editor, UPDATE, { input: { id, name: 'Renamed' } });
      assert.equal(editorUpdate.data?.updateDeal.name, 'Renamed');
      const editorDelete = await ctx.queryAs(editor, DELETE, { input: { id } });
      assert.equal(editorDelete.errors, undefined);
    });

    test('deals filters on phase, pipeline, partner, sync status and modified since, and lists newest first on request', async () => {
      const { tenantId, integrationId } = await integrationWithSchema();
      const first = await createDeal(tenantId, { integrationId, name: 'First', phase: 'Qualified', pipeline: 'Direct', partnerId: 'p-1' });
      const second = await createDeal(tenantId, { integrationId, name: 'Second', phase: 'Won', pipeline: 'Partners', partnerId: 'p-2' });
      const third = await createDeal(tenantId, {
        integrationId,
        name: 'Third',
        phase: 'Qualified',
        pipeline: 'Partners',
        partnerId: 'p-2',
      });
      // As if outbound sync had written it to Zoho: it no longer is PENDING.
      await ctx.service.dataSource.getRepository(DealEntity).update({ id: second.id }, { syncStatus: 'SYNCED', zohoId: 'z-2' });
      await ctx.query(tenantId, UPDATE, { input: { id: first.id, amount: '10' } });
      const firstChangedAt = (await storedDeal(first.id))?.updatedAt;

      type Names = { deals: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      const names = async (args: string, after?: string | null) => {
        const result = await ctx.query<Names>(
          tenantId,
          `query($after: String${args.includes('$since') ? ', $since: DateTimeISO' : ''}) { deals(${args}, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }`,
          args.includes('$since') ? { after, since: firstChangedAt?.toISOString() } : { after },
        );
        assert.equal(result.errors, undefined, JSON.stringify(result.errors));
        return result.data?.deals;
      };
      const nameList = async (args: string) => (await names(args))?.edges.map((edge) => edge.node.name);

      assert.deepEqual(await nameList('first: 10, phase: "Qualified"'), ['First', 'Third']);
      assert.deepEqual(await nameList('first: 10, pipeline: "Partners", partnerId: "p-2"'), ['Second', 'Third']);
      assert.deepEqual(await nameList('first: 10, syncStatus: SYNCED'), ['Second']);
      assert.deepEqual(await nameList('first: 10, syncStatus: PENDING, phase: "Qualified"'), ['First', 'Third']);
      assert.deepEqual(await nameList('first: 10, modifiedSince: $since'), ['First']);
      assert.deepEqual(await nameList('first: 10, newestFirst: true'), ['Third', 'Second', 'First']);
      assert.deepEqual(await nameList(`first: 10, integrationId: "${randomUUID()}"`), []);

      const page1 = await names('first: 2, newestFirst: true');
      assert.deepEqual(
        page1?.edges.map((edge) => edge.node.name),
        ['Third', 'Second'],
      );
      assert.equal(page1?.pageInfo.hasNextPage, true);
      const page2 = await names('first: 2, newestFirst: true', page1?.pageInfo.endCursor);
      assert.deepEqual(
        page2?.edges.map((edge) => edge.node.name),
        ['First'],
      );
      assert.equal(page2?.pageInfo.hasNextPage, false);

      const view = await ctx.query<{ deal: DealView }>(tenantId, `query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, { id: second.id });
      assert.equal(view.data?.deal.syncStatus, 'SYNCED');
      assert.equal(view.data?.deal.zohoId, 'z-2');
      assert.equal(third.syncStatus, 'PENDING');
    });

    test("another tenant can neither write through a tenant's integration nor update or delete its deals", async () => {
      const a = await integrationWithSchema();
      const tenantB = newTenantId();
      const deal = await createDeal(a.tenantId, { integrationId: a.integrationId, name: 'Tenant A deal', phase: 'Qualified' });

      const createThroughA = await ctx.query(tenantB, CREATE, { input: { integrationId: a.integrationId, name: 'B', phase: 'Qualified' } });
      assert.deepEqual(firstErrorCodeAndField(createThroughA), { code: 'INTEGRATION_NOT_FOUND', field: 'input.integrationId' });
      const update = await ctx.query(tenantB, UPDATE, { input: { id: deal.id, name: 'Taken over' } });
      assert.deepEqual(firstErrorCodeAndField(update), { code: 'DEAL_NOT_FOUND', field: 'input.id' });
      const deletion = await ctx.query(tenantB, DELETE, { input: { id: deal.id } });
      assert.deepEqual(firstErrorCodeAndField(deletion), { code: 'DEAL_NOT_FOUND', field: 'input.id' });
      const malformed = await ctx.query(tenantB, DELETE, { input: { id: 'not-a-uuid' } });
      assert.deepEqual(firstErrorCodeAndField(malformed), { code: 'DEAL_NOT_FOUND', field: 'input.id' });

      const stored = await storedDeal(deal.id);
      assert.equal(stored?.name, 'Tenant A deal');
      assert.equal(stored?.tenantId, a.tenantId);
      assert.equal(await storedDealsOf(a.integrationId), 1);
      const marker = await createDeal(a.tenantId, { integrationId: a.integrationId, name: 'Marker', phase: 'Won' });
      await eventually(() => assert.equal(changesOf(marker.id).length, 1));
      assert.deepEqual(
        changesOf(deal.id).map(({ event }) => event.data.operation),
        ['CREATED'],
      );
    });
  });
});
