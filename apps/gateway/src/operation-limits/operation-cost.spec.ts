import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { estimateOperationCost } from './operation-cost';

const schema = buildSchema(`
  type Query { deals(first: Int! = 20): DealConnection!  deal(id: ID!): Deal  tags: [String!]! }
  type DealConnection { edges: [DealEdge!]!  pageInfo: PageInfo! }
  type DealEdge { node: Deal! }
  type PageInfo { hasNextPage: Boolean! }
  type Deal { id: ID!  name: String!  conflicts: [Conflict!]!  versions(first: Int! = 20): [Version!]! }
  type Conflict { id: ID! }
  type Version { id: ID! }
`);

const costOf = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = getOperationAST(document);
  assert.ok(operation);
  return estimateOperationCost(schema, document, operation, variables, { assumedListSize: 10 });
};

describe('estimateOperationCost', () => {
  test('objects cost 1, scalars nothing', () => {
    assert.equal(costOf('{ deal(id: "1") { id name } }'), 1);
    assert.equal(costOf('{ tags }'), 0);
  });

  test('first: n counts the page under a connection n times, not its page info', () => {
    // deals 1 + pageInfo 1 + 100 × (edge 1 + node 1)
    assert.equal(costOf('{ deals(first: 100) { pageInfo { hasNextPage } edges { node { id } } } }'), 202);
  });

  test('the schema default and variables give the page size', () => {
    assert.equal(costOf('{ deals { edges { node { id } } } }'), 41);
    assert.equal(costOf('query($n: Int!) { deals(first: $n) { edges { node { id } } } }', { n: 50 }), 101);
    assert.equal(costOf('query($n: Int) { deals(first: $n) { edges { node { id } } } }', {}), 41);
  });

  test('a list without first counts the assumed size, and sizes multiply down the tree', () => {
    // 1 + 100 × (1 + 1 + 10 conflicts + 100 versions)
    assert.equal(costOf('{ deals(first: 100) { edges { node { conflicts { id } versions(first: 100) { id } } } } }'), 11201);
  });

  test('fragments count where they are spread, aliases each time', () => {
    const query = `{ a: deals(first: 10) { ...page } b: deals(first: 10) { ... on DealConnection { edges { node { id } } } } }
      fragment page on DealConnection { edges { node { id } } }`;
    assert.equal(costOf(query), 42);
  });

  test('variables that do not coerce give no estimate (execution refuses them)', () => {
    assert.equal(costOf('query($n: Int!) { deals(first: $n) { edges { node { id } } } }', { n: 'many' }), undefined);
  });
});
