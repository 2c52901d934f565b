/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SandboxTestContext, type ApiResponse, type TestOrg } from '../testing/sandbox-test-context';

/** The three ways Zoho Accounts takes token-endpoint parameters (reference §1.1). */
const FORM_ENCODINGS = ['multipart', 'urlencoded', 'query'] as const;
type FormEncoding = (typeof FORM_ENCODINGS)[number];

describe('Zoho Accounts emulation', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;

  before(async () => {
    ctx = await SandboxTestContext.start({ accessTokenTtlSeconds: 3600 });
    org = await ctx.newOrg('eu');
  });
  after(() => ctx.stop());

  test('consent page redirects with code, location, accounts-server and state; the code buys tokens once', async () => {
    const client = await ctx.admin('POST', `/orgs/${org.id}/clients`, {
      name: 'Portal',
      redirectUris: ['https://portal.example/callback'],
    });
    assert.equal(client.status, 201);
    const authorize = `${org.accountsServer}/oauth/v2/auth?${new URLSearchParams({
      client_id: client.body.clientId,
      response_type: 'code',
      redirect_uri: 'https://portal.example/callback',
      scope: 'ZohoCRM.modules.ALL,ZohoCRM.org.READ',
      access_type: 'offline',
      prompt: 'consent',
      state: 'xyz',
    }).toString()}`;
    const page = await ctx.request('GET', authorize);
    assert.equal(page.status, 200);
    assert.match(String(page.body), /Portal would like to access/);
    assert.match(String(page.body), /ZohoCRM\.modules\.ALL/);

    const decision = await ctx.request('POST', authorize, { form: { user_id: org.primaryUserId, decision: 'accept' } });
    assert.equal(decision.status, 302);
    const redirect = new URL(decision.headers.get('location') ?? '');
    assert.equal(`${redirect.origin}${redirect.pathname}`, 'https://portal.example/callback');
    assert.equal(redirect.searchParams.get('state'), 'xyz');
    assert.equal(redirect.searchParams.get('location'), 'eu');
    assert.equal(redirect.searchParams.get('accounts-server'), org.accountsServer);
    const code = redirect.searchParams.get('code') ?? '';
    assert.match(code, /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);

    const exchange = {
      grant_type: 'authorization_code',
      client_id: client.body.clientId,
      client_secret: client.body.clientSecret,
      redirect_uri: 'https://portal.example/callback',
      code,
    };
    const tokens = await ctx.form(`${org.accountsServer}/oauth/v2/token`, exchange);
    assert.equal(tokens.status, 200);
    assert.deepEqual(Object.keys(tokens.body).sort(), ['access_token', 'api_domain', 'expires_in', 'refresh_token', 'scope', 'token_type']);
    assert.equal(tokens.body.api_domain, org.apiDomain);
    assert.equal(tokens.body.token_type, 'Bearer');
    assert.equal(tokens.body.expires_in, 3600);

    const reused = await ctx.form(`${org.accountsServer}/oauth/v2/token`, exchange);
    assert.deepEqual({ status: reused.status, body: reused.body }, { status: 200, body: { error: 'invalid_code' } });

    const orgResponse = await ctx.api({ accessToken: tokens.body.access_token, apiDomain: tokens.body.api_domain }, 'GET', '/crm/v8/org');
    assert.equal(orgResponse.status, 200);
    assert.equal(orgResponse.body.org[0].id, org.id);
  });

  test('offline access returns a refresh token only on the first grant unless prompt=consent; online never', async () => {
    const client = await ctx.admin('POST', `/orgs/${org.id}/clients`, { redirectUris: ['https://portal.example/cb'] });
    const grant = async (extra: Record<string, string>): Promise<Record<string, unknown>> => {
      const url = `${org.accountsServer}/oauth/v2/auth?${new URLSearchParams({
        client_id: client.body.clientId,
        response_type: 'code',
        redirect_uri: 'https://portal.example/cb',
        scope: 'ZohoCRM.org.READ',
        ...extra,
      }).toString()}`;
      const decision = await ctx.request('POST', url, { form: { user_id: org.primaryUserId, decision: 'accept' } });
      const code = new URL(decision.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const tokens = await ctx.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'authorization_code',
        client_id: client.body.clientId,
        client_secret: client.body.clientSecret,
        redirect_uri: 'https://portal.example/cb',
        code,
      });
      return tokens.body as Record<string, unknown>;
    };
    assert.equal(typeof (await grant({ access_type: 'offline' }))['refresh_token'], 'string');
    assert.equal((await grant({ access_type: 'offline' }))['refresh_token'], undefined);
    assert.equal(typeof (await grant({ access_type: 'offline', prompt: 'consent' }))['refresh_token'], 'string');
    const online = await grant({});
    assert.equal(online['refresh_token'], undefined);
    assert.equal(typeof online['access_token'], 'string');
  });

  test('consent refusals: unknown redirect URI is an error page, reject redirects with access_denied', async () => {
    const client = await ctx.admin('POST', `/orgs/${org.id}/clients`, { redirectUris: ['https://portal.example/cb'] });
    const base = { client_id: client.body.clientId, response_type: 'code', scope: 'ZohoCRM.modules.ALL', state: 's1' };
    const wrongUri = await ctx.request(
      'GET',
      `${org.accountsServer}/oauth/v2/auth?${new URLSearchParams({ ...base, redirect_uri: 'https://evil.example/cb' }).toString()}`,
    );
    assert.equal(wrongUri.status, 400);
    assert.match(String(wrongUri.body), /Invalid Redirect Uri/);
    const url = `${org.accountsServer}/oauth/v2/auth?${new URLSearchParams({ ...base, redirect_uri: 'https://portal.example/cb' }).toString()}`;
    const rejected = await ctx.request('POST', url, { form: { user_id: org.primaryUserId, decision: 'reject' } });
    const location = new URL(rejected.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.equal(location.searchParams.get('state'), 's1');
  });

  test('refresh returns a new access token without a refresh token; errors are HTTP 200 with an error field', async () => {
    const connection = await ctx.connect(org);
    const refresh = (overrides: Record<string, string> = {}) =>
      ctx.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'refresh_token',
        client_id: connection.clientId,
        client_secret: connection.clientSecret,
        refresh_token: connection.refreshToken,
        ...overrides,
      });
    const refreshed = await refresh();
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.refresh_token, undefined);
    assert.equal(typeof refreshed.body.access_token, 'string');
    assert.equal(refreshed.body.api_domain, org.apiDomain);

    assert.deepEqual((await refresh({ client_secret: 'wrong' })).body, { error: 'invalid_client' });
    assert.deepEqual((await refresh({ refresh_token: '1000.abc.def' })).body, { error: 'invalid_code' });
    assert.deepEqual((await refresh({ grant_type: 'password' })).body, { error: 'unsupported_grant_type' });
  });

  test('client_credentials: a self client gets an access token for its org, without a refresh token', async () => {
    const client = await ctx.admin('POST', `/orgs/${org.id}/clients`, { kind: 'self-client' });
    const grant = (overrides: Record<string, string> = {}) =>
      ctx.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'client_credentials',
        client_id: client.body.clientId,
        client_secret: client.body.clientSecret,
        scope: 'ZohoCRM.org.READ',
        soid: `ZohoCRM.${org.id}`,
        ...overrides,
      });
    const tokens = await grant();
    assert.equal(tokens.body.refresh_token, undefined);
    assert.equal(
      (await ctx.api({ accessToken: tokens.body.access_token, apiDomain: tokens.body.api_domain }, 'GET', '/crm/v8/org')).status,
      200,
    );
    assert.deepEqual((await grant({ soid: 'ZohoCRM.1' })).body, { error: 'invalid_client' });
    assert.deepEqual((await grant({ scope: 'everything' })).body, { error: 'invalid_scope' });
    const webClient = await ctx.admin('POST', `/orgs/${org.id}/clients`, { redirectUris: ['https://portal.example/cb'] });
    assert.deepEqual((await grant({ client_id: webClient.body.clientId, client_secret: webClient.body.clientSecret })).body, {
      error: 'unauthorized_client',
    });
  });

  test('a token works only in its own DC, at the accounts server and at the API', async () => {
    const connection = await ctx.connect(org);
    const usAccounts = ctx.sandbox.urls('us').accountsServer;
    const wrongDc = await ctx.form(`${usAccounts}/oauth/v2/token`, {
      grant_type: 'refresh_token',
      client_id: connection.clientId,
      client_secret: connection.clientSecret,
      refresh_token: connection.refreshToken,
    });
    assert.deepEqual(wrongDc.body, { error: 'invalid_client' });
    const usApi = await ctx.api({ accessToken: connection.accessToken, apiDomain: ctx.sandbox.urls('us').apiDomain }, 'GET', '/crm/v8/org');
    assert.equal(usApi.status, 401);
    assert.deepEqual(usApi.body, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });
    const serverInfo = await ctx.request('GET', `${org.accountsServer}/oauth/serverinfo`);
    assert.equal(serverInfo.body.locations.eu, org.accountsServer);
    assert.equal(serverInfo.body.locations.us, ctx.sandbox.urls('us').accountsServer);
    const unknownDc = await ctx.form(`${ctx.origin}/dc/uk/accounts/oauth/v2/token`, { grant_type: 'refresh_token' });
    assert.deepEqual({ status: unknownDc.status, code: unknownDc.body.code }, { status: 404, code: 'INVALID_URL_PATTERN' });
  });

  test('missing, malformed and out-of-scope tokens get Zoho errors', async () => {
    const noHeader = await ctx.request('GET', `${org.apiDomain}/crm/v8/org`);
    assert.equal(noHeader.status, 401);
    assert.equal(noHeader.body.code, 'AUTHENTICATION_FAILURE');
    const bearer = await ctx.request('GET', `${org.apiDomain}/crm/v8/org`, { headers: { authorization: 'Bearer abc' } });
    assert.equal(bearer.body.code, 'INVALID_TOKEN');
    const dealsOnly = await ctx.connect(org, ['ZohoCRM.modules.deals.READ']);
    const leads = await ctx.api(dealsOnly, 'GET', '/crm/v8/Leads?fields=Last_Name');
    assert.equal(leads.status, 401);
    assert.deepEqual(leads.body, { code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'Unauthorized', status: 'error' });
    assert.equal((await ctx.api(dealsOnly, 'GET', '/crm/v8/Deals?fields=Deal_Name')).status, 204);
  });

  test('grant codes expire after their minutes; access tokens after their lifetime', async () => {
    const client = await ctx.admin('POST', `/orgs/${org.id}/clients`, { kind: 'self-client' });
    const code = await ctx.admin('POST', `/orgs/${org.id}/self-client-codes`, {
      clientId: client.body.clientId,
      scopes: 'ZohoCRM.org.ALL',
      expiresInMinutes: 3,
    });
    assert.equal(code.status, 201);
    const connection = await ctx.connect(org, ['ZohoCRM.org.ALL']);
    await ctx.admin('POST', '/clock/advance', { seconds: 181 });
    const late = await ctx.form(`${org.accountsServer}/oauth/v2/token`, {
      grant_type: 'authorization_code',
      client_id: client.body.clientId,
      client_secret: client.body.clientSecret,
      code: code.body.code,
    });
    assert.deepEqual(late.body, { error: 'invalid_code' });
    assert.equal((await ctx.api(connection, 'GET', '/crm/v8/org')).status, 200);
    await ctx.admin('POST', '/clock/advance', { seconds: 3600 });
    const expired = await ctx.api(connection, 'GET', '/crm/v8/org');
    assert.equal(expired.status, 401);
    assert.equal(expired.body.code, 'INVALID_TOKEN');
  });

  test('per-refresh-token limits: 10 new access tokens per 10 minutes, 15 live at once', async () => {
    const connection = await ctx.connect(org, ['ZohoCRM.org.ALL']);
    const refresh = () =>
      ctx.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'refresh_token',
        client_id: connection.clientId,
        client_secret: connection.clientSecret,
        refresh_token: connection.refreshToken,
      });
    // The code exchange minted the first access token; 9 more refreshes fit in the window.
    const tokens = [connection.accessToken];
    for (let index = 0; index < 9; index += 1) {
      tokens.push((await refresh()).body.access_token as string);
    }
    const throttled = await refresh();
    assert.equal(throttled.status, 200);
    assert.deepEqual(throttled.body, {
      error_description: 'You have made too many requests continuously. Please try again after some time.',
      error: 'Access Denied',
      status: 'failure',
    });
    await ctx.admin('POST', '/clock/advance', { seconds: 601 });
    for (let index = 0; index < 6; index += 1) {
      tokens.push((await refresh()).body.access_token as string);
    }
    // 16 live tokens minted from one refresh token: the 16th invalidated the oldest.
    assert.equal((await ctx.api({ accessToken: tokens[0]!, apiDomain: org.apiDomain }, 'GET', '/crm/v8/org')).status, 401);
    assert.equal((await ctx.api({ accessToken: tokens[1]!, apiDomain: org.apiDomain }, 'GET', '/crm/v8/org')).status, 200);
  });

  test('grant codes: 10 per client per 10 minutes; refresh tokens: the 21st of a user and client evicts the oldest', async () => {
    const client = await ctx.admin('POST', `/orgs/${org.id}/clients`, { kind: 'self-client' });
    const refreshTokens: string[] = [];
    for (let index = 0; index < 21; index += 1) {
      if (index > 0 && index % 10 === 0) {
        const refused = await ctx.admin('POST', `/orgs/${org.id}/self-client-codes`, {
          clientId: client.body.clientId,
          scopes: 'ZohoCRM.org.ALL',
        });
        assert.deepEqual({ status: refused.status, code: refused.body.error.code }, { status: 429, code: 'LIMIT_REACHED' });
        await ctx.admin('POST', '/clock/advance', { seconds: 601 });
      }
      const code = await ctx.admin('POST', `/orgs/${org.id}/self-client-codes`, {
        clientId: client.body.clientId,
        scopes: 'ZohoCRM.org.ALL',
      });
      const tokens = await ctx.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'authorization_code',
        client_id: client.body.clientId,
        client_secret: client.body.clientSecret,
        code: code.body.code,
      });
      refreshTokens.push(tokens.body.refresh_token as string);
    }
    const refresh = (refreshToken: string) =>
      ctx.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'refresh_token',
        client_id: client.body.clientId,
        client_secret: client.body.clientSecret,
        refresh_token: refreshToken,
      });
    assert.deepEqual((await refresh(refreshTokens[0]!)).body, { error: 'invalid_code' });
    assert.equal(typeof (await refresh(refreshTokens[1]!)).body.access_token, 'string');
    assert.equal(typeof (await refresh(refreshTokens[20]!)).body.access_token, 'string');
  });

  test('revoking a refresh token kills its access tokens; both revoke endpoints work', async () => {
    const connection = await ctx.connect(org, ['ZohoCRM.org.ALL']);
    const revoked = await ctx.request('POST', `${org.accountsServer}/oauth/v2/token/revoke?token=${connection.refreshToken}`);
    assert.deepEqual({ status: revoked.status, body: revoked.body }, { status: 200, body: { status: 'success' } });
    assert.equal((await ctx.api(connection, 'GET', '/crm/v8/org')).status, 401);
    const again = await ctx.request('POST', `${org.accountsServer}/oauth/v2/token/revoke?token=${connection.refreshToken}`);
    assert.equal(again.status, 400);
    const refreshAfterRevoke = await ctx.form(`${org.accountsServer}/oauth/v2/token`, {
      grant_type: 'refresh_token',
      client_id: connection.clientId,
      client_secret: connection.clientSecret,
      refresh_token: connection.refreshToken,
    });
    assert.deepEqual(refreshAfterRevoke.body, { error: 'invalid_code' });

    const second = await ctx.connect(org, ['ZohoCRM.org.ALL']);
    const basic = Buffer.from(`${second.clientId}:${second.clientSecret}`).toString('base64');
    const newer = await ctx.form(
      `${org.accountsServer}/oauth/v2/revoke/token`,
      { token: second.refreshToken, token_type: 'refresh_token' },
      { authorization: `Basic ${basic}` },
    );
    assert.deepEqual(newer.body, { status: 'success' });
    assert.equal((await ctx.api(second, 'GET', '/crm/v8/org')).status, 401);
  });

  /** One Accounts call with its parameters sent the way `encoding` says; Basic auth when `basic` is given. */
  async function accountsCall(
    path: string,
    params: Record<string, string>,
    encoding: FormEncoding,
    basic?: { clientId: string; clientSecret: string },
  ): Promise<Pick<ApiResponse, 'status' | 'body'>> {
    const headers: Record<string, string> = {};
    if (basic) {
      headers['authorization'] = `Basic ${Buffer.from(`${basic.clientId}:${basic.clientSecret}`).toString('base64')}`;
    }
    let url = `${org.accountsServer}${path}`;
    let body: FormData | URLSearchParams | undefined;
    if (encoding === 'query') {
      url += `?${new URLSearchParams(params).toString()}`;
    } else if (encoding === 'urlencoded') {
      body = new URLSearchParams(params);
    } else {
      body = new FormData();
      for (const [key, value] of Object.entries(params)) {
        body.append(key, value);
      }
    }
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, body: await response.json() };
  }

  for (const encoding of FORM_ENCODINGS) {
    test(`token, refresh and revoke read ${encoding} parameters: web and self-client codes, client credentials, both revokes`, async () => {
      // fetch picks the content type from the body: multipart/form-data with a boundary, or urlencoded.
      const web = await ctx.admin('POST', `/orgs/${org.id}/clients`, { redirectUris: ['https://portal.example/cb'] });
      const authorize = `${org.accountsServer}/oauth/v2/auth?${new URLSearchParams({
        client_id: web.body.clientId,
        response_type: 'code',
        redirect_uri: 'https://portal.example/cb',
        scope: 'ZohoCRM.org.READ',
        access_type: 'offline',
      }).toString()}`;
      const consent = await ctx.request('POST', authorize, { form: { user_id: org.primaryUserId, decision: 'accept' } });
      const webTokens = await accountsCall(
        '/oauth/v2/token',
        {
          grant_type: 'authorization_code',
          client_id: web.body.clientId,
          client_secret: web.body.clientSecret,
          redirect_uri: 'https://portal.example/cb',
          code: new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '',
        },
        encoding,
      );
      assert.equal(webTokens.status, 200);
      assert.equal(typeof webTokens.body.access_token, 'string', JSON.stringify(webTokens.body));
      assert.equal(typeof webTokens.body.refresh_token, 'string');

      const self = await ctx.admin('POST', `/orgs/${org.id}/clients`, { kind: 'self-client' });
      const code = await ctx.admin('POST', `/orgs/${org.id}/self-client-codes`, {
        clientId: self.body.clientId,
        scopes: 'ZohoCRM.org.ALL',
      });
      const credentials = { client_id: self.body.clientId, client_secret: self.body.clientSecret };
      const selfTokens = await accountsCall(
        '/oauth/v2/token',
        { grant_type: 'authorization_code', ...credentials, code: code.body.code },
        encoding,
      );
      assert.equal(typeof selfTokens.body.access_token, 'string', JSON.stringify(selfTokens.body));
      const refreshToken = selfTokens.body.refresh_token as string;
      assert.equal(typeof refreshToken, 'string');

      const refresh = () =>
        accountsCall('/oauth/v2/token', { grant_type: 'refresh_token', ...credentials, refresh_token: refreshToken }, encoding);
      const refreshed = await refresh();
      assert.equal(typeof refreshed.body.access_token, 'string', JSON.stringify(refreshed.body));
      assert.equal(refreshed.body.refresh_token, undefined);
      assert.equal(
        (await ctx.api({ accessToken: refreshed.body.access_token, apiDomain: org.apiDomain }, 'GET', '/crm/v8/org')).status,
        200,
      );

      const clientCredentials = await accountsCall(
        '/oauth/v2/token',
        { grant_type: 'client_credentials', ...credentials, scope: 'ZohoCRM.org.READ', soid: `ZohoCRM.${org.id}` },
        encoding,
      );
      assert.equal(typeof clientCredentials.body.access_token, 'string', JSON.stringify(clientCredentials.body));

      const revoked = await accountsCall('/oauth/v2/token/revoke', { token: refreshToken }, encoding);
      assert.deepEqual(revoked, { status: 200, body: { status: 'success' } });
      assert.deepEqual((await refresh()).body, { error: 'invalid_code' });

      const newer = await accountsCall(
        '/oauth/v2/revoke/token',
        { token: webTokens.body.refresh_token, token_type: 'refresh_token' },
        encoding,
        { clientId: web.body.clientId, clientSecret: web.body.clientSecret },
      );
      assert.deepEqual(newer, { status: 200, body: { status: 'success' } });
      assert.equal(
        (await ctx.api({ accessToken: webTokens.body.access_token, apiDomain: org.apiDomain }, 'GET', '/crm/v8/org')).status,
        401,
      );
    });
  }

  test('a multipart body that does not parse gets the endpoint’s Zoho error shape, not a 500', async () => {
    const connection = await ctx.connect(org, ['ZohoCRM.org.ALL']);
    const malformed = async (path: string, contentType: string): Promise<{ status: number; body: unknown }> => {
      // Cut short after the first part's headers: no closing boundary.
      const body = `--x1\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nrefresh_token\r\n--x1\r\nContent-Disposition: form-da`;
      const response = await fetch(`${org.accountsServer}${path}?token=${connection.refreshToken}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      return { status: response.status, body: await response.json() };
    };
    assert.deepEqual(await malformed('/oauth/v2/token', 'multipart/form-data; boundary=x1'), {
      status: 200,
      body: { error: 'invalid_request' },
    });
    assert.deepEqual(await malformed('/oauth/v2/token', 'multipart/form-data'), { status: 200, body: { error: 'invalid_request' } });
    assert.deepEqual(await malformed('/oauth/v2/token/revoke', 'multipart/form-data; boundary=x1'), {
      status: 400,
      body: { error: 'invalid_request', status: 'failure' },
    });
    assert.deepEqual(await malformed('/oauth/v2/revoke/token', 'multipart/form-data; boundary=x1'), {
      status: 400,
      body: { error: 'invalid_request', status: 'failure' },
    });
    const web = await ctx.admin('POST', `/orgs/${org.id}/clients`, { redirectUris: ['https://portal.example/cb'] });
    const consentQuery = new URLSearchParams({
      client_id: web.body.clientId,
      response_type: 'code',
      redirect_uri: 'https://portal.example/cb',
      scope: 'ZohoCRM.org.READ',
    });
    const consent = await fetch(`${org.accountsServer}/oauth/v2/auth?${consentQuery.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x1' },
      body: '--x1\r\nContent-Disposition: form-da',
      redirect: 'manual',
    });
    assert.equal(consent.status, 400);
    assert.match(await consent.text(), /Invalid Request/);
    // The refresh token in the query string was not revoked by the unreadable calls.
    assert.equal((await ctx.api(connection, 'GET', '/crm/v8/org')).status, 200);
  });
});
