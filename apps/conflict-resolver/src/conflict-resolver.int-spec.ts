import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pendingSchemaChanges } from '@crm-bridge/persistence';
import { startSubgraphService, type RunningSubgraphService } from '@crm-bridge/service-runtime';
import { createTestDatabase, postGraphql, signedCallerHeaders, TEST_SIGNING_SECRET, type TestDatabase } from '@crm-bridge/testing';
import { conflictResolverService } from './conflict-resolver.service-definition';
import { ConflictEntity } from './conflict/conflict.entity';
import { ConflictResolution, ConflictStatus, RecordModule } from './conflict/conflict.enums';

describe('conflict-resolver subgraph', () => {
  let database: TestDatabase;
  let service: RunningSubgraphService;
  let graphqlUrl: string;
  const integrationId = randomUUID();

  async function newConflict(tenantId: string, overrides: Partial<ConflictEntity> = {}): Promise<ConflictEntity> {
    const repository = service.dataSource.getRepository(ConflictEntity);
    return repository.save(
      repository.create({
        tenantId,
        integrationId,
        recordModule: RecordModule.DEALS,
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
      }),
    );
  }

  /** Runs `action` and returns the SQL statements TypeORM sent meanwhile, seen through the data source's query logger hook. */
  async function withSqlStatements<T>(action: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const logger = service.dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    const statements: string[] = [];
    logger.logQuery = (query, parameters, queryRunner) => {
      statements.push(query);
      logQuery(query, parameters, queryRunner);
    };
    try {
      return { result: await action(), statements };
    } finally {
      logger.logQuery = logQuery;
    }
  }

  before(async () => {
    database = await createTestDatabase();
    service = await startSubgraphService(conflictResolverService, {
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'error',
      INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
    });
    graphqlUrl = `${service.url}/graphql`;
  });

  after(async () => {
    await service?.close();
    await database?.drop();
  });

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await pendingSchemaChanges(service.dataSource), []);
  });

  test('lists only the caller tenant conflicts, page by page, with their values as JSON', async () => {
    const tenantA = `tenant-${randomUUID()}`;
    const first = await newConflict(tenantA, { fieldName: 'amount', zohoRecordId: '5725767000000419001' });
    await newConflict(tenantA, { fieldName: 'stage', baseValue: null, portalValue: 'Won', zohoValue: { id: '42', name: 'Closed Won' } });
    await newConflict(tenantA, { fieldName: 'probability', baseValue: 10, portalValue: 50, zohoValue: true });
    await newConflict(`tenant-${randomUUID()}`, { fieldName: 'theirs' });
    const query = `query($after: String) { conflicts(first: 2, after: $after) {
      edges { node { id fieldName recordModule portalRecordId zohoRecordId baseValue portalValue zohoValue
        portalChangedAt zohoChangedAt status resolution integration { id } } }
      pageInfo { hasNextPage endCursor } } }`;
    type Node = { id: string; fieldName: string; baseValue: unknown; portalValue: unknown; zohoValue: unknown } & Record<string, unknown>;
    type Page = { conflicts: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };

    const firstPage = await postGraphql<Page>(graphqlUrl, query, { headers: signedCallerHeaders({ tenantId: tenantA }) });
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

    const secondPage = await postGraphql<Page>(graphqlUrl, query, {
      variables: { after: firstPage.data?.conflicts.pageInfo.endCursor },
      headers: signedCallerHeaders({ tenantId: tenantA }),
    });
    assert.deepEqual(
      secondPage.data?.conflicts.edges.map(({ node }) => [node.fieldName, node.baseValue, node.portalValue, node.zohoValue]),
      [['probability', 10, 50, true]],
    );
    assert.equal(secondPage.data?.conflicts.pageInfo.hasNextPage, false);
  });

  test('filters by status and by integration', async () => {
    const tenantId = `tenant-${randomUUID()}`;
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
    await newConflict(`tenant-${randomUUID()}`, { fieldName: 'resolved, other tenant', status: ConflictStatus.RESOLVED });
    type Page = { conflicts: { edges: { node: Record<string, unknown> }[] } };
    const list = async (filter: string, fields = 'fieldName') =>
      (
        await postGraphql<Page>(graphqlUrl, `{ conflicts(first: 10, ${filter}) { edges { node { ${fields} } } } }`, {
          headers: signedCallerHeaders({ tenantId }),
        })
      ).data?.conflicts.edges.map(({ node }) => node);

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
    const tenantId = `tenant-${randomUUID()}`;
    const own = await newConflict(tenantId, { fieldName: 'mine' });
    const foreign = await newConflict(`tenant-${randomUUID()}`, { fieldName: 'theirs' });
    const query = 'query($id: ID!) { conflict(id: $id) { id fieldName } }';
    const headers = signedCallerHeaders({ tenantId });
    const found = await postGraphql<{ conflict: { id: string; fieldName: string } | null }>(graphqlUrl, query, {
      variables: { id: own.id },
      headers,
    });
    assert.deepEqual(found.data?.conflict, { id: own.id, fieldName: 'mine' });
    const hidden = await postGraphql<{ conflict: unknown }>(graphqlUrl, query, { variables: { id: foreign.id }, headers });
    assert.equal(hidden.errors, undefined);
    assert.equal(hidden.data?.conflict, null);
  });

  test('conflict references resolve in one query and never across tenants', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const own = await newConflict(tenantId, { fieldName: 'mine' });
    const foreign = await newConflict(`tenant-${randomUUID()}`, { fieldName: 'theirs' });
    const { result, statements } = await withSqlStatements(() =>
      postGraphql<{ _entities: ({ id: string; fieldName: string } | null)[] }>(
        graphqlUrl,
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Conflict { id fieldName } } }`,
        {
          variables: { representations: [own.id, foreign.id, own.id, 'not-a-uuid'].map((id) => ({ __typename: 'Conflict', id })) },
          headers: signedCallerHeaders({ tenantId }),
        },
      ),
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [{ id: own.id, fieldName: 'mine' }, null, { id: own.id, fieldName: 'mine' }, null]);
    assert.equal(statements.length, 1, `expected one SQL statement, got:\n${statements.join('\n')}`);
  });

  test("Deal.openConflicts lists the caller tenant's open deal conflicts, every deal in one query", async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const [dealWithTwo, dealWithOne, dealWithNone, contactId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const amount = await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'amount' });
    const stage = await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'stage' });
    await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'already resolved', status: ConflictStatus.RESOLVED });
    const closingDate = await newConflict(tenantId, { portalRecordId: dealWithOne, fieldName: 'closingDate' });
    await newConflict(tenantId, { portalRecordId: contactId, recordModule: RecordModule.CONTACTS, fieldName: 'email' });
    const otherTenantDeal = randomUUID();
    await newConflict(`tenant-${randomUUID()}`, { portalRecordId: otherTenantDeal, fieldName: 'theirs' });

    type Entities = { _entities: { id: string; openConflicts: { id: string; fieldName: string; status: string }[] }[] };
    const dealIds = [dealWithTwo, dealWithOne, dealWithNone, contactId, otherTenantDeal, 'not-a-uuid'];
    const { result, statements } = await withSqlStatements(() =>
      postGraphql<Entities>(
        graphqlUrl,
        `query($representations: [_Any!]!) { _entities(representations: $representations) {
          ... on Deal { id openConflicts { id fieldName status } } } }`,
        { variables: { representations: dealIds.map((id) => ({ __typename: 'Deal', id })) }, headers: signedCallerHeaders({ tenantId }) },
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
    assert.equal(statements.length, 1, `expected one SQL statement for ${dealIds.length} deals, got:\n${statements.join('\n')}`);
    assert.match(statements[0] ?? '', /FROM "conflict_resolver"\."conflicts"/);
  });

  test('bad arguments are refused with the field and the reason', async () => {
    const headers = signedCallerHeaders({ tenantId: 'tenant-x' });
    const badIntegration = await postGraphql(graphqlUrl, '{ conflicts(integrationId: "deal-42") { edges { node { id } } } }', { headers });
    assert.equal(badIntegration.errors?.[0]?.extensions?.['code'], 'INVALID_INTEGRATION_ID');
    assert.equal(badIntegration.errors?.[0]?.extensions?.['field'], 'integrationId');
    assert.equal(badIntegration.errors?.[0]?.message, 'integrationId must be a UUID');
    const emptyIntegration = await postGraphql(graphqlUrl, '{ conflicts(integrationId: "") { edges { node { id } } } }', { headers });
    assert.equal(emptyIntegration.errors?.[0]?.extensions?.['field'], 'integrationId');

    const tooMany = await postGraphql(graphqlUrl, '{ conflicts(first: 500) { edges { node { id } } } }', { headers });
    assert.equal(tooMany.errors?.[0]?.extensions?.['code'], 'INVALID_PAGE_SIZE');
    assert.equal(tooMany.errors?.[0]?.extensions?.['field'], 'first');

    const badCursor = await postGraphql(graphqlUrl, '{ conflicts(first: 5, after: "garbage") { edges { node { id } } } }', { headers });
    assert.equal(badCursor.errors?.[0]?.extensions?.['code'], 'INVALID_CURSOR');
    assert.equal(badCursor.errors?.[0]?.extensions?.['field'], 'after');

    const badStatus = await postGraphql(graphqlUrl, '{ conflicts(status: PENDING) { edges { node { id } } } }', { headers });
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.errors?.[0]?.message ?? '', /"PENDING" does not exist in "ConflictStatus"/);
  });

  test('refuses calls without a caller context', async () => {
    const missing = await postGraphql(graphqlUrl, '{ conflicts(first: 1) { edges { node { id } } } }');
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    assert.equal(missing.data, undefined);
  });

  test('serves liveness, readiness and Prometheus metrics', async () => {
    assert.equal((await fetch(`${service.url}/health/live`)).status, 200);
    const ready = await fetch(`${service.url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: { name: string; status: string }[] }).checks, [{ name: 'database', status: 'ok' }]);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    assert.match(metrics, /http_requests_total\{[^}]*route="\/graphql"[^}]*service="conflict-resolver"/);
  });
});
