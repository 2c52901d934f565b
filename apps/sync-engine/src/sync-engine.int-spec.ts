import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pendingSchemaChanges } from '@crm-bridge/persistence';
import { startSubgraphService, type RunningSubgraphService } from '@crm-bridge/service-runtime';
import { createTestDatabase, postGraphql, signedCallerHeaders, TEST_SIGNING_SECRET, type TestDatabase } from '@crm-bridge/testing';
import { CALLER_CONTEXT_HEADER, signCallerContext } from '@crm-bridge/caller-context';
import { syncEngineService } from './sync-engine.service-definition';
import { DealEntity } from './deal/deal.entity';

describe('sync-engine subgraph', () => {
  let database: TestDatabase;
  let service: RunningSubgraphService;
  let graphqlUrl: string;
  const integrationId = randomUUID();

  async function newDeal(tenantId: string, overrides: Partial<DealEntity> = {}): Promise<DealEntity> {
    const repository = service.dataSource.getRepository(DealEntity);
    return repository.save(repository.create({ tenantId, integrationId, name: 'Deal', phase: 'Qualified', zohoId: null, ...overrides }));
  }

  before(async () => {
    database = await createTestDatabase();
    service = await startSubgraphService(syncEngineService, {
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

  test('lists only the caller tenant deals, page by page', async () => {
    const tenantA = `tenant-${randomUUID()}`;
    const tenantB = `tenant-${randomUUID()}`;
    await newDeal(tenantA, { name: 'A1', amount: '1250.50', currencyCode: 'EUR', closingDate: '2026-12-31' });
    await newDeal(tenantA, { name: 'A2' });
    await newDeal(tenantA, { name: 'A3' });
    await newDeal(tenantB, { name: 'B1' });
    const query = `query($after: String) { deals(first: 2, after: $after) {
      edges { cursor node { name amount currencyCode closingDate integration { id } } }
      pageInfo { hasNextPage endCursor } } }`;
    type Page = { deals: { edges: { node: { name: string; amount: string | null; closingDate: string | null; integration: { id: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const first = await postGraphql<Page>(graphqlUrl, query, { headers: signedCallerHeaders({ tenantId: tenantA }) });
    assert.equal(first.errors, undefined);
    assert.deepEqual(first.data?.deals.edges.map((edge) => edge.node.name), ['A1', 'A2']);
    assert.equal(first.data?.deals.edges[0]?.node.amount, '1250.50');
    assert.equal(first.data?.deals.edges[0]?.node.closingDate, '2026-12-31');
    assert.equal(first.data?.deals.edges[0]?.node.integration.id, integrationId);
    assert.equal(first.data?.deals.pageInfo.hasNextPage, true);
    const second = await postGraphql<Page>(graphqlUrl, query, {
      variables: { after: first.data?.deals.pageInfo.endCursor },
      headers: signedCallerHeaders({ tenantId: tenantA }),
    });
    assert.deepEqual(second.data?.deals.edges.map((edge) => edge.node.name), ['A3']);
    assert.equal(second.data?.deals.pageInfo.hasNextPage, false);
  });

  test('entity references resolve in one batch and never across tenants', async () => {
    const tenantA = `tenant-${randomUUID()}`;
    const own = await newDeal(tenantA, { name: 'mine' });
    const foreign = await newDeal(`tenant-${randomUUID()}`, { name: 'theirs' });
    const result = await postGraphql<{ _entities: ({ id: string; name: string } | null)[] }>(
      graphqlUrl,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Deal { id name } } }`,
      {
        variables: { representations: [own.id, foreign.id, own.id, 'not-a-uuid'].map((id) => ({ __typename: 'Deal', id })) },
        headers: signedCallerHeaders({ tenantId: tenantA }),
      },
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [{ id: own.id, name: 'mine' }, null, { id: own.id, name: 'mine' }, null]);
  });

  test('refuses calls without, or with a forged, caller context', async () => {
    const query = '{ deals(first: 1) { edges { node { id } } } }';
    const missing = await postGraphql(graphqlUrl, query);
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    assert.equal(missing.data, undefined);

    const forgedWithOtherKey = await postGraphql(graphqlUrl, query, {
      headers: { [CALLER_CONTEXT_HEADER]: signCallerContext({ tenantId: 't', userId: 'u', roles: [] }, 'x'.repeat(64)) },
    });
    assert.equal(forgedWithOtherKey.status, 401);
    assert.equal(forgedWithOtherKey.errors?.[0]?.extensions?.['reason'], 'CALLER_CONTEXT_BAD_SIGNATURE');

    const [version, , signature] = (signedCallerHeaders({ tenantId: 'tenant-a' })[CALLER_CONTEXT_HEADER] ?? '').split('.');
    const otherPayload = Buffer.from(JSON.stringify({ tid: 'tenant-b', uid: 'u', roles: ['admin'], iat: 0, exp: 9_999_999_999 })).toString('base64url');
    const tampered = await postGraphql(graphqlUrl, query, { headers: { [CALLER_CONTEXT_HEADER]: `${version}.${otherPayload}.${signature}` } });
    assert.equal(tampered.status, 401);
  });

  test('bad arguments are refused with the field and the reason', async () => {
    const result = await postGraphql(graphqlUrl, '{ deals(first: 500) { edges { node { id } } } }', {
      headers: signedCallerHeaders({ tenantId: 'tenant-x' }),
    });
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'INVALID_PAGE_SIZE');
    assert.equal(result.errors?.[0]?.extensions?.['field'], 'first');
    assert.match(result.errors?.[0]?.message ?? '', /first must be between 1 and 100/);
    const badCursor = await postGraphql(graphqlUrl, '{ deals(first: 5, after: "garbage") { edges { node { id } } } }', {
      headers: signedCallerHeaders({ tenantId: 'tenant-x' }),
    });
    assert.equal(badCursor.errors?.[0]?.extensions?.['field'], 'after');
  });

  test('serves liveness, readiness and Prometheus metrics', async () => {
    assert.equal((await fetch(`${service.url}/health/live`)).status, 200);
    const ready = await fetch(`${service.url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: { name: string; status: string }[] }).checks, [{ name: 'database', status: 'ok' }]);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    assert.match(metrics, /http_requests_total\{[^}]*route="\/graphql"[^}]*service="sync-engine"/);
    assert.match(metrics, /graphql_operation_duration_seconds_count/);
  });
});
