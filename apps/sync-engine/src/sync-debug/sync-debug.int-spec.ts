import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import type { ZohoExchange } from '@crm-bridge/zoho-client';
import { connectionOrgRef } from '@crm-bridge/zoho-connection-tokens';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';
import { SyncDebugEntryEntity } from './sync-debug-entry.entity';
import { SyncDebugRecorder } from './sync-debug.recorder';

/** One debug-mode hour of this suite: long enough to work in, short enough to watch a mode expire. */
const HOUR_MS = 3_000;

const SET_MODE = `mutation($input: SetSyncDebugModeInput!) { setSyncDebugMode(input: $input) { integration { id } enabled enabledUntil } }`;
const DEBUG_OF = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Integration {
  id syncDebug { enabled enabledUntil entries(first: 10) { edges { node { operation method path query status durationMs zohoErrorCode credits requestBody responseBody } } } } } } }`;

type DebugView = {
  id: string;
  syncDebug: { enabled: boolean; enabledUntil: string | null; entries: { edges: { node: Record<string, unknown> }[] } };
};

function exchange(orgRef: string, overrides: Partial<ZohoExchange> = {}): ZohoExchange {
  return {
    orgRef,
    operation: 'records.upsert',
    method: 'POST',
    path: '/crm/v8/Deals/upsert',
    query: {},
    status: 200,
    durationMs: 12,
    errorCode: null,
    credits: 1,
    requestBody: { data: [{ Deal_Name: 'Acme', Description: 'write to ann@example.com' }] },
    responseBody: { data: [{ status: 'success', code: 'SUCCESS', details: { id: '5725767000000412001' } }] },
    ...overrides,
  };
}

describe('sync debug mode', () => {
  const ctx = SyncEngineTestContext.forSuiteWith({ environment: { SYNC_DEBUG_HOUR_MS: String(HOUR_MS) } });

  /** An integration sync knows (its settings arrived), of a new tenant unless given. */
  const newIntegration = async (tenantId = newTenantId()) => {
    const row = await ctx.store(SyncIntegrationEntity, {
      tenantId,
      integrationId: randomUUID(),
      connectionId: randomUUID(),
      settings: {} as SyncIntegrationEntity['settings'],
      settingsSavedAt: new Date(),
    });
    return { tenantId, integrationId: row.integrationId, orgRef: connectionOrgRef(tenantId, row.connectionId) };
  };

  const debugOf = async (tenantId: string, integrationId: string): Promise<DebugView['syncDebug']> => {
    const result = await ctx.query<{ _entities: DebugView[] }>(tenantId, DEBUG_OF, {
      representations: [{ __typename: 'Integration', id: integrationId }],
    });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return (result.data?._entities[0] as DebugView).syncDebug;
  };

  const entryRows = (integrationId: string) => ctx.service.dataSource.getRepository(SyncDebugEntryEntity).countBy({ integrationId });

  test('an admin turns it on for some hours; the integration says until when; off again ends it at once', async () => {
    const { tenantId, integrationId } = await newIntegration();
    const before = Date.now();
    const on = await ctx.query<{ setSyncDebugMode: { enabled: boolean; enabledUntil: string } }>(tenantId, SET_MODE, {
      input: { integrationId, enabled: true, hours: 2 },
    });
    assert.equal(on.errors, undefined, JSON.stringify(on.errors));
    assert.equal(on.data?.setSyncDebugMode.enabled, true);
    const until = Date.parse(on.data?.setSyncDebugMode.enabledUntil ?? '');
    assert.ok(until >= before + 2 * HOUR_MS && until <= Date.now() + 2 * HOUR_MS, on.data?.setSyncDebugMode.enabledUntil);
    assert.deepEqual(await debugOf(tenantId, integrationId), {
      enabled: true,
      enabledUntil: on.data?.setSyncDebugMode.enabledUntil,
      entries: { edges: [] },
    });

    const off = await ctx.query<{ setSyncDebugMode: unknown }>(tenantId, SET_MODE, { input: { integrationId, enabled: false } });
    assert.deepEqual(off.data?.setSyncDebugMode, { integration: { id: integrationId }, enabled: false, enabledUntil: null });
    assert.equal((await debugOf(tenantId, integrationId)).enabled, false);
  });

  test('only a tenant admin may change it, and only for an integration of its tenant; bad input names the field', async () => {
    const { tenantId, integrationId } = await newIntegration();
    for (const roles of [['viewer'], ['deal-editor'], []]) {
      const refused = await ctx.queryAs({ tenantId, roles }, SET_MODE, { input: { integrationId, enabled: true, hours: 1 } });
      assert.equal(refused.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED', JSON.stringify(roles));
    }
    assert.equal((await debugOf(tenantId, integrationId)).enabled, false);

    const otherTenant = newTenantId();
    assert.deepEqual(
      firstErrorCodeAndField(await ctx.query(otherTenant, SET_MODE, { input: { integrationId, enabled: true, hours: 1 } })),
      {
        code: 'INTEGRATION_NOT_FOUND',
        field: 'input.integrationId',
      },
    );
    assert.equal((await debugOf(tenantId, integrationId)).enabled, false);

    const cases: [Record<string, unknown>, { code: string; field: string }][] = [
      [
        { integrationId, enabled: true },
        { code: 'INVALID_DEBUG_HOURS', field: 'input.hours' },
      ],
      [
        { integrationId, enabled: true, hours: 0 },
        { code: 'INVALID_DEBUG_HOURS', field: 'input.hours' },
      ],
      [
        { integrationId, enabled: true, hours: 25 },
        { code: 'INVALID_DEBUG_HOURS', field: 'input.hours' },
      ],
      [
        { integrationId: '42', enabled: true, hours: 1 },
        { code: 'INVALID_INTEGRATION_ID', field: 'input.integrationId' },
      ],
    ];
    for (const [input, expected] of cases) {
      assert.deepEqual(firstErrorCodeAndField(await ctx.query(tenantId, SET_MODE, { input })), expected, JSON.stringify(input));
    }
  });

  test("while on, the integration's calls are kept redacted, newest first, bounded; only its own tenant reads them", async () => {
    const own = await newIntegration();
    const quiet = await newIntegration(own.tenantId);
    const recorder = ctx.service.app.get(SyncDebugRecorder);
    await ctx.query(own.tenantId, SET_MODE, { input: { integrationId: own.integrationId, enabled: true, hours: 24 } });

    recorder.observe(exchange(own.orgRef, { operation: 'records.list', method: 'GET', path: '/crm/v8/Deals', requestBody: undefined }));
    recorder.observe(
      exchange(own.orgRef, {
        status: 400,
        credits: 1,
        responseBody: { data: [{ status: 'error', code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Closing_Date' } }] },
      }),
    );
    // Calls of an integration not in debug mode are not kept.
    recorder.observe(exchange(quiet.orgRef));
    await recorder.flush();

    const debug = await debugOf(own.tenantId, own.integrationId);
    assert.deepEqual(
      debug.entries.edges.map(({ node }) => node),
      [
        {
          operation: 'records.upsert',
          method: 'POST',
          path: '/crm/v8/Deals/upsert',
          query: '{}',
          status: 400,
          durationMs: 12,
          zohoErrorCode: 'MANDATORY_NOT_FOUND',
          credits: 1,
          requestBody: '{"data":[{"Deal_Name":"Acme","Description":"write to [REDACTED]"}]}',
          responseBody: '{"data":[{"status":"error","code":"MANDATORY_NOT_FOUND","details":{"api_name":"Closing_Date"}}]}',
        },
        {
          operation: 'records.list',
          method: 'GET',
          path: '/crm/v8/Deals',
          query: '{}',
          status: 200,
          durationMs: 12,
          zohoErrorCode: null,
          credits: 1,
          requestBody: null,
          responseBody: '{"data":[{"status":"success","code":"SUCCESS","details":{"id":"5725767000000412001"}}]}',
        },
      ],
    );
    assert.equal(await entryRows(quiet.integrationId), 0);

    // Another tenant asking for the same integration sees it off and empty.
    assert.deepEqual(await debugOf(newTenantId(), own.integrationId), { enabled: false, enabledUntil: null, entries: { edges: [] } });

    // More calls than the buffer holds at once: the excess is dropped and counted, never waited for;
    // what is written is cut to the newest 1,000 of the integration.
    for (let call = 0; call < 2_100; call += 1) {
      recorder.observe(exchange(own.orgRef));
    }
    await recorder.flush();
    assert.equal(await entryRows(own.integrationId), 1_000);
    const metrics = await (await fetch(`${ctx.service.url}/metrics`)).text();
    const dropped = /crm_bridge_sync_debug_entries_dropped_total\{[^}]*reason="buffer-full"[^}]*\} (\d+)/.exec(metrics);
    assert.equal(Number(dropped?.[1]), 100);
  });

  test('it ends by itself: no more calls are kept and its entries are deleted', async () => {
    const { tenantId, integrationId, orgRef } = await newIntegration();
    const recorder = ctx.service.app.get(SyncDebugRecorder);
    await ctx.query(tenantId, SET_MODE, { input: { integrationId, enabled: true, hours: 1 } });
    recorder.observe(exchange(orgRef));
    await recorder.flush();
    assert.equal(await entryRows(integrationId), 1);

    await eventually(async () => assert.equal((await debugOf(tenantId, integrationId)).enabled, false), { timeoutMs: 3 * HOUR_MS });
    recorder.observe(exchange(orgRef));
    await recorder.flush();
    // The scheduled clean-up (every 2 s) deletes what the mode kept.
    await eventually(async () => assert.equal(await entryRows(integrationId), 0), { timeoutMs: 10_000 });
    assert.deepEqual(await debugOf(tenantId, integrationId), { enabled: false, enabledUntil: null, entries: { edges: [] } });
  });

  test('turning it off deletes its entries at once', async () => {
    const { tenantId, integrationId, orgRef } = await newIntegration();
    const recorder = ctx.service.app.get(SyncDebugRecorder);
    await ctx.query(tenantId, SET_MODE, { input: { integrationId, enabled: true, hours: 24 } });
    recorder.observe(exchange(orgRef));
    await recorder.flush();
    assert.equal(await entryRows(integrationId), 1);
    await ctx.query(tenantId, SET_MODE, { input: { integrationId, enabled: false } });
    assert.equal(await entryRows(integrationId), 0);
  });

  test('no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });
});
