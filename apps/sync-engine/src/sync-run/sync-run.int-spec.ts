import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import { SyncRunStatus, SyncRunTrigger } from './sync-run.enums';

describe('sync runs and their issues', () => {
  const ctx = SyncEngineTestContext.forSuite();

  test("lists the caller tenant's runs page by page with their outcome, optionally of one integration", async () => {
    const tenantA = newTenantId();
    const otherIntegration = randomUUID();
    const finished = await ctx.newSyncRun(tenantA, {
      trigger: SyncRunTrigger.SCHEDULE,
      status: SyncRunStatus.PARTIALLY_FAILED,
      startedAt: new Date('2026-03-01T10:00:00.000Z'),
      finishedAt: new Date('2026-03-01T10:02:30.500Z'),
      counts: { created: 3, updated: 5, deleted: 1, skipped: 7, failed: 2, conflicts: 1 },
    });
    const running = await ctx.newSyncRun(tenantA, { trigger: SyncRunTrigger.NOTIFICATION, integrationId: otherIntegration });
    const initial = await ctx.newSyncRun(tenantA, { trigger: SyncRunTrigger.INITIAL, status: SyncRunStatus.SUCCEEDED });
    await ctx.newSyncRun(newTenantId());
    const query = `query($after: String, $integrationId: ID) {
      syncRuns(first: 2, after: $after, integrationId: $integrationId) {
        edges { node { id integration { id } trigger status startedAt finishedAt counts { created updated deleted skipped failed conflicts } } }
        pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      syncRuns: { edges: { node: { id: string } & Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };

    const first = await ctx.query<Page>(tenantA, query);
    assert.equal(first.errors, undefined);
    assert.deepEqual(
      first.data?.syncRuns.edges.map(({ node }) => node),
      [
        {
          id: finished.id,
          integration: { id: ctx.integrationId },
          trigger: 'SCHEDULE',
          status: 'PARTIALLY_FAILED',
          startedAt: '2026-03-01T10:00:00.000Z',
          finishedAt: '2026-03-01T10:02:30.500Z',
          counts: { created: 3, updated: 5, deleted: 1, skipped: 7, failed: 2, conflicts: 1 },
        },
        {
          id: running.id,
          integration: { id: otherIntegration },
          trigger: 'NOTIFICATION',
          status: 'RUNNING',
          startedAt: running.startedAt.toISOString(),
          finishedAt: null,
          counts: { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0, conflicts: 0 },
        },
      ],
    );
    assert.equal(first.data?.syncRuns.pageInfo.hasNextPage, true);
    const second = await ctx.query<Page>(tenantA, query, { after: first.data?.syncRuns.pageInfo.endCursor });
    assert.deepEqual(
      second.data?.syncRuns.edges.map(({ node }) => node.id),
      [initial.id],
    );
    assert.equal(second.data?.syncRuns.pageInfo.hasNextPage, false);

    const ofOtherIntegration = await ctx.query<Page>(tenantA, query, { integrationId: otherIntegration });
    assert.deepEqual(
      ofOtherIntegration.data?.syncRuns.edges.map(({ node }) => node.id),
      [running.id],
    );
  });

  test("a run's issues page oldest first, only its own and only the tenant's, each naming its run", async () => {
    const tenantA = newTenantId();
    const run = await ctx.newSyncRun(tenantA, { status: SyncRunStatus.PARTIALLY_FAILED });
    const otherRun = await ctx.newSyncRun(tenantA);
    const deal = await ctx.newDeal(tenantA);
    await ctx.newSyncIssue(tenantA, run.id, {
      module: 'DEALS',
      direction: 'PORTAL_TO_ZOHO',
      portalRecordId: deal.id,
      zohoErrorCode: 'MANDATORY_NOT_FOUND',
      field: 'closingDate',
      reason: 'Zoho requires Closing_Date and the deal has no closing date',
    });
    await ctx.newSyncIssue(tenantA, run.id, {
      module: 'CONTACTS',
      direction: 'ZOHO_TO_PORTAL',
      zohoRecordId: '5725767000000412001',
      reason: 'The contact names an account that is not synced yet',
    });
    await ctx.newSyncIssue(tenantA, run.id, { module: 'LEADS', reason: 'third' });
    await ctx.newSyncIssue(tenantA, otherRun.id, { reason: 'of another run' });
    // A row no writer would make, there only to prove the tenant filter on issues.
    await ctx.newSyncIssue(newTenantId(), run.id, { reason: 'of another tenant' });
    const query = `query($id: ID!, $after: String) { syncRun(id: $id) { id issues(first: 2, after: $after) {
      edges { node { module direction portalRecordId zohoRecordId zohoErrorCode field reason syncRun { id status } } }
      pageInfo { hasNextPage endCursor } } } }`;
    type Issues = {
      syncRun: { issues: { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    };

    const { result: first, sql } = await ctx.sqlDuring(() => ctx.query<Issues>(tenantA, query, { id: run.id }));
    assert.equal(first.errors, undefined);
    const runSummary = { id: run.id, status: 'PARTIALLY_FAILED' };
    assert.deepEqual(
      first.data?.syncRun.issues.edges.map(({ node }) => node),
      [
        {
          module: 'DEALS',
          direction: 'PORTAL_TO_ZOHO',
          portalRecordId: deal.id,
          zohoRecordId: null,
          zohoErrorCode: 'MANDATORY_NOT_FOUND',
          field: 'closingDate',
          reason: 'Zoho requires Closing_Date and the deal has no closing date',
          syncRun: runSummary,
        },
        {
          module: 'CONTACTS',
          direction: 'ZOHO_TO_PORTAL',
          portalRecordId: null,
          zohoRecordId: '5725767000000412001',
          zohoErrorCode: null,
          field: null,
          reason: 'The contact names an account that is not synced yet',
          syncRun: runSummary,
        },
      ],
    );
    assert.equal(first.data?.syncRun.issues.pageInfo.hasNextPage, true);
    // syncRun(id) and every issue's syncRun share the request's run loader.
    assert.equal(sql.filter((statement) => statement.includes('"sync_engine"."sync_runs"')).length, 1);

    const second = await ctx.query<Issues>(tenantA, query, { id: run.id, after: first.data?.syncRun.issues.pageInfo.endCursor });
    assert.deepEqual(
      second.data?.syncRun.issues.edges.map(({ node }) => node['reason']),
      ['third'],
    );
    assert.equal(second.data?.syncRun.issues.pageInfo.hasNextPage, false);
  });

  test('SyncRun entity references resolve in one query and never across tenants', async () => {
    const tenantA = newTenantId();
    const own = await ctx.newSyncRun(tenantA);
    const foreign = await ctx.newSyncRun(newTenantId());
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<{ _entities: ({ id: string } | null)[] }>(
        tenantA,
        'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on SyncRun { id } } }',
        { representations: [own.id, foreign.id, own.id].map((id) => ({ __typename: 'SyncRun', id })) },
      ),
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [{ id: own.id }, null, { id: own.id }]);
    assert.equal(sql.filter((statement) => statement.includes('"sync_engine"."sync_runs"')).length, 1);
  });

  test("another tenant's run is not found by id", async () => {
    const run = await ctx.newSyncRun(newTenantId());
    const result = await ctx.query(newTenantId(), 'query($id: ID!) { syncRun(id: $id) { id } }', { id: run.id });
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data, { syncRun: null });
  });

  test('bad arguments are refused, naming the argument', async () => {
    const tenantA = newTenantId();
    const badIntegration = await ctx.query(tenantA, '{ syncRuns(integrationId: "42") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(badIntegration), { code: 'INVALID_INTEGRATION_ID', field: 'integrationId' });

    const run = await ctx.newSyncRun(tenantA);
    const badPageSize = await ctx.query(
      tenantA,
      'query($id: ID!) { syncRun(id: $id) { issues(first: 0) { edges { node { reason } } } } }',
      { id: run.id },
    );
    assert.deepEqual(firstErrorCodeAndField(badPageSize), { code: 'INVALID_PAGE_SIZE', field: 'first' });
  });
});
