import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectSandboxOrg, ZohoSandboxProcess } from '@crm-bridge/testing';
import { ZohoDataCentreDirectory } from '../data-centre/zoho-data-centres';
import { ZohoOAuthError } from '../errors/zoho-errors';
import { ZohoClient } from '../zoho-client';
import { ZohoOAuthClient } from './zoho-oauth-client';
import { RefreshTokenProvider } from './zoho-token-provider';

describe('OAuth and tokens against the sandbox', () => {
  let sandbox: ZohoSandboxProcess;

  before(async () => {
    sandbox = await ZohoSandboxProcess.start();
  });
  after(() => sandbox.stop());

  test('consent flow in the EU: accounts-server from the redirect and api_domain from the token win over the configured guess', async () => {
    const org = await sandbox.createOrg({ location: 'eu' });
    await sandbox.seedRecords(org, 'Leads', [{ Last_Name: 'In Europe' }]);
    const client = await sandbox.admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${org.id}/clients`, {
      kind: 'server-based',
      redirectUris: ['https://portal.example/zoho/callback'],
    });
    // The configured guess for the EU API domain is wrong (it points at the US); Zoho's answers must override it.
    const sandboxHosts = ZohoDataCentreDirectory.forSandbox(sandbox.origin);
    const dataCentres = new ZohoDataCentreDirectory({
      ...Object.fromEntries((['US', 'IN', 'AU', 'JP', 'CN', 'CA', 'SA'] as const).map((dc) => [dc, sandboxHosts.of(dc)])),
      EU: { ...sandboxHosts.of('EU'), apiDomain: sandboxHosts.of('US').apiDomain },
    });
    const oauth = new ZohoOAuthClient({ dataCentres });
    const authorizationUrl = oauth.authorizationUrl({
      dataCentre: 'EU',
      clientId: client.clientId,
      redirectUri: 'https://portal.example/zoho/callback',
      scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.org.ALL'],
      state: 'anti-forgery-123',
    });
    const consent = await fetch(authorizationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'accept', user_id: org.primaryUserId }).toString(),
      redirect: 'manual',
    });
    assert.equal(consent.status, 302);
    const callback = oauth.parseAuthorizationCallback(consent.headers.get('location') ?? '');
    assert.deepEqual(
      { state: callback.state, location: callback.location, accountsServer: callback.accountsServer },
      {
        state: 'anti-forgery-123',
        location: 'EU',
        accountsServer: `${sandbox.origin}/dc/eu/accounts`,
      },
    );
    const grant = await oauth.exchangeCode({
      ...client,
      accountsServer: callback.accountsServer,
      code: callback.code,
      redirectUri: 'https://portal.example/zoho/callback',
    });
    assert.equal(grant.apiDomain, `${sandbox.origin}/dc/eu`);
    assert.ok(grant.refreshToken, 'offline + prompt=consent yields a refresh token');

    // The provider starts with the wrong (configured) API domain: Zoho answers INVALID_TOKEN there,
    // the client refreshes once, and the refresh response's api_domain routes the retry to the EU.
    const tokens = new RefreshTokenProvider(oauth);
    tokens.connect(
      'eu-org',
      {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        refreshToken: grant.refreshToken ?? '',
        accountsServer: callback.accountsServer,
      },
      { token: grant.accessToken, apiDomain: dataCentres.of('EU').apiDomain, expiresAt: grant.expiresAt },
    );
    const zoho = new ZohoClient({ tokens, dataCentres, limitsFor: () => ({ edition: 'enterprise' }) });
    const names: unknown[] = [];
    for await (const lead of zoho.records.list('eu-org', 'Leads', { fields: ['Last_Name'] })) {
      names.push(lead['Last_Name']);
    }
    assert.deepEqual(names, ['In Europe']);
    assert.equal(tokens.refreshes, 1);
  });

  test('tokens of one DC are refused by another: the token endpoint of the wrong DC says invalid_client', async () => {
    const org = await sandbox.createOrg({ location: 'ca' });
    const client = await sandbox.createSelfClient(org);
    const code = await sandbox.selfClientCode(org, client);
    const oauth = new ZohoOAuthClient({ dataCentres: ZohoDataCentreDirectory.forSandbox(sandbox.origin) });
    await assert.rejects(
      oauth.exchangeSelfClientCode({ ...client, accountsServer: `${sandbox.origin}/dc/us/accounts`, code }),
      (error: unknown) => error instanceof ZohoOAuthError && error.code === 'invalid_client' && error.httpStatus === 200,
    );
    const grant = await oauth.exchangeSelfClientCode({ ...client, accountsServer: org.accountsServer, code });
    assert.equal(grant.apiDomain, `${sandbox.origin}/dc/ca`);
    // Single use: the same code again is invalid_code.
    await assert.rejects(
      oauth.exchangeSelfClientCode({ ...client, accountsServer: org.accountsServer, code }),
      (error: unknown) => error instanceof ZohoOAuthError && error.code === 'invalid_code',
    );
  });

  test('20 concurrent calls with an expired token make exactly one refresh', async () => {
    const org = await sandbox.createOrg({ location: 'in' });
    const connected = await connectSandboxOrg(sandbox, org);
    const before = (await sandbox.orgState(org)).tokens.accessTokensIssued;
    assert.equal((await sandbox.expireAccessTokens(org)).expired, 1);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789')),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 20 }, () => null),
    );
    assert.equal((await sandbox.orgState(org)).tokens.accessTokensIssued - before, 1, 'the token endpoint minted one access token');
    assert.equal(connected.tokens.refreshes, 1);
  });

  test('a revoked refresh token surfaces as a typed OAuth error (invalid_code), not a retry loop', async () => {
    const org = await sandbox.createOrg({ location: 'au' });
    const connected = await connectSandboxOrg(sandbox, org);
    await connected.oauth.revoke({ accountsServer: org.accountsServer, token: connected.refreshToken });
    await assert.rejects(connected.zoho.records.get(connected.orgRef, 'Leads', '1234567890123456789'), (error: unknown) => {
      assert.ok(error instanceof ZohoOAuthError, String(error));
      assert.equal(error.code, 'invalid_code');
      return true;
    });
    await assert.rejects(
      connected.oauth.revoke({ accountsServer: org.accountsServer, token: connected.refreshToken }),
      (error: unknown) => {
        return error instanceof ZohoOAuthError && error.code === 'invalid_token';
      },
    );
  });
});
