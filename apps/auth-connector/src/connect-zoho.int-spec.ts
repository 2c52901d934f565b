import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { loadConfig, z } from '@crm-bridge/config';
import { Topics } from '@crm-bridge/contracts';
import {
  eventually,
  firstErrorCodeAndField,
  newTenantId,
  SubgraphServiceTestContext,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_ENCRYPTION_ENVIRONMENT,
  TopicRecorder,
  ZohoSandboxProcess,
  type SandboxOrgHandle,
} from '@crm-bridge/testing';
import { signCallerContext, signServiceToken } from '@crm-bridge/caller-context';
import { ZohoClient, ZohoDataCentreDirectory, ZohoOAuthClient } from '@crm-bridge/zoho-client';
import { ConnectionTokenClient, ConnectionTokenError, connectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import { findFreePort } from '@crm-bridge/persistence';
import { authConnectorService } from './auth-connector.service-definition';
import { TokenReencryption } from './token-vault/token-reencryption';
import { TokenReencryptionRepository } from './token-vault/token-reencryption.repository';
import { TokenVault } from './token-vault/token-vault';
import { tokenVaultConfig, type TokenVaultConfig } from './token-vault/token-vault.config';
import { ConnectionAccessTokens } from './zoho-connection/connection-access-tokens';
import { ConnectionSecretsCipher } from './zoho-connection/connection-secrets';
import { TokenRefreshScheduler } from './zoho-connection/token-refresh.scheduler';
import { ZohoConnectionRepository } from './zoho-connection/zoho-connection.repository';
import { ZohoConnectionEntity } from './zoho-connection/zoho-connection.entity';

const CONNECT = `mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) {
  id dataCentre accountsServer apiDomain zohoOrgId zohoOrgName zohoOrgTimeZone zohoOrgCurrency zohoOrgEdition
  zohoOrgUserLicences zohoUserId zohoUserEmail connectedByUserId clientId grantedScopes status statusReason connectedAt } }`;

type Connected = { connectZohoWithGrantCode: Record<string, unknown> & { id: string; grantedScopes: string[] } };

const PORTAL_RETURN_URL = 'https://portal.example/settings/zoho';

/** Attribute values as a browser reads them from the consent page's markup. */
function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replaceAll('&amp;', '&');
}

