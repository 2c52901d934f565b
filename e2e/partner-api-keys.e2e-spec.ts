import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import type { FormattedExecutionResult } from 'graphql';
import { createTestDatabase, postGraphql, TEST_SIGNING_SECRET, type GraphqlHttpResult, type TestDatabase } from '@crm-bridge/testing';
import { ApiKeyVerifier } from '../apps/gateway/src/authentication/api-key.verifier';
import { ApiKeyException } from '../apps/gateway/src/authentication/api-key.exception';
import { startLocalSystem, type LocalSystem } from './support/local-system';
import { factories } from './support/factories';
import { graphqlRequestsServed } from './support/service-metrics';

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const KEYS = `{ apiKeys(first: 50) { edges { node { id lastUsedAt revokedAt } } } }`;
const DEAL_NAMES = `{ deals(first: 10) { edges { node { name integration { name } } } } }`;

type Keys = { apiKeys: { edges: { node: { id: string; lastUsedAt: string | null; revokedAt: string | null } }[] } };
type Deals = { deals: { edges: { node: { name: string; integration: { name: string } } }[] } };

describe('partner API keys through the gateway', () => {
  let database: TestDatabase;
  let system: LocalSystem;
  let graphqlUrl: string;
  const tenantA = `tenant-a-${randomUUID()}`;
  const tenantB = `tenant-b-${randomUUID()}`;

  const asAdmin = async (tenantId: string) => ({ authorization: `Bearer ${await system.tokenFor({ tenantId, roles: ['admin'] })}` });
  const withKey = (key: string) => ({ authorization: `ApiKey ${key}` });

  async function createKey(tenantId: string, rights: string[]): Promise<{ key: string; id: string }> {
    const created = await postGraphql<{ createApiKey: { key: string; apiKey: { id: string } } }>(graphqlUrl, CREATE_KEY, {
      variables: { input: { name: `e2e ${rights.join('+')}`, rights } },
      headers: await asAdmin(tenantId),
    });
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    return { key: created.data!.createApiKey.key, id: created.data!.createApiKey.apiKey.id };
  }

  async function keyAsAdminSees(tenantId: string, id: string) {
    const listed = await postGraphql<Keys>(graphqlUrl, KEYS, { headers: await asAdmin(tenantId) });
    assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
    return listed.data?.apiKeys.edges.map((edge) => edge.node).find((node) => node.id === id);
  }

  const dealNames = (result: GraphqlHttpResult<Deals>) => result.data?.deals.edges.map((edge) => edge.node.name).sort();
  const refusal = (result: GraphqlHttpResult<unknown>) => ({ status: result.status, code: result.errors?.[0]?.extensions?.['code'] });

  before(async () => {
    database = await createTestDatabase();
    system = await startLocalSystem(database.url);
    graphqlUrl = `${system.gateway.url}/graphql`;
    const make = factories((service) => system.dataSource(service));
    const connectionA = await make.newConnection(tenantA);
    const integrationA = await make.newIntegration(tenantA, connectionA.id, { name: 'A portal' });
    await make.newDeal(tenantA, integrationA.id, { name: 'Solar roof' });
    await make.newDeal(tenantA, integrationA.id, { name: 'Heat pump' });
    const connectionB = await make.newConnection(tenantB);
    const integrationB = await make.newIntegration(tenantB, connectionB.id, { name: 'B portal' });
    await make.newDeal(tenantB, integrationB.id, { name: 'B deal' });
  });

  after(async () => {
    await system?.close();
    await database?.drop();
  });

  test("a READ key queries its own tenant's deals, across subgraphs, by either header, and its use is recorded", async () => {
    const { key, id } = await createKey(tenantA, ['READ']);
    assert.equal((await keyAsAdminSees(tenantA, id))?.lastUsedAt, null);

    const byAuthorization = await postGraphql<Deals>(graphqlUrl, DEAL_NAMES, { headers: withKey(key) });
    assert.equal(byAuthorization.errors, undefined, JSON.stringify(byAuthorization.errors));
    assert.deepEqual(dealNames(byAuthorization), ['Heat pump', 'Solar roof']);
    assert.deepEqual(
      byAuthorization.data?.deals.edges.map((edge) => edge.node.integration.name),
      ['A portal', 'A portal'],
    );
    const byKeyHeader = await postGraphql<Deals>(graphqlUrl, DEAL_NAMES, { headers: { 'x-api-key': key } });
    assert.deepEqual(dealNames(byKeyHeader), ['Heat pump', 'Solar roof']);

    const lastUsedAt = (await keyAsAdminSees(tenantA, id))?.lastUsedAt;
    assert.ok(lastUsedAt && Date.now() - Date.parse(lastUsedAt) < 60_000, `lastUsedAt moved: ${String(lastUsedAt)}`);

    // Tenant B's admin sees nothing of A's key and cannot revoke it.
    assert.equal(await keyAsAdminSees(tenantB, id), undefined);
    const revokedByB = await postGraphql(graphqlUrl, REVOKE_KEY, { variables: { id }, headers: await asAdmin(tenantB) });
    assert.equal(revokedByB.errors?.[0]?.extensions?.['code'], 'API_KEY_NOT_FOUND');
    assert.deepEqual(dealNames(await postGraphql<Deals>(graphqlUrl, DEAL_NAMES, { headers: withKey(key) })), ['Heat pump', 'Solar roof']);
  });

  test('a mutation with a key is refused at the gateway, before any subgraph sees it', async () => {
    const { key, id } = await createKey(tenantA, ['READ', 'SUBSCRIBE']);
    // The key revoking itself, then making another: neither reaches auth-connector (which would say ROLE_REQUIRED).
    const servedBefore = await graphqlRequestsServed(system.services['auth-connector'].url);
    const revokeItself = await postGraphql(graphqlUrl, REVOKE_KEY, { variables: { id }, headers: withKey(key) });
    assert.deepEqual(refusal(revokeItself), { status: 403, code: 'API_KEY_READ_ONLY' });
    assert.match(revokeItself.errors?.[0]?.message ?? '', /API keys cannot run mutations/);
    assert.equal(revokeItself.data ?? null, null);
    const another = await postGraphql(graphqlUrl, CREATE_KEY, {
      variables: { input: { name: 'x', rights: ['READ'] } },
      headers: withKey(key),
    });
    assert.deepEqual(refusal(another), { status: 403, code: 'API_KEY_READ_ONLY' });
    assert.equal(await graphqlRequestsServed(system.services['auth-connector'].url), servedBefore, 'no subgraph request was made');
    assert.equal((await keyAsAdminSees(tenantA, id))?.revokedAt, null);
  });

  test('a SUBSCRIBE-only key cannot run queries', async () => {
    const { key } = await createKey(tenantA, ['SUBSCRIBE']);
    const query = await postGraphql(graphqlUrl, DEAL_NAMES, { headers: withKey(key) });
    assert.deepEqual(refusal(query), { status: 403, code: 'API_KEY_RIGHT_REQUIRED' });
    assert.match(query.errors?.[0]?.message ?? '', /READ/);
  });

  test('a revoked key is refused on the very next request', async () => {
    const { key, id } = await createKey(tenantA, ['READ']);
    assert.deepEqual(dealNames(await postGraphql<Deals>(graphqlUrl, DEAL_NAMES, { headers: withKey(key) })), ['Heat pump', 'Solar roof']);
    const revoked = await postGraphql(graphqlUrl, REVOKE_KEY, { variables: { id }, headers: await asAdmin(tenantA) });
    assert.equal(revoked.errors, undefined, JSON.stringify(revoked.errors));
    const next = await postGraphql(graphqlUrl, DEAL_NAMES, { headers: withKey(key) });
    assert.deepEqual(refusal(next), { status: 401, code: 'API_KEY_REVOKED' });
    assert.equal(next.data ?? null, null);
  });

  test('forged, malformed and doubled credentials are refused with a clear code', async () => {
    const { key, id } = await createKey(tenantA, ['READ']);
    const secret = key.slice(`crmb_${id}_`.length);
    const forgedSecret = `crmb_${id}_${secret.replace(/^./, (first) => (first === 'a' ? 'b' : 'a'))}`;
    for (const presented of [forgedSecret, `crmb_${randomUUID()}_${secret}`, 'crmb_garbage', 'not a key at all']) {
      const result = await postGraphql(graphqlUrl, DEAL_NAMES, { headers: withKey(presented) });
      assert.deepEqual(refusal(result), { status: 401, code: 'API_KEY_INVALID' }, presented);
      assert.equal(result.errors?.[0]?.message, 'The API key is not valid');
    }
    const both = await postGraphql(graphqlUrl, DEAL_NAMES, { headers: { ...(await asAdmin(tenantA)), 'x-api-key': key } });
    assert.deepEqual(refusal(both), { status: 401, code: 'CREDENTIALS_AMBIGUOUS' });
    // A key sent as a Bearer token is no JWT.
    assert.deepEqual(refusal(await postGraphql(graphqlUrl, DEAL_NAMES, { headers: { authorization: `Bearer ${key}` } })), {
      status: 401,
      code: 'USER_TOKEN_INVALID',
    });
  });

  test('graphql-ws takes a key from its connection params and holds it to its rights', async () => {
    const wsUrl = graphqlUrl.replace('http://', 'ws://');
    const run = (connectionParams: Record<string, unknown>) =>
      new Promise<FormattedExecutionResult<Deals, unknown>>((resolve, reject) => {
        const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
        let settled = false;
        client.subscribe<Deals>(
          { query: DEAL_NAMES },
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
    const reader = await createKey(tenantB, ['READ']);
    const read = await run({ authorization: `ApiKey ${reader.key}` });
    assert.deepEqual(
      read.data?.deals.edges.map((edge) => edge.node.name),
      ['B deal'],
    );
    assert.deepEqual((await run({ 'x-api-key': reader.key })).data?.deals.edges.length, 1);
    const subscriber = await createKey(tenantB, ['SUBSCRIBE']);
    const refused = await run({ authorization: `ApiKey ${subscriber.key}` });
    assert.equal(refused.errors?.[0]?.extensions?.['code'], 'API_KEY_RIGHT_REQUIRED');
  });

  test('subgraphs see a key as the caller api-key:<id> of its tenant, with the roles of its rights; no answer means no entry', async () => {
    const { key, id } = await createKey(tenantB, ['READ', 'SUBSCRIBE']);
    const verifyUrl = `${system.services['auth-connector'].url}/internal/api-keys/verify`;
    const verified = await new ApiKeyVerifier({ verifyUrl, signingSecret: TEST_SIGNING_SECRET }).verify(key);
    assert.deepEqual(verified, {
      caller: { tenantId: tenantB, userId: `api-key:${id}`, roles: ['viewer', 'subscriber'] },
      apiKey: { id, rights: ['READ', 'SUBSCRIBE'] },
    });
    // A gateway with the wrong internal secret, or an auth-connector that does not answer, lets nobody in.
    for (const verifier of [
      new ApiKeyVerifier({ verifyUrl, signingSecret: 'not-the-internal-secret-'.repeat(2) }),
      new ApiKeyVerifier({ verifyUrl: 'http://127.0.0.1:9/internal/api-keys/verify', signingSecret: TEST_SIGNING_SECRET }),
    ]) {
      await assert.rejects(verifier.verify(key), (error: unknown) => {
        assert.ok(error instanceof ApiKeyException);
        assert.equal(error.code, 'API_KEY_VERIFICATION_UNAVAILABLE');
        return true;
      });
    }
  });
});
