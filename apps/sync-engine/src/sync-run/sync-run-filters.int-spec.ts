import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { firstErrorCodeAndField, newTenantId } from '@crm-bridge/testing';
import { SyncEngineTestContext } from '../sync-engine.test-context';
import type { DataSource } from 'typeorm';
import { TenantScopedRepository, type TenantScopedTransaction } from '@crm-bridge/persistence';
import { SyncRunEntity } from './sync-run.entity';
import { SyncRunRecorder } from './sync-run.recorder';
import { SyncRunStatus, SyncRunTrigger } from './sync-run.enums';

/** GraphQL types of the variables the helpers below may be given. */
const VARIABLE_TYPES: Record<string, string> = { since: 'DateTimeISO', integrationId: 'ID', portalRecordId: 'ID' };

/** `($since: DateTimeISO, …)` for exactly the variables given (GraphQL refuses unused ones). */
function declarationsOf(variables: Record<string, unknown>): string {
  const names = Object.keys(variables);
  return names.length === 0 ? '' : `(${names.map((name) => `$${name}: ${VARIABLE_TYPES[name]}`).join(', ')})`;
}

type Page = { edges: { node: { id: string } & Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/** A writer's transaction, as the writers that record outcomes open one (the recorder joins it). */
class TransactionOpener extends TenantScopedRepository<SyncRunEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, SyncRunEntity);
  }

  open<T>(tenantId: string, work: (tx: TenantScopedTransaction) => Promise<T>): Promise<T> {
    return this.transaction(tenantId, work);
  }
}