describe('auth-connector with the Zoho sandbox', () => {
  let sandbox: ZohoSandboxProcess;
  /** The deployment's default client (ZOHO_CLIENT_ID), a server-based client of this org. */
  let defaultClientOrg: SandboxOrgHandle;
  let redirectUrl: string;
  // Started before the service: its sandbox origin is part of the service's environment.
  const sandboxStarted = ZohoSandboxProcess.start();
  const ctx = SubgraphServiceTestContext.forSuite(authConnectorService, {
    // debug: every log line the service can write is captured and searched for tokens below.
    environment: { ...TEST_TOKEN_ENCRYPTION_ENVIRONMENT, LOG_LEVEL: 'debug', PORTAL_RETURN_URL },
    environmentFrom: async () => {
      const started = await sandboxStarted;
      // The callback URL is registered with Zoho before the service listens, so its port is chosen here.
      const port = await findFreePort();
      redirectUrl = `http://127.0.0.1:${port}/oauth/zoho/callback`;
      defaultClientOrg = await started.createOrg({ location: 'us', companyName: 'Default Client Org' });
      const client = await started.admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${defaultClientOrg.id}/clients`, {
        kind: 'server-based',
        redirectUris: [redirectUrl],
      });
      return {
        ZOHO_SANDBOX_URL: started.origin,
        PORT: String(port),
        ZOHO_REDIRECT_URL: redirectUrl,
        ZOHO_CLIENT_ID: client.clientId,
        ZOHO_CLIENT_SECRET: client.clientSecret,
      };
    },
  });
  before(async () => {
    sandbox = await sandboxStarted;
  });
  // Registered after the service's own hooks, so it runs after the service has stopped.
  after(() => sandbox.stop());

  describe('connecting a Zoho org with a self-client grant code', () => {
    let recorder: TopicRecorder;

    before(async () => {
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.connections]).start();
    });
    after(() => recorder.stop());

    async function grantCode(org: SandboxOrgHandle) {
      const client = await sandbox.createSelfClient(org);
      return { client, code: await sandbox.selfClientCode(org, client) };
    }

    const inputOf = (dataCentre: string, client: { clientId: string; clientSecret: string }, code: string) => ({
      input: { dataCentre, clientId: client.clientId, clientSecret: client.clientSecret, code },
    });

    test('stores the org and the user, seals the secrets and publishes connection.connected', async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({
        location: 'eu',
        timeZone: 'Europe/Berlin',
        edition: 'professional',
        userLicences: 25,
        companyName: 'Acme GmbH',
      });
      const { client, code } = await grantCode(org);
      const result = await ctx.queryAs<Connected>({ tenantId: tenant, userId: 'admin-1' }, CONNECT, inputOf('EU', client, code));
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const connection = result.data!.connectZohoWithGrantCode;
      const { connectedAt, grantedScopes, ...rest } = connection;
      assert.ok(Date.now() - Date.parse(String(connectedAt)) < 60_000);
      assert.ok(grantedScopes.includes('ZohoCRM.modules.ALL'), grantedScopes.join(','));
      assert.deepEqual(rest, {
        id: connection.id,
        dataCentre: 'EU',
        accountsServer: `${sandbox.origin}/dc/eu/accounts`,
        apiDomain: `${sandbox.origin}/dc/eu`,
        zohoOrgId: org.id,
        zohoOrgName: 'Acme GmbH',
        zohoOrgTimeZone: 'Europe/Berlin',
        zohoOrgCurrency: rest['zohoOrgCurrency'],
        zohoOrgEdition: 'professional',
        zohoOrgUserLicences: 25,
        zohoUserId: org.primaryUserId,
        zohoUserEmail: rest['zohoUserEmail'],
        connectedByUserId: 'admin-1',
        clientId: client.clientId,
        status: 'CONNECTED',
        statusReason: null,
      });
      assert.match(String(rest['zohoOrgCurrency']), /^[A-Z]{3}$/);
      assert.match(String(rest['zohoUserEmail']), /@/);

      await eventually(() => assert.equal(recorder.on(Topics.connections).filter((r) => r.key === connection.id).length, 1));
      const [record] = recorder.on(Topics.connections).filter((r) => r.key === connection.id);
      assert.equal(record?.headers['ce_type'], 'connection.connected');
      assert.equal(record?.headers['ce_tenantid'], tenant);
      assert.deepEqual(JSON.parse(record?.value ?? '{}'), {
        connectionId: connection.id,
        dataCentre: 'EU',
        apiDomain: `${sandbox.origin}/dc/eu`,
        zohoOrgId: org.id,
        grantedScopes,
        zohoOrgName: 'Acme GmbH',
        zohoOrgTimeZone: 'Europe/Berlin',
        zohoOrgCurrency: rest['zohoOrgCurrency'],
        zohoOrgEdition: 'professional',
        zohoOrgUserLicences: 25,
        apiVersion: 'V8',
        readStrategy: 'AUTOMATIC',
      });

      // The sealed refresh token is the real one: Zoho gives an access token for it.
      const row = await ctx.service.dataSource.getRepository(ZohoConnectionEntity).findOneByOrFail({ id: connection.id });
      assert.equal(row.zohoOrgUserLicences, 25);
      assert.equal(row.encryptionKeyId, TEST_TOKEN_ENCRYPTION_ENVIRONMENT.TOKEN_ENCRYPTION_KEY_ID);
      const secrets = ctx.service.app.get(ConnectionSecretsCipher, { strict: false }).open(row);
      assert.ok(secrets);
      assert.equal(secrets.clientSecret, client.clientSecret);
      const oauth = new ZohoOAuthClient({ dataCentres: ZohoDataCentreDirectory.forSandbox(sandbox.origin) });
      const refreshed = await oauth.refresh({ ...client, accountsServer: org.accountsServer, refreshToken: secrets.refreshToken });
      assert.equal(refreshed.apiDomain, `${sandbox.origin}/dc/eu`);
    });

    test("an org whose record does not say its licences is stored and published with null; connected again once Zoho says, it has Zoho's count", async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'us', edition: 'enterprise', userLicences: 200 });
      await sandbox.setLimits(org, { userLicencesReported: false });
      const licencesOf = async (id: string) => {
        await eventually(() => assert.ok(recorder.on(Topics.connections).some((r) => r.key === id)));
        const published = recorder.on(Topics.connections).filter((r) => r.key === id);
        const row = await ctx.service.dataSource.getRepository(ZohoConnectionEntity).findOneByOrFail({ id });
        return {
          stored: row.zohoOrgUserLicences,
          published: published.map((r) => (JSON.parse(r.value ?? '{}') as { zohoOrgUserLicences?: unknown }).zohoOrgUserLicences),
        };
      };
      const first = await grantCode(org);
      const unreported = await ctx.query<Connected>(tenant, CONNECT, inputOf('US', first.client, first.code));
      assert.equal(unreported.errors, undefined, JSON.stringify(unreported.errors));
      const { id } = unreported.data!.connectZohoWithGrantCode;
      assert.deepEqual(
        [unreported.data!.connectZohoWithGrantCode['zohoOrgEdition'], unreported.data!.connectZohoWithGrantCode['zohoOrgUserLicences']],
        ['enterprise', null],
      );
      assert.deepEqual(await licencesOf(id), { stored: null, published: [null] });

      await sandbox.setLimits(org, { userLicencesReported: true });
      const again = await grantCode(org);
      const reported = await ctx.query<Connected>(tenant, CONNECT, inputOf('US', again.client, again.code));
      assert.equal(reported.errors, undefined, JSON.stringify(reported.errors));
      assert.deepEqual(
        [reported.data!.connectZohoWithGrantCode.id, reported.data!.connectZohoWithGrantCode['zohoOrgUserLicences']],
        [id, 200],
      );
      await eventually(() => assert.equal(recorder.on(Topics.connections).filter((r) => r.key === id).length, 2));
      assert.deepEqual(await licencesOf(id), { stored: 200, published: [null, 200] });
    });

    test('no plaintext token or client secret anywhere in the database or the logs', async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'us' });
      const { client, code } = await grantCode(org);
      const result = await ctx.query<Connected>(tenant, CONNECT, inputOf('US', client, code));
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const row = await ctx.service.dataSource
        .getRepository(ZohoConnectionEntity)
        .findOneByOrFail({ id: result.data!.connectZohoWithGrantCode.id });
      const secrets = ctx.service.app.get(ConnectionSecretsCipher, { strict: false }).open(row);
      assert.ok(secrets);
      // Every row of every table of the service's schema, as text (bytea as hex and as escaped text).
      const tables = await ctx.service.dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'auth_connector'`,
      );
      let dump = '';
      for (const { table_name } of tables) {
        const rows = await ctx.service.dataSource.query<{ row: string }[]>(`SELECT t::text AS row FROM auth_connector."${table_name}" t`);
        dump += rows.map((entry) => entry.row).join('\n');
      }
      assert.ok(dump.includes(org.id), 'the dump holds the connection row');
      const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
      for (const secret of [secrets.refreshToken, secrets.accessToken, secrets.clientSecret, code]) {
        assert.ok(!dump.includes(secret) && !dump.includes(hex(secret)), 'a secret is stored in plaintext');
      }
      const logs = ctx.logLines.join('\n');
      assert.ok(ctx.logLines.length > 0, 'the service logged at debug level');
      for (const secret of [secrets.refreshToken, secrets.accessToken, secrets.clientSecret, code]) {
        assert.ok(!logs.includes(secret), 'a secret reached the logs');
      }
    });

    test('a used or expired grant code is refused saying codes expire within minutes, and nothing is stored', async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'in' });
      const { client, code } = await grantCode(org);
      const first = await ctx.query<Connected>(tenant, CONNECT, inputOf('IN', client, code));
      assert.equal(first.errors, undefined);
      const again = await ctx.query(tenant, CONNECT, inputOf('IN', client, code));
      assert.deepEqual(firstErrorCodeAndField(again), { code: 'GRANT_CODE_INVALID', field: 'input.code' });
      assert.match(again.errors?.[0]?.message ?? '', /grant codes are single use and expire within minutes/);

      const otherTenant = newTenantId();
      const expiring = await grantCode(org);
      await sandbox.advanceClock(11 * 60);
      const expired = await ctx.query(otherTenant, CONNECT, inputOf('IN', expiring.client, expiring.code));
      assert.deepEqual(firstErrorCodeAndField(expired), { code: 'GRANT_CODE_INVALID', field: 'input.code' });
      const wrongDataCentre = await ctx.query(otherTenant, CONNECT, inputOf('EU', client, (await grantCode(org)).code));
      assert.deepEqual(firstErrorCodeAndField(wrongDataCentre), { code: 'ZOHO_CLIENT_INVALID', field: 'input.clientId' });
      const blank = await ctx.query(otherTenant, CONNECT, inputOf('IN', { ...client, clientSecret: '  ' }, 'x'));
      assert.deepEqual(firstErrorCodeAndField(blank), { code: 'INPUT_REQUIRED', field: 'input.clientSecret' });
      assert.equal(await ctx.service.dataSource.getRepository(ZohoConnectionEntity).countBy({ tenantId: otherTenant }), 0);
    });

    test('a viewer cannot connect, and one tenant never sees the connection of another', async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'au' });
      const { client, code } = await grantCode(org);
      const asViewer = await ctx.queryAs({ tenantId: tenant, roles: ['viewer'] }, CONNECT, inputOf('AU', client, code));
      assert.equal(asViewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      assert.equal(await ctx.service.dataSource.getRepository(ZohoConnectionEntity).countBy({ tenantId: tenant }), 0);

      const connected = await ctx.query<Connected>(tenant, CONNECT, inputOf('AU', client, code));
      const id = connected.data!.connectZohoWithGrantCode.id;
      const foreign = await ctx.query(newTenantId(), 'query($id: ID!) { zohoConnection(id: $id) { id } }', { id });
      assert.deepEqual(foreign.data, { zohoConnection: null });
    });

    test('after a key rotation old rows still open, and the re-encryption command moves every row to the new key', async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'jp' });
      const { client, code } = await grantCode(org);
      const connected = await ctx.query<Connected>(tenant, CONNECT, inputOf('JP', client, code));
      const id = connected.data!.connectZohoWithGrantCode.id;
      const repository = ctx.service.dataSource.getRepository(ZohoConnectionEntity);
      const before = await repository.findOneByOrFail({ id });
      const original = ctx.service.app.get(ConnectionSecretsCipher, { strict: false }).open(before);

      // The operator adds key 2 and makes it current, keeping key 1 until the command has run.
      const rotatedConfig = loadConfig('auth-connector', z.object(tokenVaultConfig), {
        TOKEN_ENCRYPTION_KEYS: `${TEST_TOKEN_ENCRYPTION_ENVIRONMENT.TOKEN_ENCRYPTION_KEYS},key-2:${randomBytes(32).toString('base64')}`,
        TOKEN_ENCRYPTION_KEY_ID: 'key-2',
      }) as TokenVaultConfig;
      const rotated = new ConnectionSecretsCipher(new TokenVault(rotatedConfig, 'auth-connector'));
      assert.deepEqual(rotated.open(before), original, 'a row sealed with key 1 opens after the rotation');

      const reencryption = new TokenReencryption(new TokenReencryptionRepository(ctx.service.dataSource), rotated);
      const { reencrypted } = await reencryption.reencryptAll();
      assert.ok(reencrypted >= 1);
      const after = await repository.findOneByOrFail({ id });
      assert.equal(after.encryptionKeyId, 'key-2');
      assert.notDeepEqual(after.encryptedRefreshToken, before.encryptedRefreshToken);
      assert.deepEqual(rotated.open(after), original);
      assert.equal(await repository.countBy({ encryptionKeyId: TEST_TOKEN_ENCRYPTION_ENVIRONMENT.TOKEN_ENCRYPTION_KEY_ID }), 0);
      // Key 1 can now go: a vault with key 2 alone opens every row.
      const keyTwoOnly = new ConnectionSecretsCipher(
        new TokenVault(
          {
            TOKEN_ENCRYPTION_KEYS: new Map([['key-2', rotatedConfig.TOKEN_ENCRYPTION_KEYS.get('key-2')!]]),
            TOKEN_ENCRYPTION_KEY_ID: 'key-2',
          },
          'auth-connector',
        ),
      );
      assert.deepEqual(keyTwoOnly.open(after), original);
      assert.deepEqual(await reencryption.reencryptAll(), { reencrypted: 0 });
    });
  });

  describe("connecting through Zoho's consent page (redirect flow)", () => {
    const START = `mutation($input: StartZohoConnectionInput!) { startZohoConnection(input: $input) { authorizationUrl expiresAt } }`;
    type Started = { startZohoConnection: { authorizationUrl: string; expiresAt: string } };

    async function start(tenantId: string, input: Record<string, unknown>, userId = 'admin-7'): Promise<string> {
      const started = await ctx.queryAs<Started>({ tenantId, userId }, START, { input });
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      const expiresIn = Date.parse(started.data!.startZohoConnection.expiresAt) - Date.now();
      assert.ok(expiresIn > 0 && expiresIn <= 10 * 60_000, `the state expires within minutes (${expiresIn} ms)`);
      return started.data!.startZohoConnection.authorizationUrl;
    }

    /** Opens Zoho's consent page as a browser would and clicks Accept (or Reject); returns where Zoho redirects. */
    async function consent(authorizationUrl: string, decision: 'accept' | 'reject' = 'accept'): Promise<URL> {
      const page = await fetch(authorizationUrl);
      const html = await page.text();
      assert.equal(page.status, 200, html);
      const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '');
      const userId = unescapeHtml(/<option value="([^"]+)"/.exec(html)?.[1] ?? '');
      assert.ok(action && userId, html);
      const answer = await fetch(new URL(action, authorizationUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ decision, user_id: userId }).toString(),
        redirect: 'manual',
      });
      assert.equal(answer.status, 302, await answer.text());
      return new URL(answer.headers.get('location') ?? '');
    }

    /** The browser following Zoho's redirect to our callback. */
    async function followCallback(callback: URL): Promise<{ status: number; location: URL | null; body: string }> {
      const answer = await fetch(callback, { redirect: 'manual' });
      const location = answer.headers.get('location');
      return { status: answer.status, location: location === null ? null : new URL(location), body: await answer.text() };
    }

    const connectionsOf = (tenantId: string) => ctx.service.dataSource.getRepository(ZohoConnectionEntity).countBy({ tenantId });

    test("consent in the EU with the caller's own client: the callback stores the connection and sends the user to the portal", async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'eu', timeZone: 'Europe/Paris', companyName: 'Redirect SARL' });
      const client = await sandbox.admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${org.id}/clients`, {
        kind: 'server-based',
        redirectUris: [redirectUrl],
      });
      // Settings chosen when the consent starts are kept with the state until the callback.
      const authorizationUrl = await start(tenant, {
        dataCentre: 'EU',
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        apiVersion: 'V6',
        readStrategy: 'BULK_READ',
      });
      assert.ok(authorizationUrl.startsWith(`${sandbox.origin}/dc/eu/accounts/oauth/v2/auth?`), authorizationUrl);
      const callback = await consent(authorizationUrl);
      assert.equal(`${callback.origin}${callback.pathname}`, redirectUrl);
      assert.equal(callback.searchParams.get('accounts-server'), `${sandbox.origin}/dc/eu/accounts`);

      const landed = await followCallback(callback);
      assert.equal(landed.status, 303, landed.body);
      assert.equal(`${landed.location?.origin}${landed.location?.pathname}`, PORTAL_RETURN_URL);
      assert.equal(landed.location?.searchParams.get('status'), 'connected');
      const connectionId = landed.location?.searchParams.get('connectionId');
      const stored = await ctx.query<{ zohoConnection: Record<string, unknown> }>(
        tenant,
        `query($id: ID!) { zohoConnection(id: $id) {
          status dataCentre zohoOrgId zohoOrgName zohoOrgTimeZone connectedByUserId clientId apiVersion readStrategy } }`,
        { id: connectionId },
      );
      assert.deepEqual(stored.data?.zohoConnection, {
        status: 'CONNECTED',
        dataCentre: 'EU',
        zohoOrgId: org.id,
        zohoOrgName: 'Redirect SARL',
        zohoOrgTimeZone: 'Europe/Paris',
        connectedByUserId: 'admin-7',
        clientId: client.clientId,
        apiVersion: 'V6',
        readStrategy: 'BULK_READ',
      });

      // The same callback again (a reload, or an attacker who saw the URL): refused, nothing more stored.
      const replayed = await followCallback(callback);
      assert.equal(replayed.status, 400);
      assert.match(replayed.body, /already been used/);
      assert.match(replayed.body, /OAUTH_STATE_REPLAYED/);
      assert.equal(await connectionsOf(tenant), 1);
    });

    test('without a client in the input the configured default client is used, and its secret is not copied into the state', async () => {
      const tenant = newTenantId();
      const authorizationUrl = await start(tenant, { dataCentre: 'US' });
      const callback = await consent(authorizationUrl);
      const landed = await followCallback(callback);
      assert.equal(landed.location?.searchParams.get('status'), 'connected', landed.body);
      assert.equal(await connectionsOf(tenant), 1);
      const own = await ctx.query<{ zohoConnections: { edges: { node: { zohoOrgId: string } }[] } }>(
        tenant,
        '{ zohoConnections(first: 5) { edges { node { zohoOrgId } } } }',
      );
      assert.deepEqual(
        own.data?.zohoConnections.edges.map((edge) => edge.node.zohoOrgId),
        [defaultClientOrg.id],
      );
      const states = await ctx.service.dataSource.query<{ encrypted_client_secret: Buffer | null }[]>(
        'SELECT encrypted_client_secret FROM auth_connector.zoho_authorization_states WHERE tenant_id = $1',
        [tenant],
      );
      assert.deepEqual(states, [{ encrypted_client_secret: null }]);
    });

    test('a forged state, a missing state and an expired state get an error page and store nothing', async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'in' });
      const client = await sandbox.admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${org.id}/clients`, {
        kind: 'server-based',
        redirectUris: [redirectUrl],
      });
      const own = { dataCentre: 'IN', clientId: client.clientId, clientSecret: client.clientSecret };
      const callback = await consent(await start(tenant, own));

      const forged = new URL(callback);
      forged.searchParams.set('state', randomBytes(32).toString('base64url'));
      const forgedAnswer = await followCallback(forged);
      assert.equal(forgedAnswer.status, 400);
      assert.equal(forgedAnswer.location, null);
      assert.match(forgedAnswer.body, /not issued by us/);
      const missing = new URL(callback);
      missing.searchParams.delete('state');
      assert.match((await followCallback(missing)).body, /OAUTH_STATE_MISSING/);

      // A consent finished after the state's minutes are up.
      const late = await consent(await start(tenant, own));
      await ctx.service.dataSource.query(
        `UPDATE auth_connector.zoho_authorization_states SET expires_at = now() - interval '1 minute' WHERE state_hash = $1`,
        [
          createHash('sha256')
            .update(late.searchParams.get('state') ?? '')
            .digest('base64url'),
        ],
      );
      const expired = await followCallback(late);
      assert.equal(expired.status, 400);
      assert.match(expired.body, /expired/);
      assert.match(expired.body, /OAUTH_STATE_EXPIRED/);
      assert.equal(await connectionsOf(tenant), 0);

      // The genuine callback of the first consent still works: the forgeries did not consume it.
      assert.equal((await followCallback(callback)).location?.searchParams.get('status'), 'connected');
      assert.equal(await connectionsOf(tenant), 1);
    });

    test("an accounts server that is not Zoho's is never called; a rejected consent reaches the portal as an error", async () => {
      const tenant = newTenantId();
      const org = await sandbox.createOrg({ location: 'au' });
      const client = await sandbox.admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${org.id}/clients`, {
        kind: 'server-based',
        redirectUris: [redirectUrl],
      });
      const own = { dataCentre: 'AU', clientId: client.clientId, clientSecret: client.clientSecret };
      const callback = await consent(await start(tenant, own));
      const phishing = new URL(callback);
      phishing.searchParams.set('accounts-server', 'https://accounts.zoho.evil.example');
      const refused = await followCallback(phishing);
      assert.equal(refused.status, 400);
      assert.match(refused.body, /not one of Zoho&#39;s/);

      const rejected = await followCallback(await consent(await start(tenant, own), 'reject'));
      assert.equal(rejected.status, 303);
      assert.equal(rejected.location?.searchParams.get('status'), 'error');
      assert.equal(rejected.location?.searchParams.get('code'), 'ZOHO_CONSENT_REFUSED');
      assert.equal(await connectionsOf(tenant), 0);
    });

    test('a viewer cannot start a connection, and a client id without its secret is refused naming the field', async () => {
      const asViewer = await ctx.queryAs({ tenantId: newTenantId(), roles: ['viewer'] }, START, { input: { dataCentre: 'US' } });
      assert.equal(asViewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      const half = await ctx.query(newTenantId(), START, { input: { dataCentre: 'US', clientId: '1000.abc' } });
      assert.deepEqual(firstErrorCodeAndField(half), { code: 'ZOHO_CLIENT_NOT_CONFIGURED', field: 'input.clientSecret' });
    });
  });

  describe('keeping a connection alive: refresh, test, revocation and disconnect', () => {
    const TEST = `mutation($id: ID!) { testZohoConnection(id: $id) {
      status latencyMs edition apiCreditsRemaining errorCode message connection { id status statusReason lastErrorCode lastRefreshedAt } } }`;
    const DISCONNECT = 'mutation($id: ID!) { disconnectZoho(id: $id) { id status statusReason } }';
    type Tested = {
      testZohoConnection: {
        status: string;
        latencyMs: number;
        edition: string | null;
        apiCreditsRemaining: number | null;
        errorCode: string | null;
        message: string | null;
        connection: {
          id: string;
          status: string;
          statusReason: string | null;
          lastErrorCode: string | null;
          lastRefreshedAt: string | null;
        };
      };
    };
    let recorder: TopicRecorder;
    before(async () => {
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.connections]).start();
    });
    after(() => recorder.stop());

    const eventsOf = (connectionId: string, type: string) =>
      recorder.on(Topics.connections).filter((record) => record.key === connectionId && record.headers['ce_type'] === type);
    const rowOf = (id: string) => ctx.service.dataSource.getRepository(ZohoConnectionEntity).findOneByOrFail({ id });
    const secretsOf = async (id: string) => {
      const secrets = ctx.service.app.get(ConnectionSecretsCipher, { strict: false }).open(await rowOf(id));
      assert.ok(secrets);
      return secrets;
    };
    const issued = async (org: SandboxOrgHandle) => (await sandbox.orgState(org)).tokens.accessTokensIssued;

    async function connectNew(tenantId: string, settings: Parameters<ZohoSandboxProcess['createOrg']>[0] = {}) {
      const org = await sandbox.createOrg({ location: 'us', ...settings });
      const client = await sandbox.createSelfClient(org);
      const code = await sandbox.selfClientCode(org, client);
      const connected = await ctx.query<Connected>(tenantId, CONNECT, {
        input: { dataCentre: 'US', clientId: client.clientId, clientSecret: client.clientSecret, code },
      });
      assert.equal(connected.errors, undefined, JSON.stringify(connected.errors));
      return { org, client, id: connected.data!.connectZohoWithGrantCode.id };
    }

    test('testZohoConnection makes one real call and reports latency, the edition and, once Zoho sends them, the credits left', async () => {
      const tenant = newTenantId();
      const { org, id } = await connectNew(tenant, { edition: 'enterprise' });
      const first = await ctx.query<Tested>(tenant, TEST, { id });
      assert.equal(first.errors, undefined, JSON.stringify(first.errors));
      const result = first.data!.testZohoConnection;
      assert.deepEqual(
        { status: result.status, edition: result.edition, credits: result.apiCreditsRemaining, errorCode: result.errorCode },
        { status: 'OK', edition: 'enterprise', credits: null, errorCode: null },
      );
      assert.ok(Number.isInteger(result.latencyMs) && result.latencyMs >= 0 && result.latencyMs < 10_000, String(result.latencyMs));
      // Zoho reports the credits left once half the day's allowance is used.
      const used = (await sandbox.orgState(org)).credits.used;
      await sandbox.setLimits(org, { creditAllowance: used + 2 });
      const second = await ctx.query<Tested>(tenant, TEST, { id });
      assert.equal(second.data?.testZohoConnection.status, 'OK');
      assert.equal(second.data?.testZohoConnection.apiCreditsRemaining, 1);
      // Another tenant cannot test it, a viewer cannot either.
      const foreign = await ctx.query(newTenantId(), TEST, { id });
      assert.deepEqual(firstErrorCodeAndField(foreign), { code: 'CONNECTION_NOT_FOUND', field: 'id' });
      const viewer = await ctx.queryAs({ tenantId: tenant, roles: ['viewer'] }, TEST, { id });
      assert.equal(viewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
    });

    test('a token Zoho no longer accepts is refreshed once and the call goes through', async () => {
      const tenant = newTenantId();
      const { org, id } = await connectNew(tenant);
      const before = await secretsOf(id);
      await sandbox.expireAccessTokens(org);
      const tested = await ctx.query<Tested>(tenant, TEST, { id });
      assert.equal(tested.data?.testZohoConnection.status, 'OK', JSON.stringify(tested));
      assert.ok(tested.data?.testZohoConnection.connection.lastRefreshedAt);
      const after = await secretsOf(id);
      assert.notEqual(after.accessToken, before.accessToken);
      assert.equal(after.refreshToken, before.refreshToken);
    });

    test('refresh under concurrency: 20 callers in two processes make one refresh', async () => {
      const tenant = newTenantId();
      const { org, id } = await connectNew(tenant);
      await ctx.service.dataSource.query(`UPDATE auth_connector.zoho_connections SET access_token_expires_at = now() WHERE id = $1`, [id]);
      const mine = ctx.service.app.get(ConnectionAccessTokens, { strict: false });
      // A second replica: its own single-flight map, the same database.
      const otherReplica = new ConnectionAccessTokens(
        ctx.service.app.get(ZohoConnectionRepository, { strict: false }),
        ctx.service.app.get(ConnectionSecretsCipher, { strict: false }),
        ctx.service.app.get(ZohoOAuthClient, { strict: false }),
      );
      const before = await issued(org);
      const tokens = await Promise.all(
        Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? mine : otherReplica).accessToken(tenant, id)),
      );
      assert.equal((await issued(org)) - before, 1, 'Zoho minted one access token');
      assert.equal(new Set(tokens.map((token) => token.accessToken)).size, 1);
      assert.ok(tokens[0]!.expiresAt > Date.now() + 50 * 60_000);
    });

    test('the scheduled refresh renews tokens about to expire and leaves fresh ones alone', async () => {
      const tenant = newTenantId();
      const expiring = await connectNew(tenant);
      const fresh = await connectNew(tenant);
      await ctx.service.dataSource.query(
        `UPDATE auth_connector.zoho_connections SET access_token_expires_at = now() + interval '3 minutes' WHERE id = $1`,
        [expiring.id],
      );
      const freshBefore = await rowOf(fresh.id);
      await ctx.service.app.get(TokenRefreshScheduler, { strict: false }).refreshDue();
      const renewed = await rowOf(expiring.id);
      assert.ok(renewed.lastRefreshedAt, 'the expiring connection was refreshed');
      assert.ok(renewed.accessTokenExpiresAt!.getTime() > Date.now() + 50 * 60_000);
      assert.equal((await rowOf(fresh.id)).lastRefreshedAt, null);
      assert.deepEqual((await rowOf(fresh.id)).encryptedAccessToken, freshBefore.encryptedAccessToken);
      // At least daily: a connection last refreshed over a day ago is refreshed though its token is valid.
      await ctx.service.dataSource.query(
        `UPDATE auth_connector.zoho_connections SET connected_at = now() - interval '25 hours' WHERE id = $1`,
        [fresh.id],
      );
      await ctx.service.app.get(TokenRefreshScheduler, { strict: false }).refreshDue();
      assert.ok((await rowOf(fresh.id)).lastRefreshedAt, 'the day-old connection was refreshed');
    });

    test('a revoked grant moves the connection to NEEDS_REAUTH with the reason and publishes connection.needs-reauth', async () => {
      const tenant = newTenantId();
      const { org, id } = await connectNew(tenant);
      const { refreshToken } = await secretsOf(id);
      const oauth = new ZohoOAuthClient({ dataCentres: ZohoDataCentreDirectory.forSandbox(sandbox.origin) });
      await oauth.revoke({ accountsServer: org.accountsServer, token: refreshToken });
      const tested = await ctx.query<Tested>(tenant, TEST, { id });
      const result = tested.data!.testZohoConnection;
      assert.equal(result.status, 'FAILED', JSON.stringify(tested));
      assert.equal(result.errorCode, 'CONNECTION_NOT_CONNECTED');
      assert.deepEqual(
        { status: result.connection.status, lastErrorCode: result.connection.lastErrorCode },
        { status: 'NEEDS_REAUTH', lastErrorCode: 'invalid_code' },
      );
      assert.match(result.connection.statusReason ?? '', /revoked or the client deleted; connect the org again/);
      await eventually(() => assert.equal(eventsOf(id, 'connection.needs-reauth').length, 1));
      assert.deepEqual(JSON.parse(eventsOf(id, 'connection.needs-reauth')[0]?.value ?? '{}'), {
        connectionId: id,
        zohoOrgId: org.id,
        errorCode: 'invalid_code',
        reason: result.connection.statusReason,
      });
      // No token is handed out any more, and no further refresh is attempted.
      const tokens = ctx.service.app.get(ConnectionAccessTokens, { strict: false });
      await assert.rejects(tokens.accessToken(tenant, id), /NEEDS_REAUTH/);
    });

    test('disconnectZoho revokes at Zoho, deletes the secrets and publishes connection.disconnected', async () => {
      const tenant = newTenantId();
      const { org, client, id } = await connectNew(tenant);
      const { refreshToken } = await secretsOf(id);
      const viewer = await ctx.queryAs({ tenantId: tenant, roles: ['viewer'] }, DISCONNECT, { id });
      assert.equal(viewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      const foreign = await ctx.query(newTenantId(), DISCONNECT, { id });
      assert.deepEqual(firstErrorCodeAndField(foreign), { code: 'CONNECTION_NOT_FOUND', field: 'id' });
      assert.equal((await rowOf(id)).status, 'CONNECTED');

      const disconnected = await ctx.queryAs<{ disconnectZoho: { status: string } }>({ tenantId: tenant, userId: 'admin-9' }, DISCONNECT, {
        id,
      });
      assert.equal(disconnected.data?.disconnectZoho.status, 'DISCONNECTED', JSON.stringify(disconnected));
      const row = await rowOf(id);
      assert.deepEqual(
        [row.encryptedRefreshToken, row.encryptedAccessToken, row.encryptedClientSecret, row.encryptionKeyId, row.accessTokenExpiresAt],
        [null, null, null, null, null],
      );
      const oauth = new ZohoOAuthClient({ dataCentres: ZohoDataCentreDirectory.forSandbox(sandbox.origin) });
      await assert.rejects(oauth.refresh({ ...client, accountsServer: org.accountsServer, refreshToken }), /invalid_code/);
      await eventually(() => assert.equal(eventsOf(id, 'connection.disconnected').length, 1));
      assert.deepEqual(JSON.parse(eventsOf(id, 'connection.disconnected')[0]?.value ?? '{}'), {
        connectionId: id,
        zohoOrgId: org.id,
        disconnectedByUserId: 'admin-9',
        revokedAtZoho: true,
      });
      const malformed = await ctx.query(tenant, DISCONNECT, { id: 'connection-1' });
      assert.deepEqual(firstErrorCodeAndField(malformed), { code: 'INVALID_CONNECTION_ID', field: 'id' });
    });
  });

  describe('access tokens for other services (internal endpoint and client library)', () => {
    const endpointOf = (connectionId: string) => `${ctx.service.url}/internal/connections/${connectionId}/access-token`;
    const clientFor = () =>
      new ConnectionTokenClient({ authConnectorUrl: ctx.service.url, service: 'sync-engine', signingSecret: TEST_SIGNING_SECRET });
    const handedOut = (connectionId: string) =>
      ctx.logLines.filter((line) => line.includes('handed out a Zoho access token') && line.includes(connectionId)).length;

    async function connectNew(tenantId: string) {
      const org = await sandbox.createOrg({ location: 'eu' });
      await sandbox.seedRecords(org, 'Leads', [{ Last_Name: 'Through auth-connector' }]);
      const client = await sandbox.createSelfClient(org);
      const code = await sandbox.selfClientCode(org, client);
      const connected = await ctx.query<Connected>(tenantId, CONNECT, {
        input: { dataCentre: 'EU', clientId: client.clientId, clientSecret: client.clientSecret, code },
      });
      assert.equal(connected.errors, undefined, JSON.stringify(connected.errors));
      return { org, id: connected.data!.connectZohoWithGrantCode.id };
    }

    async function post(connectionId: string, bearer: string | null) {
      const response = await fetch(endpointOf(connectionId), {
        method: 'POST',
        headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    test('a service gets a working token for its tenant, cached until shortly before it expires and renewed when Zoho refuses it', async () => {
      const tenant = newTenantId();
      const { org, id } = await connectNew(tenant);
      const tokens = clientFor();
      const zoho = new ZohoClient({
        tokens,
        dataCentres: ZohoDataCentreDirectory.forSandbox(sandbox.origin),
        limitsFor: () => ({ edition: 'enterprise' }),
      });
      const orgRef = connectionOrgRef(tenant, id);
      const names = async () => {
        const found: unknown[] = [];
        for await (const lead of zoho.records.list(orgRef, 'Leads', { fields: ['Last_Name'] })) {
          found.push(lead['Last_Name']);
        }
        return found;
      };
      assert.deepEqual(await names(), ['Through auth-connector']);
      const first = await tokens.accessToken(orgRef);
      assert.equal(first.apiDomain, `${sandbox.origin}/dc/eu`);
      assert.equal(handedOut(id), 1, 'the second use came from the cache');

      // Zoho stops accepting the token: the client invalidates it, auth-connector refreshes, the call succeeds.
      await sandbox.expireAccessTokens(org);
      assert.deepEqual(await names(), ['Through auth-connector']);
      assert.equal(handedOut(id), 2);
      assert.notEqual((await tokens.accessToken(orgRef)).token, first.token);
    });

    test("another tenant's connection, an unknown one and one that needs a new consent are refused", async () => {
      const tenant = newTenantId();
      const { id } = await connectNew(tenant);
      await assert.rejects(clientFor().accessToken(connectionOrgRef(newTenantId(), id)), (error: unknown) => {
        assert.ok(error instanceof ConnectionTokenError);
        assert.deepEqual([error.code, error.httpStatus], ['CONNECTION_NOT_FOUND', 404]);
        return true;
      });
      const asTenant = await signServiceToken({ service: 'sync-engine', tenantId: tenant }, TEST_SIGNING_SECRET, {
        audience: 'auth-connector',
      });
      assert.deepEqual((await post(randomUUID(), asTenant)).status, 404);
      assert.deepEqual((await post('not-a-connection', asTenant)).body['code'], 'CONNECTION_NOT_FOUND');
      await ctx.service.dataSource.query(`UPDATE auth_connector.zoho_connections SET status = 'NEEDS_REAUTH' WHERE id = $1`, [id]);
      const needsReauth = await post(id, asTenant);
      assert.deepEqual([needsReauth.status, needsReauth.body['code']], [409, 'CONNECTION_NOT_CONNECTED']);
    });

    test('forged, expired, misaddressed, missing and caller-context tokens are refused with 401 and no token', async () => {
      const tenant = newTenantId();
      const { id } = await connectNew(tenant);
      const caller = { service: 'sync-engine', tenantId: tenant };
      const forged = await signServiceToken(caller, randomBytes(32).toString('hex'), { audience: 'auth-connector' });
      const expired = await signServiceToken(caller, TEST_SIGNING_SECRET, {
        audience: 'auth-connector',
        nowSeconds: Math.floor(Date.now() / 1000) - 600,
      });
      const misaddressed = await signServiceToken(caller, TEST_SIGNING_SECRET, { audience: 'mapping-config' });
      const callerContext = await signCallerContext({ tenantId: tenant, userId: 'u', roles: ['admin'] }, TEST_SIGNING_SECRET, {
        audience: 'auth-connector',
      });
      const refusals = [];
      for (const bearer of [forged, expired, misaddressed, null, callerContext]) {
        const answer = await post(id, bearer);
        assert.equal(answer.body['accessToken'], undefined);
        refusals.push([answer.status, answer.body['code']]);
      }
      assert.deepEqual(refusals, [
        [401, 'SERVICE_TOKEN_BAD_SIGNATURE'],
        [401, 'SERVICE_TOKEN_EXPIRED'],
        [401, 'SERVICE_TOKEN_WRONG_AUDIENCE'],
        [401, 'SERVICE_TOKEN_MISSING'],
        [401, 'SERVICE_TOKEN_MALFORMED'],
      ]);
    });
  });

  describe('connection settings: the Zoho API version and the read strategy', () => {
    const SETTINGS = `mutation($input: UpdateZohoConnectionSettingsInput!) {
      updateZohoConnectionSettings(input: $input) { id apiVersion readStrategy } }`;
    type Updated = { updateZohoConnectionSettings: { id: string; apiVersion: string; readStrategy: string } };
    let recorder: TopicRecorder;
    before(async () => {
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.connections]).start();
    });
    after(() => recorder.stop());
    const eventsOf = (connectionId: string, type: string) =>
      recorder.on(Topics.connections).filter((record) => record.key === connectionId && record.headers['ce_type'] === type);

    async function connect(tenantId: string, settings: Record<string, string> = {}) {
      const org = await sandbox.createOrg({ location: 'us' });
      const client = await sandbox.createSelfClient(org);
      const code = await sandbox.selfClientCode(org, client);
      const connected = await ctx.query<{ connectZohoWithGrantCode: { id: string; apiVersion: string; readStrategy: string } }>(
        tenantId,
        'mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) { id apiVersion readStrategy } }',
        { input: { dataCentre: 'US', clientId: client.clientId, clientSecret: client.clientSecret, code, ...settings } },
      );
      assert.equal(connected.errors, undefined, JSON.stringify(connected.errors));
      return { org, client, connection: connected.data!.connectZohoWithGrantCode };
    }

    test('a new connection calls v8 and reads automatically; both are on the connection and on connection.connected', async () => {
      const { connection } = await connect(newTenantId());
      assert.deepEqual(
        { apiVersion: connection.apiVersion, readStrategy: connection.readStrategy },
        { apiVersion: 'V8', readStrategy: 'AUTOMATIC' },
      );
      await eventually(() => assert.equal(eventsOf(connection.id, 'connection.connected').length, 1));
      const data = JSON.parse(eventsOf(connection.id, 'connection.connected')[0]?.value ?? '{}') as Record<string, unknown>;
      assert.deepEqual(
        { apiVersion: data['apiVersion'], readStrategy: data['readStrategy'] },
        { apiVersion: 'V8', readStrategy: 'AUTOMATIC' },
      );
    });

    test('chosen at connect time, kept when the org is connected again without a choice, and used by testZohoConnection', async () => {
      const tenant = newTenantId();
      const { org, client, connection } = await connect(tenant, { apiVersion: 'V2_1', readStrategy: 'REST_LIST' });
      assert.deepEqual(
        { apiVersion: connection.apiVersion, readStrategy: connection.readStrategy },
        { apiVersion: 'V2_1', readStrategy: 'REST_LIST' },
      );
      await eventually(() => assert.equal(eventsOf(connection.id, 'connection.connected').length, 1));
      const data = JSON.parse(eventsOf(connection.id, 'connection.connected')[0]?.value ?? '{}') as Record<string, unknown>;
      assert.deepEqual(
        { apiVersion: data['apiVersion'], readStrategy: data['readStrategy'] },
        { apiVersion: 'V2_1', readStrategy: 'REST_LIST' },
      );
      // The test call goes to /crm/v2.1/org: Zoho's spelling of V2_1 (the sandbox refuses a version it does not know).
      const tested = await ctx.query<{ testZohoConnection: { status: string; errorCode: string | null } }>(
        tenant,
        'mutation($id: ID!) { testZohoConnection(id: $id) { status errorCode } }',
        { id: connection.id },
      );
      assert.deepEqual(tested.data?.testZohoConnection, { status: 'OK', errorCode: null });
      const code = await sandbox.selfClientCode(org, client);
      const again = await ctx.query<{ connectZohoWithGrantCode: { id: string; apiVersion: string; readStrategy: string } }>(
        tenant,
        'mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) { id apiVersion readStrategy } }',
        { input: { dataCentre: 'US', clientId: client.clientId, clientSecret: client.clientSecret, code } },
      );
      assert.deepEqual(again.data?.connectZohoWithGrantCode, { id: connection.id, apiVersion: 'V2_1', readStrategy: 'REST_LIST' });
    });

    test('updateZohoConnectionSettings changes what is given, publishes connection.settings-changed once per change', async () => {
      const tenant = newTenantId();
      const { connection } = await connect(tenant);
      const updated = await ctx.query<Updated>(tenant, SETTINGS, { input: { connectionId: connection.id, readStrategy: 'BULK_READ' } });
      assert.deepEqual(updated.data?.updateZohoConnectionSettings, { id: connection.id, apiVersion: 'V8', readStrategy: 'BULK_READ' });
      const second = await ctx.query<Updated>(tenant, SETTINGS, { input: { connectionId: connection.id, apiVersion: 'V7' } });
      assert.deepEqual(second.data?.updateZohoConnectionSettings, { id: connection.id, apiVersion: 'V7', readStrategy: 'BULK_READ' });
      // The same values again change nothing and publish nothing.
      const unchanged = await ctx.query<Updated>(tenant, SETTINGS, { input: { connectionId: connection.id, apiVersion: 'V7' } });
      assert.equal(unchanged.errors, undefined);
      await eventually(() => assert.equal(eventsOf(connection.id, 'connection.settings-changed').length, 2));
      const events = eventsOf(connection.id, 'connection.settings-changed').map(
        (record) => JSON.parse(record.value ?? '{}') as Record<string, unknown>,
      );
      assert.deepEqual(
        events.map(({ apiVersion, readStrategy, changedByUserId, connectionId }) => ({
          apiVersion,
          readStrategy,
          changedByUserId,
          connectionId,
        })),
        [
          { apiVersion: 'V8', readStrategy: 'BULK_READ', changedByUserId: 'test-user', connectionId: connection.id },
          { apiVersion: 'V7', readStrategy: 'BULK_READ', changedByUserId: 'test-user', connectionId: connection.id },
        ],
      );
      const listed = await ctx.query<{ zohoConnection: { apiVersion: string; readStrategy: string } }>(
        tenant,
        'query($id: ID!) { zohoConnection(id: $id) { apiVersion readStrategy } }',
        { id: connection.id },
      );
      assert.deepEqual(listed.data?.zohoConnection, { apiVersion: 'V7', readStrategy: 'BULK_READ' });
    });

    test('a viewer, another tenant, a malformed id and a value Zoho has no version for are refused; nothing changes', async () => {
      const tenant = newTenantId();
      const { connection } = await connect(tenant);
      const viewer = await ctx.queryAs({ tenantId: tenant, roles: ['viewer'] }, SETTINGS, {
        input: { connectionId: connection.id, apiVersion: 'V2' },
      });
      assert.equal(viewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      const foreign = await ctx.query(newTenantId(), SETTINGS, { input: { connectionId: connection.id, apiVersion: 'V2' } });
      assert.deepEqual(firstErrorCodeAndField(foreign), { code: 'CONNECTION_NOT_FOUND', field: 'input.connectionId' });
      const malformed = await ctx.query(tenant, SETTINGS, { input: { connectionId: 'not-a-uuid', apiVersion: 'V2' } });
      assert.deepEqual(firstErrorCodeAndField(malformed), { code: 'INVALID_CONNECTION_ID', field: 'input.connectionId' });
      const unknownVersion = await ctx.query(tenant, SETTINGS, { input: { connectionId: connection.id, apiVersion: 'V1' } });
      assert.ok(unknownVersion.errors?.[0]?.message.includes('V1'), JSON.stringify(unknownVersion.errors));
      const row = await ctx.service.dataSource.getRepository(ZohoConnectionEntity).findOneByOrFail({ id: connection.id });
      assert.deepEqual({ apiVersion: row.apiVersion, readStrategy: row.readStrategy }, { apiVersion: 'V8', readStrategy: 'AUTOMATIC' });
      assert.equal(eventsOf(connection.id, 'connection.settings-changed').length, 0);
    });
  });
});
