import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { firstErrorCodeAndField, newTenantId, postGraphql, SubgraphServiceTestContext } from '@crm-bridge/testing';
import { conflictResolverService } from './conflict-resolver.service-definition';
import { ConflictEntity } from './conflict/conflict.entity';
import { ConflictResolution, ConflictStatus } from './conflict/conflict.enums';

describe('conflict-resolver subgraph', () => {
  const ctx = SubgraphServiceTestContext.forSuite(conflictResolverService);
  const integrationId = randomUUID();

  function newConflict(tenantId: string, overrides: Partial<ConflictEntity> = {}): Promise<ConflictEntity> {
    return ctx.store(ConflictEntity, {
      tenantId,
      integrationId,
      recordModule: 'DEALS',
      portalRecordId: randomUUID(),
      zohoRecordId: null,
      fieldName: 'amount',
      baseValue: '100.00',
      portalValue: '150.00',
      zohoValue: '175.00',
      portalChangedAt: new Date('2026-03-01T10:00:00.000Z'),
      zohoChangedAt: new Date('2026-03-01T11:00:00.000Z'),
      status: ConflictStatus.OPEN,
      resolution: null,
      resolvedValue: null,
      resolvedBy: null,
      resolvedAt: null,
      ...overrides,
    });
  }

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  test('lists only the caller tenant conflicts, page by page, with their values as JSON', async () => {
    const tenantA = newTenantId();
    const first = await newConflict(tenantA, { fieldName: 'amount', zohoRecordId: '5725767000000419001' });
    await newConflict(tenantA, { fieldName: 'stage', baseValue: null, portalValue: 'Won', zohoValue: { id: '42', name: 'Closed Won' } });
    await newConflict(tenantA, { fieldName: 'probability', baseValue: 10, portalValue: 50, zohoValue: true });
    await newConflict(newTenantId(), { fieldName: 'theirs' });
    const query = `query($after: String) { conflicts(first: 2, after: $after) {
      edges { node { id fieldName recordModule portalRecordId zohoRecordId baseValue portalValue zohoValue
        portalChangedAt zohoChangedAt status resolution integration { id } } }
      pageInfo { hasNextPage endCursor } } }`;
    type Node = { id: string; fieldName: string; baseValue: unknown; portalValue: unknown; zohoValue: unknown } & Record<string, unknown>;
    type Page = { conflicts: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };

    const firstPage = await ctx.query<Page>(tenantA, query);
    assert.equal(firstPage.errors, undefined);
    assert.deepEqual(firstPage.data?.conflicts.edges[0]?.node, {
      id: first.id,
      fieldName: 'amount',
      recordModule: 'DEALS',
      portalRecordId: first.portalRecordId,
      zohoRecordId: '5725767000000419001',
      baseValue: '100.00',
      portalValue: '150.00',
      zohoValue: '175.00',
      portalChangedAt: '2026-03-01T10:00:00.000Z',
      zohoChangedAt: '2026-03-01T11:00:00.000Z',
      status: 'OPEN',
      resolution: null,
      integration: { id: integrationId },
    });
    const second = firstPage.data?.conflicts.edges[1]?.node;
    assert.deepEqual(
      [second?.fieldName, second?.baseValue, second?.portalValue, second?.zohoValue],
      ['stage', null, 'Won', { id: '42', name: 'Closed Won' }],
    );
    assert.equal(firstPage.data?.conflicts.pageInfo.hasNextPage, true);

    const secondPage = await ctx.query<Page>(tenantA, query, { after: firstPage.data?.conflicts.pageInfo.endCursor });
    assert.deepEqual(
      secondPage.data?.conflicts.edges.map(({ node }) => [node.fieldName, node.baseValue, node.portalValue, node.zohoValue]),
      [['probability', 10, 50, true]],
    );
    assert.equal(secondPage.data?.conflicts.pageInfo.hasNextPage, false);
  });

  test('filters by status and by integration', async () => {
    const tenantId = newTenantId();
    const otherIntegrationId = randomUUID();
    await newConflict(tenantId, { fieldName: 'open here' });
    await newConflict(tenantId, {
      fieldName: 'resolved here',
      status: ConflictStatus.RESOLVED,
      resolution: ConflictResolution.ZOHO_VALUE,
      resolvedValue: '175.00',
      resolvedBy: 'policy:ZOHO_WINS',
      resolvedAt: new Date('2026-03-01T12:00:00.000Z'),
    });
    await newConflict(tenantId, { fieldName: 'open elsewhere', integrationId: otherIntegrationId });
    await newConflict(newTenantId(), { fieldName: 'resolved, other tenant', status: ConflictStatus.RESOLVED });
    type Page = { conflicts: { edges: { node: Record<string, unknown> }[] } };
    const list = async (filter: string, fields = 'fieldName') =>
      (await ctx.query<Page>(tenantId, `{ conflicts(first: 10, ${filter}) { edges { node { ${fields} } } } }`)).data?.conflicts.edges.map(
        ({ node }) => node,
      );

    assert.deepEqual(await list('status: RESOLVED', 'fieldName status resolution resolvedValue resolvedBy resolvedAt'), [
      {
        fieldName: 'resolved here',
        status: 'RESOLVED',
        resolution: 'ZOHO_VALUE',
        resolvedValue: '175.00',
        resolvedBy: 'policy:ZOHO_WINS',
        resolvedAt: '2026-03-01T12:00:00.000Z',
      },
    ]);
    assert.deepEqual(await list('status: OPEN'), [{ fieldName: 'open here' }, { fieldName: 'open elsewhere' }]);
    assert.deepEqual(await list(`integrationId: "${otherIntegrationId}"`), [{ fieldName: 'open elsewhere' }]);
    assert.deepEqual(await list(`integrationId: "${integrationId}", status: OPEN`), [{ fieldName: 'open here' }]);
  });

  test('finds one conflict by id, but not another tenant one', async () => {
    const tenantId = newTenantId();
    const own = await newConflict(tenantId, { fieldName: 'mine' });
    const foreign = await newConflict(newTenantId(), { fieldName: 'theirs' });
    const query = 'query($id: ID!) { conflict(id: $id) { id fieldName } }';
    const found = await ctx.query<{ conflict: { id: string; fieldName: string } | null }>(tenantId, query, { id: own.id });
    assert.deepEqual(found.data?.conflict, { id: own.id, fieldName: 'mine' });
    const hidden = await ctx.query<{ conflict: unknown }>(tenantId, query, { id: foreign.id });
    assert.equal(hidden.errors, undefined);
    assert.equal(hidden.data?.conflict, null);
  });

  test('conflict references resolve in one query and never across tenants', async () => {
    const tenantId = newTenantId();
    const own = await newConflict(tenantId, { fieldName: 'mine' });
    const foreign = await newConflict(newTenantId(), { fieldName: 'theirs' });
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<{ _entities: ({ id: string; fieldName: string } | null)[] }>(
        tenantId,
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Conflict { id fieldName } } }`,
        { representations: [own.id, foreign.id, own.id, 'not-a-uuid'].map((id) => ({ __typename: 'Conflict', id })) },
      ),
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [{ id: own.id, fieldName: 'mine' }, null, { id: own.id, fieldName: 'mine' }, null]);
    assert.equal(sql.length, 1, `expected one SQL statement, got:\n${sql.join('\n')}`);
  });

  test("Deal.openConflicts lists the caller tenant's open deal conflicts, every deal in one query", async () => {
    const tenantId = newTenantId();
    const [dealWithTwo, dealWithOne, dealWithNone, contactId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const amount = await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'amount' });
    const stage = await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'stage' });
    await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'already resolved', status: ConflictStatus.RESOLVED });
    const closingDate = await newConflict(tenantId, { portalRecordId: dealWithOne, fieldName: 'closingDate' });
    await newConflict(tenantId, { portalRecordId: contactId, recordModule: 'CONTACTS', fieldName: 'email' });
    const otherTenantDeal = randomUUID();
    await newConflict(newTenantId(), { portalRecordId: otherTenantDeal, fieldName: 'theirs' });

    type Entities = { _entities: { id: string; openConflicts: { id: string; fieldName: string; status: string }[] }[] };
    const dealIds = [dealWithTwo, dealWithOne, dealWithNone, contactId, otherTenantDeal, 'not-a-uuid'];
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<Entities>(
        tenantId,
        `query($representations: [_Any!]!) { _entities(representations: $representations) {
          ... on Deal { id openConflicts { id fieldName status } } } }`,
        { representations: dealIds.map((id) => ({ __typename: 'Deal', id })) },
      ),
    );

    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [
      {
        id: dealWithTwo,
        openConflicts: [
          { id: amount.id, fieldName: 'amount', status: 'OPEN' },
          { id: stage.id, fieldName: 'stage', status: 'OPEN' },
        ],
      },
      { id: dealWithOne, openConflicts: [{ id: closingDate.id, fieldName: 'closingDate', status: 'OPEN' }] },
      { id: dealWithNone, openConflicts: [] },
      // A contact's conflict is not a deal's, even when asked for under that id.
      { id: contactId, openConflicts: [] },
      { id: otherTenantDeal, openConflicts: [] },
      { id: 'not-a-uuid', openConflicts: [] },
    ]);
    // Only the request's own reads count: the outbox relay polls its table in the background meanwhile.
    const reads = sql.filter((statement) => /FROM "conflict_resolver"\."conflicts"/.test(statement));
    assert.equal(reads.length, 1, `expected one read of conflicts for ${dealIds.length} deals, got:\n${sql.join('\n')}`);
  });

  test('bad arguments are refused with the field and the reason', async () => {
    const badIntegration = await ctx.query('tenant-x', '{ conflicts(integrationId: "deal-42") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(badIntegration), { code: 'INVALID_INTEGRATION_ID', field: 'integrationId' });
    assert.equal(badIntegration.errors?.[0]?.message, 'integrationId must be an integration id (a UUID)');
    const emptyIntegration = await ctx.query('tenant-x', '{ conflicts(integrationId: "") { edges { node { id } } } }');
    assert.equal(emptyIntegration.errors?.[0]?.extensions?.['field'], 'integrationId');

    const tooMany = await ctx.query('tenant-x', '{ conflicts(first: 500) { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(tooMany), { code: 'INVALID_PAGE_SIZE', field: 'first' });

    const badCursor = await ctx.query('tenant-x', '{ conflicts(first: 5, after: "garbage") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(badCursor), { code: 'INVALID_CURSOR', field: 'after' });

    const badStatus = await ctx.query('tenant-x', '{ conflicts(status: PENDING) { edges { node { id } } } }');
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.errors?.[0]?.message ?? '', /"PENDING" does not exist in "ConflictStatus"/);
  });

  test('refuses calls without a caller context', async () => {
    const missing = await postGraphql(ctx.graphqlUrl, '{ conflicts(first: 1) { edges { node { id } } } }');
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    assert.equal(missing.data, undefined);
  });

  test('serves liveness, readiness and Prometheus metrics', async () => {
    assert.equal((await fetch(`${ctx.service.url}/health/live`)).status, 200);
    const ready = await fetch(`${ctx.service.url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: { name: string; status: string }[] }).checks, [
      { name: 'database', status: 'ok' },
      { name: 'kafka', status: 'ok' },
    ]);
    const metrics = await (await fetch(`${ctx.service.url}/metrics`)).text();
    assert.match(metrics, /http_requests_total\{[^}]*route="\/graphql"[^}]*service="conflict-resolver"/);
  });
});
