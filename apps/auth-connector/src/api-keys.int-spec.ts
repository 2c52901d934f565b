import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { ANY_TENANT, signCallerContext, signServiceToken } from '@crm-bridge/caller-context';
import { Topics } from '@crm-bridge/contracts';
import {
  eventually,
  firstErrorCodeAndField,
  newTenantId,
  SubgraphServiceTestContext,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
  TopicRecorder,
} from '@crm-bridge/testing';
import { authConnectorService } from './auth-connector.service-definition';
import { ApiKeyEntity } from './api-key/api-key.entity';

const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { key apiKey { id name rights createdBy createdAt lastUsedAt revokedAt revokedBy } }
}`;
const LIST = `query($after: String) {
  apiKeys(first: 2, after: $after) { edges { node { id name rights lastUsedAt revokedAt } } pageInfo { hasNextPage endCursor } }
}`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt revokedBy } }`;

interface ApiKeyNode {
  id: string;
  name: string;
  rights: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}
type Created = { createApiKey: { key: string; apiKey: ApiKeyNode } };
type Listed = { apiKeys: { edges: { node: ApiKeyNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };

describe('partner API keys', () => {
  const ctx = SubgraphServiceTestContext.forSuite(authConnectorService, { environment: TEST_TOKEN_ENCRYPTION_ENVIRONMENT });

  async function createKey(tenantId: string, input: { name: string; rights: string[] } = { name: 'Partner ERP', rights: ['READ'] }) {
    const created = await ctx.queryAs<Created>({ tenantId, userId: 'admin-1', roles: ['admin'] }, CREATE, { input });
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    return created.data!.createApiKey;
  }

  async function verify(key: unknown, options: { tenantId?: string; bearer?: string | null } = {}) {
    const bearer =
      options.bearer === undefined
        ? await signServiceToken({ service: 'gateway', tenantId: options.tenantId ?? ANY_TENANT }, TEST_SIGNING_SECRET, {
            audience: 'auth-connector',
          })
        : options.bearer;
    const response = await fetch(`${ctx.service.url}/internal/api-keys/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
      body: JSON.stringify({ key }),
    });
    assert.equal(response.headers.get('cache-control'), 'no-store');
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const storedRow = (id: string) => ctx.service.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id });

  // In a suite of its own: its after() hook must stop the recorder before the outer one stops the broker it reads.
  describe('with the connections topic recorded', () => {
    let recorder: TopicRecorder;
    before(async () => {
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.connections]).start();
    });
    after(() => recorder.stop());

    /** The `api-key.revoked` events published about this key, as any consumer of the topic reads them. */
    const revocationsOf = (keyId: string) =>
      recorder
        .on(Topics.connections)
        .filter((record) => record.headers['ce_type'] === 'api-key.revoked' && record.headers['ce_subject'] === keyId)
        .map((record) => ({
          key: record.key,
          tenantId: record.headers['ce_tenantid'],
          source: record.headers['ce_source'],
          data: JSON.parse(record.value ?? 'null') as unknown,
        }));

    test('migrations leave no schema drift', async () => {
      assert.deepEqual(await ctx.pendingSchemaChanges(), []);
    });

    test('create returns the key once; only its SHA-256 is stored; the list never shows it', async () => {
      const tenant = newTenantId();
      const { key, apiKey } = await createKey(tenant, { name: '  Partner ERP ', rights: ['SUBSCRIBE', 'READ', 'READ'] });
      assert.match(key, new RegExp(`^crmb_${apiKey.id}_[0-9a-f]{64}$`));
      assert.deepEqual(
        { ...apiKey, createdAt: typeof apiKey.createdAt },
        {
          id: apiKey.id,
          name: 'Partner ERP',
          rights: ['READ', 'SUBSCRIBE'],
          createdBy: 'admin-1',
          createdAt: 'string',
          lastUsedAt: null,
          revokedAt: null,
          revokedBy: null,
        },
      );

      // The table holds the secret's hash and nothing from which the key could be rebuilt.
      const secret = key.slice(`crmb_${apiKey.id}_`.length);
      const row = await storedRow(apiKey.id);
      assert.equal(row.tenantId, tenant);
      assert.equal(row.secretHash, createHash('sha256').update(secret).digest('hex'));
      const [rawRow] = await ctx.service.dataSource.query<{ json: string }[]>(
        `SELECT row_to_json(k)::text AS json FROM auth_connector.api_keys k WHERE id = $1`,
        [apiKey.id],
      );
      assert.ok(rawRow && !rawRow.json.includes(secret), 'the secret is not stored');

      // A second key gets another secret; the list shows both, never a key.
      const second = await createKey(tenant, { name: 'Second', rights: ['READ'] });
      assert.notEqual(second.key.split('_')[2], secret);
      const listed = await ctx.query<Listed>(tenant, LIST);
      assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
      assert.deepEqual(
        listed.data?.apiKeys.edges.map((edge) => edge.node.name),
        ['Partner ERP', 'Second'],
      );
      assert.ok(!JSON.stringify(listed).includes(secret));
      const keyFields = await ctx.query<{ __type: { fields: { name: string }[] } }>(
        tenant,
        '{ __type(name: "ApiKey") { fields { name } } }',
      );
      assert.deepEqual(
        keyFields.data?.__type.fields.map((field) => field.name).filter((name) => /key|secret|hash/i.test(name)),
        [],
      );
    });

    test('bad names and rights are refused naming the field, and store nothing', async () => {
      const tenant = newTenantId();
      for (const [input, field, code] of [
        [{ name: '   ', rights: ['READ'] }, 'input.name', 'API_KEY_NAME_INVALID'],
        [{ name: 'x'.repeat(101), rights: ['READ'] }, 'input.name', 'API_KEY_NAME_INVALID'],
        [{ name: 'No rights', rights: [] }, 'input.rights', 'API_KEY_RIGHTS_INVALID'],
      ] as const) {
        const refused = await ctx.query(tenant, CREATE, { input });
        assert.deepEqual(firstErrorCodeAndField(refused), { code, field });
      }
      const unknownRight = await ctx.query(tenant, CREATE, { input: { name: 'Writer', rights: ['WRITE'] } });
      assert.ok(unknownRight.errors?.length, 'WRITE is not a right');
      assert.equal(await ctx.service.dataSource.getRepository(ApiKeyEntity).countBy({ tenantId: tenant }), 0);
    });

    test('viewers and deal editors can neither create, list nor revoke keys', async () => {
      const tenant = newTenantId();
      const { apiKey } = await createKey(tenant);
      for (const roles of [['viewer'], ['deal-editor'], []]) {
        const caller = { tenantId: tenant, roles };
        assert.equal(
          firstErrorCodeAndField(await ctx.queryAs(caller, CREATE, { input: { name: 'Mine', rights: ['READ'] } }))?.code,
          'ROLE_REQUIRED',
        );
        assert.equal(firstErrorCodeAndField(await ctx.queryAs(caller, LIST))?.code, 'ROLE_REQUIRED');
        assert.equal(firstErrorCodeAndField(await ctx.queryAs(caller, REVOKE, { id: apiKey.id }))?.code, 'ROLE_REQUIRED');
      }
      assert.equal((await storedRow(apiKey.id)).revokedAt, null);
      assert.equal(await ctx.service.dataSource.getRepository(ApiKeyEntity).countBy({ tenantId: tenant }), 1);
    });

    test("tenant B can neither list nor revoke tenant A's key", async () => {
      const tenantA = newTenantId();
      const tenantB = newTenantId();
      const { key, apiKey } = await createKey(tenantA);
      const listedByB = await ctx.query<Listed>(tenantB, LIST);
      assert.deepEqual(listedByB.data?.apiKeys.edges, []);
      const revokedByB = await ctx.query(tenantB, REVOKE, { id: apiKey.id });
      assert.deepEqual(firstErrorCodeAndField(revokedByB), { code: 'API_KEY_NOT_FOUND', field: 'id' });
      assert.equal((await storedRow(apiKey.id)).revokedAt, null);
      assert.equal((await verify(key)).status, 200, "A's key still works");
      assert.deepEqual(firstErrorCodeAndField(await ctx.query(tenantA, REVOKE, { id: 'not-a-uuid' })), {
        code: 'INVALID_API_KEY_ID',
        field: 'id',
      });
    });

    test('verification names the tenant and rights, records the use once a minute, and refuses a revoked key at once', async () => {
      const tenant = newTenantId();
      const { key, apiKey } = await createKey(tenant, { name: 'Feed', rights: ['READ', 'SUBSCRIBE'] });
      const beforeUse = Date.now();
      const accepted = await verify(key);
      assert.deepEqual(accepted, { status: 200, body: { keyId: apiKey.id, tenantId: tenant, rights: ['READ', 'SUBSCRIBE'] } });
      const firstUse = (await storedRow(apiKey.id)).lastUsedAt;
      assert.ok(firstUse && firstUse.getTime() >= beforeUse - 5, `lastUsedAt ${String(firstUse)} is set by the first use`);
      assert.equal((await verify(key)).status, 200);
      assert.equal((await storedRow(apiKey.id)).lastUsedAt?.getTime(), firstUse.getTime(), 'a use within the minute writes nothing');

      // A use more than a minute after the recorded one moves it.
      await ctx.service.dataSource.getRepository(ApiKeyEntity).update({ id: apiKey.id }, { lastUsedAt: new Date(Date.now() - 61_000) });
      assert.equal((await verify(key)).status, 200);
      assert.ok(((await storedRow(apiKey.id)).lastUsedAt?.getTime() ?? 0) >= beforeUse - 5);

      const revoked = await ctx.queryAs<{ revokeApiKey: ApiKeyNode }>({ tenantId: tenant, userId: 'admin-2' }, REVOKE, { id: apiKey.id });
      assert.equal(revoked.errors, undefined, JSON.stringify(revoked.errors));
      assert.equal(revoked.data?.revokeApiKey.revokedBy, 'admin-2');
      assert.deepEqual(await verify(key), { status: 401, body: { code: 'API_KEY_REVOKED', message: 'the API key has been revoked' } });

      // The revocation is published, keyed by the key, for the instances holding its subscriptions.
      const [published] = await eventually(() => {
        const found = revocationsOf(apiKey.id);
        assert.equal(found.length, 1, 'api-key.revoked not published yet');
        return found;
      });
      assert.deepEqual(published, {
        key: apiKey.id,
        tenantId: tenant,
        source: 'auth-connector',
        data: { keyId: apiKey.id, revokedAt: revoked.data?.revokeApiKey.revokedAt, revokedByUserId: 'admin-2' },
      });

      // Revoking again keeps the first revocation and publishes nothing more.
      const again = await ctx.queryAs<{ revokeApiKey: ApiKeyNode }>({ tenantId: tenant, userId: 'admin-3' }, REVOKE, { id: apiKey.id });
      assert.deepEqual(again.data?.revokeApiKey, revoked.data?.revokeApiKey);
      const marker = await createKey(tenant);
      await ctx.query(tenant, REVOKE, { id: marker.apiKey.id });
      await eventually(() => assert.equal(revocationsOf(marker.apiKey.id).length, 1, 'a later revocation has been published'));
      assert.equal(revocationsOf(apiKey.id).length, 1, 'the second revocation of the key published nothing');
    });

    test('a refused revocation publishes nothing', async () => {
      const tenantA = newTenantId();
      const { apiKey } = await createKey(tenantA);
      await ctx.query(newTenantId(), REVOKE, { id: apiKey.id });
      await ctx.queryAs({ tenantId: tenantA, roles: ['viewer'] }, REVOKE, { id: apiKey.id });
      const marker = await createKey(tenantA);
      await ctx.query(tenantA, REVOKE, { id: marker.apiKey.id });
      await eventually(() => assert.equal(revocationsOf(marker.apiKey.id).length, 1));
      assert.deepEqual(revocationsOf(apiKey.id), []);
    });

    test('forged, malformed and unknown keys are refused alike', async () => {
      const { key, apiKey } = await createKey(newTenantId());
      const secret = key.slice(`crmb_${apiKey.id}_`.length);
      const wrongSecret = `crmb_${apiKey.id}_${secret.replace(/^./, (first) => (first === '0' ? '1' : '0'))}`;
      for (const presented of [wrongSecret, `crmb_${randomUUID()}_${secret}`, 'crmb_garbage', '', 42, key.toUpperCase()]) {
        assert.deepEqual(
          await verify(presented),
          { status: 401, body: { code: 'API_KEY_INVALID', message: 'the API key is not valid' } },
          String(presented),
        );
      }
      assert.equal((await storedRow(apiKey.id)).lastUsedAt, null, 'no refused attempt counts as a use');
    });

    test('only our services may ask: missing, forged and caller-context tokens are refused; an any-tenant token opens no access token', async () => {
      const { key } = await createKey(newTenantId());
      assert.equal((await verify(key, { bearer: null })).body['code'], 'SERVICE_TOKEN_MISSING');
      const forged = await signServiceToken({ service: 'gateway', tenantId: ANY_TENANT }, 'x'.repeat(64), { audience: 'auth-connector' });
      assert.equal((await verify(key, { bearer: forged })).body['code'], 'SERVICE_TOKEN_BAD_SIGNATURE');
      const callerContext = await signCallerContext({ tenantId: 't', userId: 'u', roles: ['admin'] }, TEST_SIGNING_SECRET, {
        audience: 'auth-connector',
      });
      assert.equal((await verify(key, { bearer: callerContext })).body['code'], 'SERVICE_TOKEN_MALFORMED');

      const anyTenant = await signServiceToken({ service: 'sync-engine', tenantId: ANY_TENANT }, TEST_SIGNING_SECRET, {
        audience: 'auth-connector',
      });
      const accessToken = await fetch(`${ctx.service.url}/internal/connections/${randomUUID()}/access-token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${anyTenant}` },
      });
      assert.equal(accessToken.status, 401);
      assert.equal(((await accessToken.json()) as { code: string }).code, 'SERVICE_TOKEN_MALFORMED');
    });
  });
});
