import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, postGraphql, type ZohoSandboxProcess } from '@crm-bridge/testing';
import type { DemoIntegration } from '../scripts/demo-integration';
import { startDemoSystem, type DemoSystem } from './support/demo-system';
import type { LocalSystem } from './support/local-system';

/** One debug-mode hour here: long enough to create and sync a deal, short enough to watch the mode end. */
const DEBUG_HOUR_MS = 15_000;
const SYNC_TIMEOUT = { timeoutMs: 30_000, intervalMs: 100 };
/** An access token in Zoho's (and the sandbox's) shape: `1000.<hex>.<hex>`. */
const ACCESS_TOKEN_SHAPE = /1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}/i;

interface EntryView {
  operation: string;
  method: string;
  path: string;
  query: string;
  status: number | null;
  durationMs: number;
  zohoErrorCode: string | null;
  credits: number;
  requestBody: string | null;
  responseBody: string | null;
}

interface DebugView {
  enabled: boolean;
  enabledUntil: string | null;
  entries: { edges: { node: EntryView }[] };
}

const DEBUG_FIELDS =
  'enabled enabledUntil entries(first: 100) { edges { node { operation method path query status durationMs zohoErrorCode credits requestBody responseBody } } }';

describe('sync debug mode: the Zoho calls outbound sync makes, kept redacted while on, through the gateway against the sandbox', () => {
  let running: DemoSystem;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let graphqlUrl: string;
  let tenantId: string;
  let admin: string;
  let demo: DemoIntegration;

  const post = <T>(authorization: string, query: string, variables: Record<string, unknown> = {}) =>
    postGraphql<T>(graphqlUrl, query, { variables, headers: { authorization } });

  const gql = async <T>(authorization: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await post<T>(authorization, query, variables);
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data as T;
  };

  const setDebugMode = (authorization: string, input: Record<string, unknown>) =>
    post<{ setSyncDebugMode: { enabled: boolean; enabledUntil: string | null } }>(
      authorization,
      'mutation($input: SetSyncDebugModeInput!) { setSyncDebugMode(input: $input) { enabled enabledUntil } }',
      { input },
    );

  const debugOf = async (authorization: string, integrationId: string): Promise<DebugView | null> =>
    (
      await gql<{ integration: { syncDebug: DebugView } | null }>(
        authorization,
        `query($id: ID!) { integration(id: $id) { syncDebug { ${DEBUG_FIELDS} } } }`,
        { id: integrationId },
      )
    ).integration?.syncDebug ?? null;

  const createSyncedDeal = async (input: Record<string, unknown>): Promise<string> => {
    // sync-engine learns the portal's deal phases and fields from mapping-config's events a moment
    // after the demo is set up; until then a deal is refused naming them.
    const { createDeal } = await eventually(() =>
      gql<{ createDeal: { id: string } }>(admin, 'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }', {
        input: { integrationId: demo.integration.id, phase: 'Proposal', ...input },
      }),
    );
    await eventually(async () => {
      const { deal } = await gql<{ deal: { syncStatus: string } }>(admin, 'query($id: ID!) { deal(id: $id) { syncStatus } }', {
        id: createDeal.id,
      });
      assert.equal(deal.syncStatus, 'SYNCED');
    }, SYNC_TIMEOUT);
    return createDeal.id;
  };

  const storedEntries = (integrationId: string) =>
    system
      .dataSource('sync-engine')
      .query<Record<string, unknown>[]>('SELECT * FROM sync_engine.sync_debug_entries WHERE integration_id = $1', [integrationId]);

  before(async () => {
    running = await startDemoSystem({
      syncEngineEnvironment: { SYNC_DEBUG_HOUR_MS: String(DEBUG_HOUR_MS) },
      debounceSeconds: 0,
    });
    ({ sandbox, system, graphqlUrl, tenantId, authorization: admin, demo } = running);
  });

  after(() => running?.stop());

  test('a viewer of the tenant cannot turn it on', async () => {
    const viewer = `Bearer ${await system.tokenFor({ tenantId, roles: ['viewer'] })}`;
    const refused = await setDebugMode(viewer, { integrationId: demo.integration.id, enabled: true, hours: 1 });
    assert.equal(refused.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED', JSON.stringify(refused.errors));
    assert.equal((await debugOf(admin, demo.integration.id))?.enabled, false);
  });

  test("while on, a deal's Zoho calls are kept with their status and redacted bodies; another tenant reads nothing", async () => {
    // sync-engine learns a new integration from mapping-config's event a moment after it is set up.
    const on = await eventually(async () => {
      const answer = await setDebugMode(admin, { integrationId: demo.integration.id, enabled: true, hours: 1 });
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      return answer;
    });
    assert.equal(on.data?.setSyncDebugMode.enabled, true);

    const address = `buyer.${randomUUID().slice(0, 8)}@example.com`;
    await createSyncedDeal({ name: 'Debugged deal', customFields: [{ apiName: 'description', value: `Contact ${address}` }] });

    const debug = await eventually(async () => {
      const view = await debugOf(admin, demo.integration.id);
      const write = view?.entries.edges.map(({ node }) => node).find((entry) => entry.method === 'POST' && entry.path.includes('/Deals'));
      assert.ok(write, JSON.stringify(view));
      return { view: view as DebugView, write };
    }, SYNC_TIMEOUT);
    const { write } = debug;
    assert.ok(write.status !== null && write.status >= 200 && write.status < 300, JSON.stringify(write));
    assert.equal(write.zohoErrorCode, null);
    assert.ok(write.credits >= 1);
    assert.ok(write.durationMs >= 0);
    assert.match(write.requestBody ?? '', /"Deal_Name":"Debugged deal"/);
    assert.match(write.requestBody ?? '', /"Description":"Contact \[REDACTED\]"/);
    assert.match(write.responseBody ?? '', /"code":"SUCCESS"/);

    // Neither the answer nor the stored rows hold the address, a token or the Authorization header.
    const answered = JSON.stringify(debug.view);
    const stored = JSON.stringify(await storedEntries(demo.integration.id));
    assert.ok(stored.length > 2);
    for (const text of [answered, stored]) {
      assert.ok(!text.includes(address), 'the e-mail address is redacted');
      assert.doesNotMatch(text, ACCESS_TOKEN_SHAPE);
      assert.doesNotMatch(text, /oauthtoken|authorization/i);
    }
    // Paths are kept under the API domain: the host is not part of an entry's request line (a
    // response body may name it, e.g. a notification channel's resource_uri).
    const host = sandbox.origin.replace(/^https?:\/\//, '');
    assert.ok(
      debug.view.entries.edges.every(({ node }) => !node.path.includes(host)),
      'paths without the API host',
    );

    // Another tenant: the integration is not theirs to see, nor to change.
    const other = `Bearer ${await system.tokenFor({ tenantId: `tenant-${randomUUID()}`, roles: ['admin'] })}`;
    assert.equal(await debugOf(other, demo.integration.id), null);
    const foreign = await setDebugMode(other, { integrationId: demo.integration.id, enabled: false });
    assert.equal(foreign.errors?.[0]?.extensions?.['code'], 'INTEGRATION_NOT_FOUND');
    assert.equal((await debugOf(admin, demo.integration.id))?.enabled, true);
  });

  test('it ends by itself: its entries are deleted and later calls are not kept', async () => {
    await eventually(async () => assert.equal((await debugOf(admin, demo.integration.id))?.enabled, false), {
      timeoutMs: 2 * DEBUG_HOUR_MS,
      intervalMs: 250,
    });
    await eventually(async () => assert.deepEqual(await storedEntries(demo.integration.id), []), SYNC_TIMEOUT);

    await createSyncedDeal({ name: 'After debug mode' });
    // Two flush periods: an entry kept for this deal's calls would have been written by now.
    await sleep(1_000);
    assert.deepEqual(await storedEntries(demo.integration.id), []);
    assert.deepEqual((await debugOf(admin, demo.integration.id))?.entries.edges, []);
  });
});
