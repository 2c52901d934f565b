import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Lexer, Source, TokenKind } from 'graphql';
import { METRIC_NAMES } from '@crm-bridge/observability';
import { createTestDatabase, postGraphql, type GraphqlHttpResult, type TestDatabase } from '@crm-bridge/testing';
import { startLocalSystem, type LocalSystem } from './support/local-system';
import { factories } from './support/factories';

/** Lexical tokens in a document, counted as the gateway's token limit counts them. */
function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) {
    count += 1;
  }
  return count;
}

/** `count` aliased copies of `field`, in one query. */
function aliased(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ')} }`;
}

const DEAL_IDS = (first: number) => `deals(first: ${first}) { edges { node { id } } }`;
/** Depth 5 (deals, edges, node, integration, name) and depth 6 (… connection, dataCentre). */
const DEPTH_5 = '{ deals(first: 1) { edges { node { integration { name } } } } }';
const DEPTH_6 = '{ deals(first: 1) { edges { node { integration { connection { dataCentre } } } } } }';

describe('gateway limits on client operations', () => {
  let database: TestDatabase;
  let system: LocalSystem;
  let authorization: Record<string, string>;

  /** Requests every subgraph has answered on /graphql so far, from their own metrics. */
  const subgraphRequests = async (): Promise<number> => {
    let total = 0;
    for (const service of Object.values(system.services)) {
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      for (const line of metrics.split('\n')) {
        if (line.startsWith(`${METRIC_NAMES.httpRequests}{`) && line.includes('route="/graphql"')) {
          total += Number(line.slice(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return total;
  };

  /** Posts `query` and tells whether any subgraph was asked anything meanwhile. */
  const ask = async (graphqlUrl: string, query: string, variables?: Record<string, unknown>) => {
    const before = await subgraphRequests();
    const result = await postGraphql<Record<string, unknown>>(graphqlUrl, query, {
      headers: authorization,
      ...(variables ? { variables } : {}),
    });
    return { result, subgraphRequests: (await subgraphRequests()) - before };
  };

  const assertRefused = (
    { result, subgraphRequests: requests }: { result: GraphqlHttpResult<unknown>; subgraphRequests: number },
    code: string,
    message: RegExp,
  ) => {
    assert.equal(result.data ?? null, null, JSON.stringify(result));
    assert.ok(result.errors && result.errors.length > 0, JSON.stringify(result));
    assert.deepEqual(
      result.errors.map((error) => error.extensions?.['code']),
      result.errors.map(() => code),
    );
    assert.match(result.errors[0]?.message ?? '', message);
    assert.equal(requests, 0, 'no subgraph may be called for a refused operation');
  };

  const assertAnswered = ({ result, subgraphRequests: requests }: { result: GraphqlHttpResult<unknown>; subgraphRequests: number }) => {
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.ok(result.data);
    assert.ok(requests > 0, 'an accepted operation reaches the subgraphs');
  };

  /** A gateway over the same subgraphs with these settings; its GraphQL URL. */
  const gatewayWith = async (environment: Record<string, string>) => `${(await system.startExtraGateway(environment)).url}/graphql`;

  before(async () => {
    database = await createTestDatabase();
    system = await startLocalSystem(database.url);
    const tenantId = `tenant-${randomUUID()}`;
    const make = factories((service) => system.dataSource(service));
    const connection = await make.newConnection(tenantId);
    const integration = await make.newIntegration(tenantId, connection.id);
    await make.newDeal(tenantId, integration.id, { name: 'Limits deal' });
    authorization = { authorization: `Bearer ${await system.tokenFor({ tenantId })}` };
  });

  after(async () => {
    await system?.close();
    await database?.drop();
  });

  test('a document over the token limit is refused while parsing; one at the limit is answered', async () => {
    const atLimit = aliased(2, DEAL_IDS(1));
    const overLimit = aliased(2, DEAL_IDS(1)).replace('{ id }', '{ id __typename }');
    assert.equal(tokenCount(overLimit), tokenCount(atLimit) + 1);
    const graphqlUrl = await gatewayWith({ GRAPHQL_MAX_TOKENS: String(tokenCount(atLimit)) });

    assertRefused(
      await ask(graphqlUrl, overLimit),
      'OPERATION_TOO_MANY_TOKENS',
      new RegExp(`^Token limit of ${tokenCount(atLimit)} exceeded`),
    );
    assertAnswered(await ask(graphqlUrl, atLimit));
  });

  test('an operation deeper than the limit is refused; one at the limit is answered', async () => {
    const graphqlUrl = await gatewayWith({ GRAPHQL_MAX_DEPTH: '5' });

    assertRefused(await ask(graphqlUrl, DEPTH_6), 'OPERATION_TOO_DEEP', /^Query depth limit of 5 exceeded, found 6\.$/);
    assertAnswered(await ask(graphqlUrl, DEPTH_5));
  });

  test('an operation with more aliases than the limit is refused; one at the limit is answered', async () => {
    const graphqlUrl = await gatewayWith({ GRAPHQL_MAX_ALIASES: '3' });

    assertRefused(await ask(graphqlUrl, aliased(4, DEAL_IDS(1))), 'OPERATION_TOO_MANY_ALIASES', /^Aliases limit of 3 exceeded, found 4\.$/);
    assertAnswered(await ask(graphqlUrl, aliased(3, DEAL_IDS(1))));
  });

  test('an operation over the cost limit is refused, page sizes multiplying, also from variables; one at the limit is answered', async () => {
    // deals (1) + first × (edge 1 + node 1): first: 100 costs 201.
    const graphqlUrl = await gatewayWith({ GRAPHQL_MAX_COST: '201' });
    const byVariable = 'query Deals($first: Int!) { deals(first: $first) { edges { node { id } } } }';

    assertRefused(
      await ask(graphqlUrl, `{ ${DEAL_IDS(101)} }`),
      'OPERATION_TOO_EXPENSIVE',
      /^Operation cost limit of 201 exceeded, found 203 /,
    );
    assertRefused(await ask(graphqlUrl, byVariable, { first: 101 }), 'OPERATION_TOO_EXPENSIVE', /found 203 /);
    assertAnswered(await ask(graphqlUrl, `{ ${DEAL_IDS(100)} }`));
    assertAnswered(await ask(graphqlUrl, byVariable, { first: 100 }));
  });

  test('by default, 2,000 aliases of deals(first: 100) are refused before any subgraph is asked', async () => {
    const attack = aliased(2000, DEAL_IDS(100));
    const started = Date.now();
    assertRefused(await ask(`${system.gateway.url}/graphql`, attack), 'OPERATION_TOO_MANY_TOKENS', /^Token limit of 2000 exceeded/);
    assert.ok(Date.now() - started < 2000, `refused in ${Date.now() - started} ms`);
    // Under the token limit, the alias and cost limits hold: 16 aliases of a page of 100.
    assertRefused(await ask(`${system.gateway.url}/graphql`, aliased(16, DEAL_IDS(100))), 'OPERATION_TOO_MANY_ALIASES', /found 16/);
    // 1 + 100 × (edge + node + 10 assumed open conflicts) = 1201 a page; five pages cost 6005.
    const pageWithConflicts = 'deals(first: 100) { edges { node { id openConflicts { id } } } }';
    assertRefused(
      await ask(`${system.gateway.url}/graphql`, aliased(5, pageWithConflicts)),
      'OPERATION_TOO_EXPENSIVE',
      /^Operation cost limit of 5000 exceeded, found 6005 /,
    );
    assertAnswered(await ask(`${system.gateway.url}/graphql`, aliased(4, pageWithConflicts)));
  });

  test('introspection is on by default and refused with a code when switched off', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const answered = await ask(`${system.gateway.url}/graphql`, introspection);
    assert.deepEqual(answered.result.data, { __schema: { queryType: { name: 'Query' } } });

    const graphqlUrl = await gatewayWith({ GRAPHQL_INTROSPECTION: 'false' });
    assertRefused(await ask(graphqlUrl, introspection), 'INTROSPECTION_DISABLED', /introspection has been disabled/);
    assertRefused(await ask(graphqlUrl, '{ __type(name: "Deal") { name } }'), 'INTROSPECTION_DISABLED', /introspection has been disabled/);
    const typename = await ask(graphqlUrl, '{ __typename }');
    assert.deepEqual(typename.result.data, { __typename: 'Query' });
  });

  test('field suggestions are given by default and hidden when switched off', async () => {
    const misspelt = '{ dealz(first: 1) { edges { node { id } } } }';
    const suggested = await ask(`${system.gateway.url}/graphql`, misspelt);
    assert.match(suggested.result.errors?.[0]?.message ?? '', /Did you mean "deal", "deals"/);

    const graphqlUrl = await gatewayWith({ GRAPHQL_FIELD_SUGGESTIONS: 'false' });
    const hidden = await ask(graphqlUrl, misspelt);
    assert.match(hidden.result.errors?.[0]?.message ?? '', /^Cannot query field "dealz" on type "Query"\.$/);
    assert.doesNotMatch(JSON.stringify(hidden.result), /Did you mean/);
    assert.equal(hidden.subgraphRequests, 0);
  });
});
