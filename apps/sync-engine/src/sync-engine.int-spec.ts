import 'reflect-metadata';
import { SYNC_METRIC_NAMES } from '@crm-bridge/observability';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstErrorCodeAndField, newTenantId, postGraphql, signedCallerHeaders } from '@crm-bridge/testing';
import { decodeJwt } from 'jose';
import { CALLER_CONTEXT_HEADER, signCallerContext } from '@crm-bridge/caller-context';
import { SyncEngineTestContext } from './sync-engine.test-context';

describe('sync-engine subgraph', () => {
  const ctx = SyncEngineTestContext.forSuite();

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  test('lists only the caller tenant deals, page by page', async () => {
    const tenantA = newTenantId();
    const tenantB = newTenantId();
    await ctx.newDeal(tenantA, { name: 'A1', amount: '1250.50', currencyCode: 'EUR', closingDate: '2026-12-31' });
    await ctx.newDeal(tenantA, { name: 'A2' });
    await ctx.newDeal(tenantA, { name: 'A3' });
    await ctx.newDeal(tenantB, { name: 'B1' });
    const query = `query($after: String) { deals(first: 2, after: $after) {
      edges { cursor node { name amount currencyCode closingDate integration { id } } }
      pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      deals: {
        edges: { node: { name: string; amount: string | null; closingDate: string | null; integration: { id: string } } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await ctx.query<Page>(tenantA, query);
    assert.equal(first.errors, undefined);
    assert.deepEqual(
      first.data?.deals.edges.map((edge) => edge.node.name),
      ['A1', 'A2'],
    );
    assert.equal(first.data?.deals.edges[0]?.node.amount, '1250.50');
    assert.equal(first.data?.deals.edges[0]?.node.closingDate, '2026-12-31');
    assert.equal(first.data?.deals.edges[0]?.node.integration.id, ctx.integrationId);
    assert.equal(first.data?.deals.pageInfo.hasNextPage, true);
    const second = await ctx.query<Page>(tenantA, query, { after: first.data?.deals.pageInfo.endCursor });
    assert.deepEqual(
      second.data?.deals.edges.map((edge) => edge.node.name),
      ['A3'],
    );
    assert.equal(second.data?.deals.pageInfo.hasNextPage, false);
  });

  test('entity references resolve in one batch and never across tenants', async () => {
    const tenantA = newTenantId();
    const own = await ctx.newDeal(tenantA, { name: 'mine' });
    const foreign = await ctx.newDeal(newTenantId(), { name: 'theirs' });
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<{ _entities: ({ id: string; name: string } | null)[] }>(
        tenantA,
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Deal { id name } } }`,
        { representations: [own.id, foreign.id, own.id, 'not-a-uuid'].map((id) => ({ __typename: 'Deal', id })) },
      ),
    );
    assert.equal(result.errors, undefined);
    assert.equal(
      sql.filter((statement) => statement.includes('"sync_engine"."deals"')).length,
      1,
      'one deals query for all representations',
    );
    assert.deepEqual(result.data?._entities, [{ id: own.id, name: 'mine' }, null, { id: own.id, name: 'mine' }, null]);
  });

  test('refuses calls without a caller context, with a forged one, or with one meant for another subgraph', async () => {
    const query = '{ deals(first: 1) { edges { node { id } } } }';
    const missing = await postGraphql(ctx.graphqlUrl, query);
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    assert.equal(missing.data, undefined);

    const forgedWithOtherKey = await postGraphql(ctx.graphqlUrl, query, {
      headers: {
        [CALLER_CONTEXT_HEADER]: await signCallerContext({ tenantId: 't', userId: 'u', roles: [] }, 'x'.repeat(64), {
          audience: 'sync-engine',
        }),
      },
    });
    assert.equal(forgedWithOtherKey.status, 401);
    assert.equal(forgedWithOtherKey.errors?.[0]?.extensions?.['reason'], 'CALLER_CONTEXT_BAD_SIGNATURE');

    const genuine = (await signedCallerHeaders('sync-engine', { tenantId: 'tenant-a' }))[CALLER_CONTEXT_HEADER] ?? '';
    const [protectedHeader, , signature] = genuine.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...decodeJwt(genuine), tenant_id: 'tenant-b' })).toString('base64url');
    const tampered = await postGraphql(ctx.graphqlUrl, query, {
      headers: { [CALLER_CONTEXT_HEADER]: `${protectedHeader}.${otherPayload}.${signature}` },
    });
    assert.equal(tampered.status, 401);
    assert.equal(tampered.errors?.[0]?.extensions?.['reason'], 'CALLER_CONTEXT_BAD_SIGNATURE');

    const meantForAnotherSubgraph = await postGraphql(ctx.graphqlUrl, query, {
      headers: await signedCallerHeaders('conflict-resolver', { tenantId: 'tenant-a' }),
    });
    assert.equal(meantForAnotherSubgraph.status, 401);
    assert.equal(meantForAnotherSubgraph.errors?.[0]?.extensions?.['reason'], 'CALLER_CONTEXT_WRONG_AUDIENCE');
  });

  test('bad arguments are refused with the field and the reason', async () => {
    const result = await ctx.query('tenant-x', '{ deals(first: 500) { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(result), { code: 'INVALID_PAGE_SIZE', field: 'first' });
    assert.match(result.errors?.[0]?.message ?? '', /first must be between 1 and 100/);
    const badCursor = await ctx.query('tenant-x', '{ deals(first: 5, after: "garbage") { edges { node { id } } } }');
    assert.equal(badCursor.errors?.[0]?.extensions?.['field'], 'after');
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
    assert.match(metrics, /http_requests_total\{[^}]*route="\/graphql"[^}]*service="sync-engine"/);
    assert.match(metrics, /graphql_operation_duration_seconds_count/);
    // sync-engine's own per-integration metrics are registered (series appear as integrations sync).
    for (const name of Object.values(SYNC_METRIC_NAMES)) {
      assert.match(metrics, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
  });
});