describe('sync runs and issues: filters, newest first, Deal.syncIssues', () => {
  const ctx = SyncEngineTestContext.forSuite();

  const runIds = async (tenantId: string, args: string, variables: Record<string, unknown> = {}): Promise<string[]> => {
    const result = await ctx.query<{ syncRuns: Page }>(
      tenantId,
      `query${declarationsOf(variables)} { syncRuns(first: 100, ${args}) { edges { node { id } } } }`,
      variables,
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data?.syncRuns.edges.map(({ node }) => node.id) ?? [];
  };

  const issueReasons = async (tenantId: string, args: string, variables: Record<string, unknown> = {}): Promise<string[]> => {
    const result = await ctx.query<{ syncIssues: Page }>(
      tenantId,
      `query${declarationsOf(variables)} {
         syncIssues(first: 100, ${args}) { edges { node { id reason integration { id } } } } }`,
      variables,
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data?.syncIssues.edges.map(({ node }) => String(node['reason'])) ?? [];
  };

  test('syncRuns: integration, status, trigger and startedSince each narrow the list, together too; newestFirst reverses it', async () => {
    const tenantId = newTenantId();
    const otherIntegration = randomUUID();
    const early = await ctx.newSyncRun(tenantId, {
      trigger: SyncRunTrigger.SCHEDULE,
      status: SyncRunStatus.FAILED,
      startedAt: new Date('2026-03-01T10:00:00.000Z'),
    });
    const failedLater = await ctx.newSyncRun(tenantId, {
      trigger: SyncRunTrigger.PORTAL_CHANGE,
      status: SyncRunStatus.FAILED,
      startedAt: new Date('2026-03-02T10:00:00.000Z'),
    });
    const succeeded = await ctx.newSyncRun(tenantId, {
      trigger: SyncRunTrigger.PORTAL_CHANGE,
      status: SyncRunStatus.SUCCEEDED,
      startedAt: new Date('2026-03-03T10:00:00.000Z'),
    });
    const elsewhere = await ctx.newSyncRun(tenantId, {
      integrationId: otherIntegration,
      trigger: SyncRunTrigger.SCHEDULE,
      status: SyncRunStatus.FAILED,
      startedAt: new Date('2026-03-04T10:00:00.000Z'),
    });
    // Another tenant's run matching every filter below is never listed.
    await ctx.newSyncRun(newTenantId(), {
      trigger: SyncRunTrigger.PORTAL_CHANGE,
      status: SyncRunStatus.FAILED,
      startedAt: new Date('2026-03-05'),
    });

    assert.deepEqual(await runIds(tenantId, ''), [early.id, failedLater.id, succeeded.id, elsewhere.id]);
    assert.deepEqual(await runIds(tenantId, 'integrationId: $integrationId', { integrationId: otherIntegration }), [elsewhere.id]);
    assert.deepEqual(await runIds(tenantId, 'status: FAILED'), [early.id, failedLater.id, elsewhere.id]);
    assert.deepEqual(await runIds(tenantId, 'trigger: PORTAL_CHANGE'), [failedLater.id, succeeded.id]);
    assert.deepEqual(await runIds(tenantId, 'startedSince: $since', { since: '2026-03-02T10:00:00.000Z' }), [
      failedLater.id,
      succeeded.id,
      elsewhere.id,
    ]);
    assert.deepEqual(
      await runIds(tenantId, 'integrationId: $integrationId, status: FAILED, trigger: PORTAL_CHANGE, startedSince: $since', {
        integrationId: ctx.integrationId,
        since: '2026-03-02T00:00:00.000Z',
      }),
      [failedLater.id],
    );
    assert.deepEqual(await runIds(tenantId, 'newestFirst: true'), [elsewhere.id, succeeded.id, failedLater.id, early.id]);
  });

  test('syncRuns newest first pages backwards with the same cursor', async () => {
    const tenantId = newTenantId();
    const runs = [];
    for (let index = 0; index < 3; index += 1) {
      runs.push(await ctx.newSyncRun(tenantId));
    }
    const query = `query($after: String) { syncRuns(first: 2, after: $after, newestFirst: true) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const first = await ctx.query<{ syncRuns: Page }>(tenantId, query);
    assert.deepEqual(
      first.data?.syncRuns.edges.map(({ node }) => node.id),
      [runs[2]?.id, runs[1]?.id],
    );
    const second = await ctx.query<{ syncRuns: Page }>(tenantId, query, { after: first.data?.syncRuns.pageInfo.endCursor });
    assert.deepEqual(
      second.data?.syncRuns.edges.map(({ node }) => node.id),
      [runs[0]?.id],
    );
    assert.equal(second.data?.syncRuns.pageInfo.hasNextPage, false);
  });

  test('syncIssues: every filter narrows the list across runs, only within the tenant; newestFirst reverses it', async () => {
    const tenantId = newTenantId();
    const otherIntegration = randomUUID();
    const run = await ctx.newSyncRun(tenantId);
    const otherRun = await ctx.newSyncRun(tenantId, { integrationId: otherIntegration });
    const deal = await ctx.newDeal(tenantId);
    await ctx.newSyncIssue(tenantId, run.id, {
      reason: 'mandatory',
      module: 'DEALS',
      direction: 'PORTAL_TO_ZOHO',
      portalRecordId: deal.id,
      zohoErrorCode: 'MANDATORY_NOT_FOUND',
    });
    await ctx.newSyncIssue(tenantId, run.id, {
      reason: 'picklist',
      module: 'DEALS',
      direction: 'ZOHO_TO_PORTAL',
      zohoRecordId: '5725767000000412001',
      zohoErrorCode: 'INVALID_DATA',
    });
    await ctx.newSyncIssue(tenantId, otherRun.id, { integrationId: otherIntegration, reason: 'contact', module: 'CONTACTS' });
    // Another tenant's issue that matches every filter is never listed.
    const foreignRun = await ctx.newSyncRun(newTenantId());
    await ctx.newSyncIssue(foreignRun.tenantId, foreignRun.id, {
      reason: 'foreign',
      portalRecordId: deal.id,
      zohoRecordId: '5725767000000412001',
      zohoErrorCode: 'MANDATORY_NOT_FOUND',
    });

    assert.deepEqual(await issueReasons(tenantId, ''), ['mandatory', 'picklist', 'contact']);
    assert.deepEqual(await issueReasons(tenantId, 'newestFirst: true'), ['contact', 'picklist', 'mandatory']);
    assert.deepEqual(await issueReasons(tenantId, 'integrationId: $integrationId', { integrationId: otherIntegration }), ['contact']);
    assert.deepEqual(await issueReasons(tenantId, 'module: DEALS'), ['mandatory', 'picklist']);
    assert.deepEqual(await issueReasons(tenantId, 'direction: ZOHO_TO_PORTAL'), ['picklist']);
    assert.deepEqual(await issueReasons(tenantId, 'zohoErrorCode: "MANDATORY_NOT_FOUND"'), ['mandatory']);
    assert.deepEqual(await issueReasons(tenantId, 'portalRecordId: $portalRecordId', { portalRecordId: deal.id }), ['mandatory']);
    assert.deepEqual(await issueReasons(tenantId, 'zohoRecordId: "5725767000000412001"'), ['picklist']);
    assert.deepEqual(await issueReasons(tenantId, 'module: DEALS, direction: PORTAL_TO_ZOHO, zohoErrorCode: "INVALID_DATA"'), []);
    const future = new Date(Date.now() + 60_000).toISOString();
    assert.deepEqual(await issueReasons(tenantId, 'since: $since', { since: future }), []);
    assert.deepEqual(await issueReasons(tenantId, 'since: $since', { since: run.createdAt.toISOString() }), [
      'mandatory',
      'picklist',
      'contact',
    ]);
  });

  test("the recorder stores each issue with its run's integration, so the integration filter finds it", async () => {
    const tenantId = newTenantId();
    const integrationId = randomUUID();
    const recorder = ctx.service.app.get(SyncRunRecorder);
    const run = await recorder.start(tenantId, integrationId, SyncRunTrigger.MANUAL);
    await new TransactionOpener(ctx.service.dataSource).open(tenantId, (tx) =>
      recorder.record(tx, run.id, {
        kind: 'failed',
        issue: {
          module: 'DEALS',
          direction: 'PORTAL_TO_ZOHO',
          portalRecordId: null,
          zohoRecordId: null,
          zohoErrorCode: 'INVALID_DATA',
          field: 'amount',
          reason: 'recorded',
        },
      }),
    );
    assert.deepEqual(await issueReasons(tenantId, 'integrationId: $integrationId', { integrationId }), ['recorded']);
  });

  test('a run stopped only because this instance stopped working on the integration ends INTERRUPTED, not FAILED, and is found by that status', async () => {
    const tenantId = newTenantId();
    const integrationId = randomUUID();
    const recorder = ctx.service.app.get(SyncRunRecorder);
    const interrupted = await recorder.start(tenantId, integrationId, SyncRunTrigger.SCHEDULE);
    const failed = await recorder.start(tenantId, integrationId, SyncRunTrigger.SCHEDULE);
    await recorder.finish(tenantId, interrupted.id, 'sync-engine stopped mid-run; the next run syncs the rest', true);
    await recorder.finish(tenantId, failed.id, 'Zoho did not answer after retries');
    const runs = await ctx.query<{ syncRuns: { edges: { node: { id: string; status: string; failureReason: string | null } }[] } }>(
      tenantId,
      'query($integrationId: ID) { syncRuns(first: 10, integrationId: $integrationId, status: INTERRUPTED) { edges { node { id status failureReason } } } }',
      { integrationId },
    );
    assert.equal(runs.errors, undefined, JSON.stringify(runs.errors));
    assert.deepEqual(
      runs.data?.syncRuns.edges.map(({ node }) => node),
      [{ id: interrupted.id, status: 'INTERRUPTED', failureReason: 'sync-engine stopped mid-run; the next run syncs the rest' }],
    );
  });

  test("Deal.syncIssues: each deal its newest issues, newest first, in one query for a page of deals, never another tenant's", async () => {
    const tenantId = newTenantId();
    const run = await ctx.newSyncRun(tenantId);
    const first = await ctx.newDeal(tenantId, { name: 'First' });
    const second = await ctx.newDeal(tenantId, { name: 'Second' });
    await ctx.newDeal(tenantId, { name: 'Clean' });
    for (const reason of ['one', 'two', 'three']) {
      await ctx.newSyncIssue(tenantId, run.id, { portalRecordId: first.id, reason });
    }
    await ctx.newSyncIssue(tenantId, run.id, { portalRecordId: second.id, reason: 'only' });
    // A contact's issue that happens to carry the deal's id is not the deal's.
    await ctx.newSyncIssue(tenantId, run.id, { portalRecordId: second.id, module: 'CONTACTS', reason: 'contact' });
    const foreignRun = await ctx.newSyncRun(newTenantId());
    await ctx.newSyncIssue(foreignRun.tenantId, foreignRun.id, { portalRecordId: first.id, reason: 'foreign' });

    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<{ deals: { edges: { node: { name: string; syncIssues: { reason: string }[] } }[] } }>(
        tenantId,
        '{ deals(first: 10) { edges { node { name syncIssues(first: 2) { reason } } } } }',
      ),
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(
      result.data?.deals.edges.map(({ node }) => [node.name, node.syncIssues.map((issue) => issue.reason)]),
      [
        ['First', ['three', 'two']],
        ['Second', ['only']],
        ['Clean', []],
      ],
    );
    assert.equal(sql.filter((statement) => statement.includes('"sync_engine"."sync_issues"')).length, 1);
  });

  test('bad arguments are refused, naming the argument', async () => {
    const tenantId = newTenantId();
    const cases: [string, { code: string; field: string }][] = [
      ['{ syncIssues(integrationId: "42") { edges { node { id } } } }', { code: 'INVALID_INTEGRATION_ID', field: 'integrationId' }],
      ['{ syncIssues(portalRecordId: "deal-1") { edges { node { id } } } }', { code: 'INVALID_PORTAL_RECORD_ID', field: 'portalRecordId' }],
      ['{ syncIssues(zohoRecordId: "abc") { edges { node { id } } } }', { code: 'INVALID_ZOHO_RECORD_ID', field: 'zohoRecordId' }],
      [
        '{ syncIssues(zohoErrorCode: "not a code") { edges { node { id } } } }',
        { code: 'INVALID_ZOHO_ERROR_CODE', field: 'zohoErrorCode' },
      ],
      ['{ syncIssues(first: 101) { edges { node { id } } } }', { code: 'INVALID_PAGE_SIZE', field: 'first' }],
      ['{ syncIssues(after: "nonsense") { edges { node { id } } } }', { code: 'INVALID_CURSOR', field: 'after' }],
      ['{ syncRuns(first: 0, status: FAILED) { edges { node { id } } } }', { code: 'INVALID_PAGE_SIZE', field: 'first' }],
      ['{ deals { edges { node { syncIssues(first: 0) { id } } } } }', { code: 'INVALID_PAGE_SIZE', field: 'first' }],
    ];
    await ctx.newDeal(tenantId);
    for (const [query, expected] of cases) {
      assert.deepEqual(firstErrorCodeAndField(await ctx.query(tenantId, query)), expected, query);
    }
    // Enum and date arguments are checked by GraphQL itself, which names the argument.
    const badStatus = await ctx.query(tenantId, 'query($status: SyncRunStatus) { syncRuns(status: $status) { edges { node { id } } } }', {
      status: 'BROKEN',
    });
    assert.match(badStatus.errors?.[0]?.message ?? '', /\$status/);
    const badSince = await ctx.query(tenantId, 'query($since: DateTimeISO) { syncRuns(startedSince: $since) { edges { node { id } } } }', {
      since: 'yesterday',
    });
    assert.match(badSince.errors?.[0]?.message ?? '', /\$since/);
  });

  test('no schema drift: the filters have their indexes in a migration', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });
});
