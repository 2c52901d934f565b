import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  firstErrorCodeAndField,
  newTenantId,
  postGraphql,
  SubgraphServiceTestContext,
  TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
} from '@crm-bridge/testing';
import { authConnectorService } from './auth-connector.service-definition';
import { ZohoConnectionEntity } from './zoho-connection/zoho-connection.entity';
import { ZohoConnectionStatus } from './zoho-connection/zoho-connection.enums';

describe('auth-connector subgraph', () => {
  const ctx = SubgraphServiceTestContext.forSuite(authConnectorService, { environment: TEST_TOKEN_ENCRYPTION_ENVIRONMENT });

  /** A connected EU org with (fake) ciphertext in every token column. */
  function newConnection(tenantId: string, overrides: Partial<ZohoConnectionEntity> = {}): Promise<ZohoConnectionEntity> {
    return ctx.store(ZohoConnectionEntity, {
      tenantId,
      dataCentre: 'EU',
      accountsServer: 'https://accounts.zoho.eu',
      apiDomain: 'https://www.zohoapis.eu',
      zohoOrgId: `org-${randomUUID()}`,
      zohoOrgName: 'Org',
      grantedScopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.READ'],
      status: ZohoConnectionStatus.CONNECTED,
      encryptedRefreshToken: randomBytes(48),
      encryptedAccessToken: randomBytes(48),
      accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
      encryptionKeyId: 'key-1',
      connectedAt: new Date('2026-01-05T09:30:00.000Z'),
      lastRefreshedAt: null,
      lastErrorCode: null,
      ...overrides,
    });
  }

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  test('lists only the caller tenant connections, page by page', async () => {
    const tenantA = newTenantId();
    const first = await newConnection(tenantA, {
      dataCentre: 'IN',
      accountsServer: 'https://accounts.zoho.in',
      apiDomain: 'https://www.zohoapis.in',
      zohoOrgName: 'A1',
      status: ZohoConnectionStatus.REFRESH_FAILED,
      lastRefreshedAt: new Date('2026-02-01T10:00:00.000Z'),
      lastErrorCode: 'invalid_code',
    });
    await newConnection(tenantA, { zohoOrgName: 'A2' });
    await newConnection(tenantA, { zohoOrgName: null, zohoOrgId: null, status: ZohoConnectionStatus.DISCONNECTED, connectedAt: null });
    await newConnection(newTenantId(), { zohoOrgName: 'B1' });
    const query = `query($after: String) { zohoConnections(first: 2, after: $after) {
      edges { node { id dataCentre accountsServer apiDomain zohoOrgId zohoOrgName grantedScopes status connectedAt lastRefreshedAt lastErrorCode } }
      pageInfo { hasNextPage endCursor } } }`;
    type Node = Record<string, unknown> & { zohoOrgName: string | null; status: string };
    type Page = { zohoConnections: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const firstPage = await ctx.query<Page>(tenantA, query);
    assert.equal(firstPage.errors, undefined);
    assert.deepEqual(
      firstPage.data?.zohoConnections.edges.map((edge) => edge.node.zohoOrgName),
      ['A1', 'A2'],
    );
    assert.deepEqual(firstPage.data?.zohoConnections.edges[0]?.node, {
      id: first.id,
      dataCentre: 'IN',
      accountsServer: 'https://accounts.zoho.in',
      apiDomain: 'https://www.zohoapis.in',
      zohoOrgId: first.zohoOrgId,
      zohoOrgName: 'A1',
      grantedScopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.READ'],
      status: 'REFRESH_FAILED',
      connectedAt: '2026-01-05T09:30:00.000Z',
      lastRefreshedAt: '2026-02-01T10:00:00.000Z',
      lastErrorCode: 'invalid_code',
    });
    assert.equal(firstPage.data?.zohoConnections.pageInfo.hasNextPage, true);
    const secondPage = await ctx.query<Page>(tenantA, query, { after: firstPage.data?.zohoConnections.pageInfo.endCursor });
    assert.equal(secondPage.errors, undefined);
    assert.deepEqual(
      secondPage.data?.zohoConnections.edges.map((edge) => [edge.node.zohoOrgName, edge.node.status, edge.node['connectedAt']]),
      [[null, 'DISCONNECTED', null]],
    );
    assert.equal(secondPage.data?.zohoConnections.pageInfo.hasNextPage, false);
  });

  test('a connection by id is found for its own tenant only', async () => {
    const tenantA = newTenantId();
    const own = await newConnection(tenantA, { zohoOrgName: 'mine' });
    const foreign = await newConnection(newTenantId(), { zohoOrgName: 'theirs' });
    const query = 'query($id: ID!) { zohoConnection(id: $id) { id zohoOrgName } }';
    const found = await ctx.query(tenantA, query, { id: own.id });
    assert.deepEqual(found.data, { zohoConnection: { id: own.id, zohoOrgName: 'mine' } });
    const hidden = await ctx.query(tenantA, query, { id: foreign.id });
    assert.equal(hidden.errors, undefined);
    assert.deepEqual(hidden.data, { zohoConnection: null });
  });

  test('entity references resolve, duplicates included, and never across tenants', async () => {
    const tenantA = newTenantId();
    const own = await newConnection(tenantA, { zohoOrgName: 'mine' });
    const foreign = await newConnection(newTenantId(), { zohoOrgName: 'theirs' });
    const result = await ctx.query<{ _entities: ({ id: string; zohoOrgName: string } | null)[] }>(
      tenantA,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ZohoConnection { id zohoOrgName } } }`,
      { representations: [own.id, foreign.id, own.id, 'not-a-uuid'].map((id) => ({ __typename: 'ZohoConnection', id })) },
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [{ id: own.id, zohoOrgName: 'mine' }, null, { id: own.id, zohoOrgName: 'mine' }, null]);
  });

  test('no token, secret or key field is reachable through the schema', async () => {
    const connectionType = await ctx.query<{ __type: { fields: { name: string }[] } | null }>(
      'tenant-x',
      '{ __type(name: "ZohoConnection") { fields { name } } }',
    );
    const fieldNames = connectionType.data?.__type?.fields.map((field) => field.name) ?? [];
    assert.ok(fieldNames.includes('grantedScopes'), `introspection returned ZohoConnection fields: ${fieldNames.join(', ')}`);
    assert.deepEqual(
      fieldNames.filter((name) => /token/i.test(name)),
      [],
    );

    const everyType = await ctx.query<{ __schema: { types: { name: string; fields: { name: string }[] | null }[] } }>(
      'tenant-x',
      '{ __schema { types { name fields { name } } } }',
    );
    const exposed = (everyType.data?.__schema.types ?? [])
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) => (type.fields ?? []).map((field) => `${type.name}.${field.name}`));
    assert.ok(exposed.includes('ZohoConnection.status'));
    // The one exception, on purpose: a new partner API key is returned once, by createApiKey.
    assert.deepEqual(
      exposed.filter((name) => /token|encrypt|secret|key/i.test(name.replace(/api_?keys?/gi, ''))),
      ['CreatedApiKey.key'],
    );
  });

  test('bad arguments are refused with the field and the reason', async () => {
    const tooMany = await ctx.query('tenant-x', '{ zohoConnections(first: 500) { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(tooMany), { code: 'INVALID_PAGE_SIZE', field: 'first' });
    assert.match(tooMany.errors?.[0]?.message ?? '', /first must be between 1 and 100/);
    const badCursor = await ctx.query('tenant-x', '{ zohoConnections(first: 5, after: "garbage") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(badCursor), { code: 'INVALID_CURSOR', field: 'after' });
  });

  test('refuses calls without a caller context', async () => {
    const missing = await postGraphql(ctx.graphqlUrl, '{ zohoConnections(first: 1) { edges { node { id } } } }');
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
  });
});
