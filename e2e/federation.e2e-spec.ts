import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import type { FormattedExecutionResult } from 'graphql';
import { CALLER_CONTEXT_HEADER, signCallerContext } from '@crm-bridge/caller-context';
import { createTestDatabase, postGraphql, TEST_SIGNING_SECRET, type TestDatabase } from '@crm-bridge/testing';
import { startLocalSystem, type LocalSystem } from './support/local-system';
import { factories } from './support/factories';
import { graphqlRequestsServed } from './support/service-metrics';

const DEALS_WITH_JOINS = `{
  deals(first: 10) {
    edges { node {
      name
      integration { name timeZone connection { dataCentre status zohoOrgName } }
      openConflicts { fieldName }
    } }
  }
}`;

interface DealsWithJoins {
  deals: {
    edges: {
      node: {
        name: string;
        integration: { name: string; timeZone: string; connection: { dataCentre: string; status: string; zohoOrgName: string } };
        openConflicts: { fieldName: string }[];
      };
    }[];
  };
}

describe('federated API through the gateway', () => {
  let database: TestDatabase;
  let system: LocalSystem;
  let graphqlUrl: string;
  const tenantA = `tenant-a-${randomUUID()}`;
  const tenantB = `tenant-b-${randomUUID()}`;
  let dealOfA: { id: string };

  const asUser = async (tenantId: string) => ({ authorization: `Bearer ${await system.tokenFor({ tenantId })}` });

  before(async () => {
    database = await createTestDatabase();
    system = await startLocalSystem(database.url);
    graphqlUrl = `${system.gateway.url}/graphql`;
    const make = factories((service) => system.dataSource(service));
    const connection = await make.newConnection(tenantA, { zohoOrgName: 'Acme GmbH' });
    const integration = await make.newIntegration(tenantA, connection.id, { name: 'EU portal', timeZone: 'Europe/Berlin' });
    dealOfA = await make.newDeal(tenantA, integration.id, { name: 'Solar roof' });
    await make.newOpenConflict(tenantA, dealOfA as never, 'Amount');
    await make.newDeal(tenantA, integration.id, { name: 'Heat pump' });
    const connectionB = await make.newConnection(tenantB);
    const integrationB = await make.newIntegration(tenantB, connectionB.id, { name: 'B portal' });
    await make.newDeal(tenantB, integrationB.id, { name: 'B deal' });
  });

  after(async () => {
    await system?.close();
    await database?.drop();
  });

  test('one query joins fields from all four subgraphs', async () => {
    const result = await postGraphql<DealsWithJoins>(graphqlUrl, DEALS_WITH_JOINS, { headers: await asUser(tenantA) });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const byName = new Map(result.data?.deals.edges.map((edge) => [edge.node.name, edge.node]));
    assert.deepEqual([...byName.keys()].sort(), ['Heat pump', 'Solar roof']);
    assert.deepEqual(byName.get('Solar roof'), {
      name: 'Solar roof',
      integration: {
        name: 'EU portal',
        timeZone: 'Europe/Berlin',
        connection: { dataCentre: 'EU', status: 'CONNECTED', zohoOrgName: 'Acme GmbH' },
      },
      openConflicts: [{ fieldName: 'Amount' }],
    });
    assert.deepEqual(byName.get('Heat pump')?.openConflicts, []);
  });

  test('another tenant sees only its own records, even when it names our ids', async () => {
    const headers = await asUser(tenantB);
    const list = await postGraphql<DealsWithJoins>(graphqlUrl, DEALS_WITH_JOINS, { headers });
    assert.deepEqual(
      list.data?.deals.edges.map((edge) => edge.node.name),
      ['B deal'],
    );
    const byId = await postGraphql<{ deal: unknown }>(graphqlUrl, 'query($id: ID!) { deal(id: $id) { id name } }', {
      variables: { id: dealOfA.id },
      headers,
    });
    assert.equal(byId.errors, undefined);
    assert.equal(byId.data?.deal, null);
  });

  test('identical queries in flight for two tenants are never merged into one answer', async () => {
    const [headersA, headersB] = await Promise.all([asUser(tenantA), asUser(tenantB)]);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => {
        const tenant = index % 2 === 0 ? 'A' : 'B';
        return postGraphql<DealsWithJoins>(graphqlUrl, DEALS_WITH_JOINS, { headers: tenant === 'A' ? headersA : headersB }).then(
          (result) => ({
            tenant,
            names: result.data?.deals.edges.map((edge) => edge.node.name).sort(),
          }),
        );
      }),
    );
    for (const result of results) {
      assert.deepEqual(result.names, result.tenant === 'A' ? ['Heat pump', 'Solar roof'] : ['B deal']);
    }
  });

  test('identical queries in flight for one caller still share one subgraph request (one token per caller and subgraph)', async () => {
    const query = '{ deals(first: 10) { edges { node { name } } } }';
    const headers = await asUser(tenantA);
    const syncEngineRequestsDuring = async (url: string) => {
      const before = await graphqlRequestsServed(system.services['sync-engine'].url);
      const results = await Promise.all(Array.from({ length: 20 }, () => postGraphql(url, query, { headers })));
      assert.ok(results.every((result) => result.errors === undefined));
      return (await graphqlRequestsServed(system.services['sync-engine'].url)) - before;
    };
    const unmergedGateway = await system.startExtraGateway({ SUBGRAPH_REQUEST_MERGING: 'false' });
    assert.equal(
      await syncEngineRequestsDuring(`${unmergedGateway.url}/graphql`),
      20,
      'without merging every request reaches the subgraph',
    );
    assert.ok((await syncEngineRequestsDuring(graphqlUrl)) < 20, 'the same caller signed identical headers, so requests merged');
  });

  test('a caller context sent by a client is never trusted', async () => {
    // Validly signed for sync-engine (the subgraph serving deals): only the gateway's replacing it keeps tenant B out.
    const spoofed = await signCallerContext({ tenantId: tenantA, userId: 'intruder', roles: ['admin'] }, TEST_SIGNING_SECRET, {
      audience: 'sync-engine',
    });
    const result = await postGraphql<DealsWithJoins>(graphqlUrl, DEALS_WITH_JOINS, {
      headers: { ...(await asUser(tenantB)), [CALLER_CONTEXT_HEADER]: spoofed },
    });
    assert.deepEqual(
      result.data?.deals.edges.map((edge) => edge.node.name),
      ['B deal'],
    );
    const viaExtensions = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser(tenantB)) },
      body: JSON.stringify({ query: DEALS_WITH_JOINS, extensions: { headers: { [CALLER_CONTEXT_HEADER]: spoofed } } }),
    });
    const body = (await viaExtensions.json()) as { data?: DealsWithJoins };
    assert.deepEqual(
      body.data?.deals.edges.map((edge) => edge.node.name),
      ['B deal'],
    );
  });

  test('requests without a valid user token are refused with 401 and a reason', async () => {
    const query = '{ deals(first: 1) { edges { node { id } } } }';
    const missing = await postGraphql(graphqlUrl, query);
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0]?.extensions?.['code'], 'USER_TOKEN_MISSING');

    const wrongKey = await new SignJWT({ tenant_id: tenantA, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('k'.repeat(64)));
    const forged = await postGraphql(graphqlUrl, query, { headers: { authorization: `Bearer ${wrongKey}` } });
    assert.equal(forged.status, 401);
    assert.equal(forged.errors?.[0]?.extensions?.['code'], 'USER_TOKEN_INVALID');

    const noTenant = await postGraphql(graphqlUrl, query, { headers: await asUser('') });
    assert.equal(noTenant.status, 401);
    assert.equal(noTenant.errors?.[0]?.extensions?.['code'], 'USER_TOKEN_CLAIMS_INVALID');
    assert.match(noTenant.errors?.[0]?.message ?? '', /tenant_id/);
  });

  test('graphql-ws on the same endpoint authenticates from connection params', async () => {
    const wsUrl = graphqlUrl.replace('http://', 'ws://');
    const run = (connectionParams: Record<string, unknown>) =>
      new Promise<FormattedExecutionResult<Record<string, unknown>, unknown>>((resolve, reject) => {
        const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
        let settled = false;
        client.subscribe(
          { query: '{ deals(first: 5) { edges { node { name } } } }' },
          {
            next: (value) => {
              settled = true;
              resolve(value);
            },
            error: (error) => (settled ? undefined : reject(error instanceof Error ? error : new Error(JSON.stringify(error)))),
            complete: () => void client.dispose(),
          },
        );
      });
    const authorised = await run({ authorization: `Bearer ${await system.tokenFor({ tenantId: tenantB })}` });
    assert.deepEqual(authorised.data, { deals: { edges: [{ node: { name: 'B deal' } }] } });
    const anonymous = await run({});
    assert.equal(anonymous.data ?? null, null);
    assert.equal(anonymous.errors?.[0]?.extensions?.['code'], 'USER_TOKEN_MISSING');
  });

  test('the gateway reports health and metrics', async () => {
    assert.equal((await fetch(`${system.gateway.url}/health/live`)).status, 200);
    assert.equal((await fetch(`${system.gateway.url}/health/ready`)).status, 200);
    const metrics = await (await fetch(`${system.gateway.url}/metrics`)).text();
    assert.match(metrics, /http_requests_total\{[^}]*route="\/graphql"[^}]*\}/);
  });
});
