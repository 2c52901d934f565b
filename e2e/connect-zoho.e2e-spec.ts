import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { findFreePort } from '@crm-bridge/persistence';
import { createTestDatabase, postGraphql, ZohoSandboxProcess, type TestDatabase } from '@crm-bridge/testing';
import { startLocalSystem, type LocalSystem } from './support/local-system';

const PORTAL_RETURN_URL = 'https://portal.example/settings/zoho';

/** Attribute values as a browser reads them from the consent page's markup. */
function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replaceAll('&amp;', '&');
}

describe("connecting Zoho through the gateway (issue 12's redirect flow, end to end)", () => {
  let database: TestDatabase;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let graphqlUrl: string;
  let redirectUrl: string;

  const as = async (tenantId: string, roles = ['admin']) => ({ authorization: `Bearer ${await system.tokenFor({ tenantId, roles })}` });

  before(async () => {
    database = await createTestDatabase();
    sandbox = await ZohoSandboxProcess.start();
    const port = await findFreePort();
    redirectUrl = `http://127.0.0.1:${port}/oauth/zoho/callback`;
    system = await startLocalSystem(database.url, {
      serviceEnvironment: {
        'auth-connector': { PORT: String(port), ZOHO_SANDBOX_URL: sandbox.origin, ZOHO_REDIRECT_URL: redirectUrl, PORTAL_RETURN_URL },
      },
    });
    graphqlUrl = `${system.gateway.url}/graphql`;
  });

  after(async () => {
    await system?.close();
    await sandbox?.stop();
    await database?.drop();
  });

  test('start at the gateway, consent at Zoho, back through the callback to the portal, then test and disconnect at the gateway', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const org = await sandbox.createOrg({ location: 'eu', companyName: 'End To End GmbH', edition: 'enterprise' });
    const client = await sandbox.admin<{ clientId: string; clientSecret: string }>('POST', `/orgs/${org.id}/clients`, {
      kind: 'server-based',
      redirectUris: [redirectUrl],
    });
    const started = await postGraphql<{ startZohoConnection: { authorizationUrl: string } }>(
      graphqlUrl,
      'mutation($input: StartZohoConnectionInput!) { startZohoConnection(input: $input) { authorizationUrl } }',
      {
        variables: { input: { dataCentre: 'EU', clientId: client.clientId, clientSecret: client.clientSecret } },
        headers: await as(tenant),
      },
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));

    // The user's browser: Zoho's consent page, Accept, Zoho's redirect to our callback, our redirect to the portal.
    const authorizationUrl = started.data!.startZohoConnection.authorizationUrl;
    const page = await (await fetch(authorizationUrl)).text();
    const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '');
    const userId = unescapeHtml(/<option value="([^"]+)"/.exec(page)?.[1] ?? '');
    const accepted = await fetch(new URL(action, authorizationUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'accept', user_id: userId }).toString(),
      redirect: 'manual',
    });
    const callback = accepted.headers.get('location') ?? '';
    assert.ok(callback.startsWith(`${redirectUrl}?`), callback);
    const landed = await fetch(callback, { redirect: 'manual' });
    const portal = new URL(landed.headers.get('location') ?? '');
    assert.equal(`${portal.origin}${portal.pathname}`, PORTAL_RETURN_URL);
    assert.equal(portal.searchParams.get('status'), 'connected');
    const id = portal.searchParams.get('connectionId');

    const listed = await postGraphql<{ zohoConnections: { edges: { node: Record<string, unknown> }[] } }>(
      graphqlUrl,
      '{ zohoConnections(first: 5) { edges { node { id status dataCentre zohoOrgName zohoOrgEdition } } } }',
      { headers: await as(tenant) },
    );
    assert.deepEqual(
      listed.data?.zohoConnections.edges.map((edge) => edge.node),
      [{ id, status: 'CONNECTED', dataCentre: 'EU', zohoOrgName: 'End To End GmbH', zohoOrgEdition: 'enterprise' }],
    );
    const tested = await postGraphql<{ testZohoConnection: { status: string; edition: string } }>(
      graphqlUrl,
      'mutation($id: ID!) { testZohoConnection(id: $id) { status edition } }',
      { variables: { id }, headers: await as(tenant) },
    );
    assert.deepEqual(tested.data?.testZohoConnection, { status: 'OK', edition: 'enterprise' });

    // Another tenant neither sees nor disconnects it; a viewer cannot start a connection.
    const intruder = `tenant-${randomUUID()}`;
    const foreign = await postGraphql(graphqlUrl, 'mutation($id: ID!) { disconnectZoho(id: $id) { id } }', {
      variables: { id },
      headers: await as(intruder),
    });
    assert.equal(foreign.errors?.[0]?.extensions?.['code'], 'CONNECTION_NOT_FOUND');
    const viewer = await postGraphql(graphqlUrl, 'mutation { startZohoConnection(input: { dataCentre: EU }) { authorizationUrl } }', {
      headers: await as(tenant, ['viewer']),
    });
    assert.equal(viewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');

    const disconnected = await postGraphql<{ disconnectZoho: { status: string } }>(
      graphqlUrl,
      'mutation($id: ID!) { disconnectZoho(id: $id) { status } }',
      { variables: { id }, headers: await as(tenant) },
    );
    assert.equal(disconnected.data?.disconnectZoho.status, 'DISCONNECTED');
  });
});
