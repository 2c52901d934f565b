import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  Topics,
  type ConflictClearedData,
  type ConflictDetectedData,
  type ConflictPolicy,
  type RecordModule,
} from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import {
  eventually,
  firstErrorCodeAndField,
  newTenantId,
  postGraphql,
  SubgraphServiceTestContext,
  TopicRecorder,
} from '@crm-bridge/testing';
import { conflictResolverService } from './conflict-resolver.service-definition';
import { ConflictEntity } from './conflict/conflict.entity';
import { ConflictStatus } from './conflict/conflict.enums';
import { IntegrationConflictPolicyEntity } from './conflict-policy/conflict-policy.entity';
import { IntegrationFieldRulesEntity } from './field-rules/field-rules.entity';

describe('conflict-resolver subgraph', () => {
  const ctx = SubgraphServiceTestContext.forSuite(conflictResolverService);
  const integrationId = randomUUID();

  function newConflict(tenantId: string, overrides: Partial<ConflictEntity> = {}): Promise<ConflictEntity> {
    return ctx.store(ConflictEntity, {
      tenantId,
      integrationId,
      recordModule: 'DEALS',
      portalRecordId: randomUUID(),
      zohoRecordId: '5725767000000419001',
      fieldName: 'amount',
      baseValue: '100.00',
      portalValue: '150.00',
      zohoValue: '175.00',
      portalChangedAt: new Date('2026-03-01T10:00:00.000Z'),
      zohoChangedAt: new Date('2026-03-01T11:00:00.000Z'),
      status: ConflictStatus.OPEN,
      resolution: null,
      resolvedValue: null,
      resolvedBy: null,
      resolvedAt: null,
      ...overrides,
    });
  }

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  test('lists only the caller tenant conflicts, page by page, with their values as JSON', async () => {
    const tenantA = newTenantId();
    const first = await newConflict(tenantA, { fieldName: 'amount', zohoRecordId: '5725767000000419001' });
    await newConflict(tenantA, { fieldName: 'stage', baseValue: null, portalValue: 'Won', zohoValue: ['Partner', 'Web'] });
    await newConflict(tenantA, { fieldName: 'probability', baseValue: 10, portalValue: 50, zohoValue: true });
    await newConflict(newTenantId(), { fieldName: 'theirs' });
    const query = `query($after: String) { conflicts(first: 2, after: $after) {
      edges { node { id fieldName recordModule portalRecordId zohoRecordId baseValue portalValue zohoValue
        portalChangedAt zohoChangedAt status resolution integration { id } } }
      pageInfo { hasNextPage endCursor } } }`;
    type Node = { id: string; fieldName: string; baseValue: unknown; portalValue: unknown; zohoValue: unknown } & Record<string, unknown>;
    type Page = { conflicts: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };

    const firstPage = await ctx.query<Page>(tenantA, query);
    assert.equal(firstPage.errors, undefined);
    assert.deepEqual(firstPage.data?.conflicts.edges[0]?.node, {
      id: first.id,
      fieldName: 'amount',
      recordModule: 'DEALS',
      portalRecordId: first.portalRecordId,
      zohoRecordId: '5725767000000419001',
      baseValue: '100.00',
      portalValue: '150.00',
      zohoValue: '175.00',
      portalChangedAt: '2026-03-01T10:00:00.000Z',
      zohoChangedAt: '2026-03-01T11:00:00.000Z',
      status: 'OPEN',
      resolution: null,
      integration: { id: integrationId },
    });
    const second = firstPage.data?.conflicts.edges[1]?.node;
    assert.deepEqual(
      [second?.fieldName, second?.baseValue, second?.portalValue, second?.zohoValue],
      ['stage', null, 'Won', ['Partner', 'Web']],
    );
    assert.equal(firstPage.data?.conflicts.pageInfo.hasNextPage, true);

    const secondPage = await ctx.query<Page>(tenantA, query, { after: firstPage.data?.conflicts.pageInfo.endCursor });
    assert.deepEqual(
      secondPage.data?.conflicts.edges.map(({ node }) => [node.fieldName, node.baseValue, node.portalValue, node.zohoValue]),
      [['probability', 10, 50, true]],
    );
    assert.equal(secondPage.data?.conflicts.pageInfo.hasNextPage, false);
  });

  test('filters by status and by integration', async () => {
    const tenantId = newTenantId();
    const otherIntegrationId = randomUUID();
    await newConflict(tenantId, { fieldName: 'open here' });
    await newConflict(tenantId, {
      fieldName: 'resolved here',
      status: ConflictStatus.RESOLVED,
      resolution: 'ZOHO_VALUE',
      resolvedValue: '175.00',
      resolvedBy: 'policy:ZOHO_WINS',
      resolvedAt: new Date('2026-03-01T12:00:00.000Z'),
    });
    await newConflict(tenantId, { fieldName: 'open elsewhere', integrationId: otherIntegrationId });
    await newConflict(newTenantId(), { fieldName: 'resolved, other tenant', status: ConflictStatus.RESOLVED });
    type Page = { conflicts: { edges: { node: Record<string, unknown> }[] } };
    const list = async (filter: string, fields = 'fieldName') =>
      (await ctx.query<Page>(tenantId, `{ conflicts(first: 10, ${filter}) { edges { node { ${fields} } } } }`)).data?.conflicts.edges.map(
        ({ node }) => node,
      );

    assert.deepEqual(await list('status: RESOLVED', 'fieldName status resolution resolvedValue resolvedBy resolvedAt'), [
      {
        fieldName: 'resolved here',
        status: 'RESOLVED',
        resolution: 'ZOHO_VALUE',
        resolvedValue: '175.00',
        resolvedBy: 'policy:ZOHO_WINS',
        resolvedAt: '2026-03-01T12:00:00.000Z',
      },
    ]);
    assert.deepEqual(await list('status: OPEN'), [{ fieldName: 'open here' }, { fieldName: 'open elsewhere' }]);
    assert.deepEqual(await list(`integrationId: "${otherIntegrationId}"`), [{ fieldName: 'open elsewhere' }]);
    assert.deepEqual(await list(`integrationId: "${integrationId}", status: OPEN`), [{ fieldName: 'open here' }]);
  });

  test('finds one conflict by id, but not another tenant one', async () => {
    const tenantId = newTenantId();
    const own = await newConflict(tenantId, { fieldName: 'mine' });
    const foreign = await newConflict(newTenantId(), { fieldName: 'theirs' });
    const query = 'query($id: ID!) { conflict(id: $id) { id fieldName } }';
    const found = await ctx.query<{ conflict: { id: string; fieldName: string } | null }>(tenantId, query, { id: own.id });
    assert.deepEqual(found.data?.conflict, { id: own.id, fieldName: 'mine' });
    const hidden = await ctx.query<{ conflict: unknown }>(tenantId, query, { id: foreign.id });
    assert.equal(hidden.errors, undefined);
    assert.equal(hidden.data?.conflict, null);
  });

  test('conflict references resolve in one query and never across tenants', async () => {
    const tenantId = newTenantId();
    const own = await newConflict(tenantId, { fieldName: 'mine' });
    const foreign = await newConflict(newTenantId(), { fieldName: 'theirs' });
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<{ _entities: ({ id: string; fieldName: string } | null)[] }>(
        tenantId,
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Conflict { id fieldName } } }`,
        { representations: [own.id, foreign.id, own.id, 'not-a-uuid'].map((id) => ({ __typename: 'Conflict', id })) },
      ),
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [{ id: own.id, fieldName: 'mine' }, null, { id: own.id, fieldName: 'mine' }, null]);
    assert.equal(sql.length, 1, `expected one SQL statement, got:\n${sql.join('\n')}`);
  });

  test("Deal.openConflicts lists the caller tenant's open deal conflicts, every deal in one query", async () => {
    const tenantId = newTenantId();
    const [dealWithTwo, dealWithOne, dealWithNone, contactId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const amount = await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'amount' });
    const stage = await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'stage' });
    await newConflict(tenantId, { portalRecordId: dealWithTwo, fieldName: 'already resolved', status: ConflictStatus.RESOLVED });
    const closingDate = await newConflict(tenantId, { portalRecordId: dealWithOne, fieldName: 'closingDate' });
    await newConflict(tenantId, { portalRecordId: contactId, recordModule: 'CONTACTS', fieldName: 'email' });
    const otherTenantDeal = randomUUID();
    await newConflict(newTenantId(), { portalRecordId: otherTenantDeal, fieldName: 'theirs' });

    type Entities = { _entities: { id: string; openConflicts: { id: string; fieldName: string; status: string }[] }[] };
    const dealIds = [dealWithTwo, dealWithOne, dealWithNone, contactId, otherTenantDeal, 'not-a-uuid'];
    const { result, sql } = await ctx.sqlDuring(() =>
      ctx.query<Entities>(
        tenantId,
        `query($representations: [_Any!]!) { _entities(representations: $representations) {
          ... on Deal { id openConflicts { id fieldName status } } } }`,
        { representations: dealIds.map((id) => ({ __typename: 'Deal', id })) },
      ),
    );

    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [
      {
        id: dealWithTwo,
        openConflicts: [
          { id: amount.id, fieldName: 'amount', status: 'OPEN' },
          { id: stage.id, fieldName: 'stage', status: 'OPEN' },
        ],
      },
      { id: dealWithOne, openConflicts: [{ id: closingDate.id, fieldName: 'closingDate', status: 'OPEN' }] },
      { id: dealWithNone, openConflicts: [] },
      // A contact's conflict is not a deal's, even when asked for under that id.
      { id: contactId, openConflicts: [] },
      { id: otherTenantDeal, openConflicts: [] },
      { id: 'not-a-uuid', openConflicts: [] },
    ]);
    // Only the request's own reads count: the outbox relay polls its table in the background meanwhile.
    const reads = sql.filter((statement) => /FROM "conflict_resolver"\."conflicts"/.test(statement));
    assert.equal(reads.length, 1, `expected one read of conflicts for ${dealIds.length} deals, got:\n${sql.join('\n')}`);
  });

  test('bad arguments are refused with the field and the reason', async () => {
    const badIntegration = await ctx.query('tenant-x', '{ conflicts(integrationId: "deal-42") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(badIntegration), { code: 'INVALID_INTEGRATION_ID', field: 'integrationId' });
    assert.equal(badIntegration.errors?.[0]?.message, 'integrationId must be an integration id (a UUID)');
    const emptyIntegration = await ctx.query('tenant-x', '{ conflicts(integrationId: "") { edges { node { id } } } }');
    assert.equal(emptyIntegration.errors?.[0]?.extensions?.['field'], 'integrationId');

    const tooMany = await ctx.query('tenant-x', '{ conflicts(first: 500) { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(tooMany), { code: 'INVALID_PAGE_SIZE', field: 'first' });

    const badCursor = await ctx.query('tenant-x', '{ conflicts(first: 5, after: "garbage") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(badCursor), { code: 'INVALID_CURSOR', field: 'after' });

    const badStatus = await ctx.query('tenant-x', '{ conflicts(status: PENDING) { edges { node { id } } } }');
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.errors?.[0]?.message ?? '', /"PENDING" does not exist in "ConflictStatus"/);
  });

  test('refuses calls without a caller context', async () => {
    const missing = await postGraphql(ctx.graphqlUrl, '{ conflicts(first: 1) { edges { node { id } } } }');
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    assert.equal(missing.data, undefined);
  });

  test('serves liveness, readiness and Prometheus metrics', async () => {
    assert.equal((await fetch(`${ctx.service.url}/health/live`)).status, 200);
    const ready = await fetch(`${ctx.service.url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: { name: string; status: string }[] }).checks, [
      { name: 'database', status: 'ok' },
      { name: 'kafka', status: 'ok' },
    ]);
    const metrics = await (await fetch(`${ctx.service.url}/metrics`)).text();
    assert.match(metrics, /http_requests_total\{[^}]*route="\/graphql"[^}]*service="conflict-resolver"/);
  });

  test('the review queue filters by module, record and age, and refuses a record id that is no UUID', async () => {
    const tenantId = newTenantId();
    const deal = randomUUID();
    await newConflict(tenantId, { portalRecordId: deal, fieldName: 'old deal field', createdAt: new Date('2026-01-05T08:00:00.000Z') });
    await newConflict(tenantId, { portalRecordId: deal, fieldName: 'new deal field' });
    await newConflict(tenantId, {
      recordModule: 'CONTACTS',
      fieldName: 'old contact field',
      createdAt: new Date('2026-01-06T08:00:00.000Z'),
    });
    await newConflict(newTenantId(), { portalRecordId: deal, fieldName: 'theirs', createdAt: new Date('2026-01-05T08:00:00.000Z') });
    type Page = { conflicts: { edges: { node: { fieldName: string } }[] } };
    const list = async (filter: string) =>
      (await ctx.query<Page>(tenantId, `{ conflicts(first: 10, ${filter}) { edges { node { fieldName } } } }`)).data?.conflicts.edges.map(
        ({ node }) => node.fieldName,
      );

    assert.deepEqual(await list('module: CONTACTS'), ['old contact field']);
    assert.deepEqual(await list(`portalRecordId: "${deal}"`), ['old deal field', 'new deal field']);
    assert.deepEqual(await list('openedBefore: "2026-02-01T00:00:00.000Z"'), ['old deal field', 'old contact field']);
    assert.deepEqual(await list('openedBefore: "2026-01-06T08:00:00.000Z", status: OPEN'), ['old deal field']);
    assert.deepEqual(await list(`module: DEALS, openedBefore: "2026-02-01T00:00:00.000Z", portalRecordId: "${deal}"`), ['old deal field']);

    const badRecord = await ctx.query(tenantId, '{ conflicts(portalRecordId: "deal-42") { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(badRecord), { code: 'INVALID_PORTAL_RECORD_ID', field: 'portalRecordId' });
    assert.equal(badRecord.errors?.[0]?.message, 'portalRecordId must be a portal record id (a UUID)');
  });

  test('one open conflict per record field: the database refuses a second', async () => {
    const tenantId = newTenantId();
    const portalRecordId = randomUUID();
    await newConflict(tenantId, { portalRecordId, fieldName: 'amount' });
    await assert.rejects(newConflict(tenantId, { portalRecordId, fieldName: 'amount' }), /UQ_conflicts_open_field/);
    // A resolved one beside it is history, not a second open conflict.
    await newConflict(tenantId, { portalRecordId, fieldName: 'amount', status: ConflictStatus.RESOLVED, resolution: 'ZOHO_VALUE' });
  });

  // Nested, so the publisher and the recorder stop before the suite's broker does.
  describe('detections, policies and resolutions over Kafka', () => {
    let publisher: EventPublisher;
    let recorder: TopicRecorder;

    before(async () => {
      publisher = new EventPublisher(ctx.kafka.kafka);
      await publisher.connect();
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.conflicts]).start();
    });
    after(async () => {
      await recorder.stop();
      await publisher.disconnect();
    });

    type Field = ConflictDetectedData['fields'][number];
    type ResolvedData = {
      conflictId: string;
      module: string;
      portalRecordId: string;
      zohoRecordId: string;
      field: string;
      resolution: string;
      resolvedValue: unknown;
      zohoValue: unknown;
      policy: string | null;
      resolvedBy: string;
      resolvedAt: string;
    };
    type HistoryEntry = {
      resolution: string;
      resolvedValue: unknown;
      policy: string | null;
      resolvedBy: string;
      resolvedAt: string;
      baseValue: unknown;
      portalValue: unknown;
      zohoValue: unknown;
    };
    type ConflictView = {
      id: string;
      fieldName: string;
      status: string;
      resolution: string | null;
      resolvedValue: unknown;
      resolvedBy: string | null;
      resolvedAt: string | null;
      portalValue: unknown;
      zohoValue: unknown;
      resolutionHistory: HistoryEntry[];
    };
    const CONFLICT_FIELDS = `id fieldName status resolution resolvedValue resolvedBy resolvedAt portalValue zohoValue
      resolutionHistory { resolution resolvedValue policy resolvedBy resolvedAt baseValue portalValue zohoValue }`;
    const ZOHO_DEAL_ID = '5725767000000419001';

    const field = (name: string, overrides: Partial<Field> = {}): Field => ({
      field: name,
      baseValue: '100.00',
      portalValue: '150.00',
      zohoValue: '175.00',
      portalChangedAt: '2026-03-01T10:00:00.000Z',
      zohoChangedAt: '2026-03-01T11:00:00.000Z',
      ...overrides,
    });

    /** An integration whose settings event was applied, with these policies. */
    async function integrationWithPolicy(
      tenantId: string,
      conflictPolicy: ConflictPolicy,
      modulePolicies: Partial<Record<RecordModule, ConflictPolicy>> = {},
    ): Promise<string> {
      const integrationId = randomUUID();
      const modules = (['DEALS', 'CONTACTS', 'LEADS', 'ACCOUNTS'] as const).map((module) => ({
        module,
        enabled: true,
        direction: 'BOTH' as const,
        ...(modulePolicies[module] ? { conflictPolicy: modulePolicies[module] } : {}),
      }));
      await publisher.publish([
        createEvent('integration.settings-changed', {
          source: 'mapping-config',
          tenantId,
          integrationId,
          subject: integrationId,
          correlationId: 'req-settings',
          data: {
            created: true,
            connectionId: randomUUID(),
            name: 'Partner portal',
            enabled: true,
            modules,
            contactTargetModule: 'CONTACTS',
            conflictPolicy,
            syncIntervalMinutes: 60,
            debounceSeconds: 5,
            syncRecordsFrom: null,
            timeZone: 'Europe/Berlin',
          },
        }),
      ]);
      // Settings and detections travel on different topics: the policy must be in before the detection.
      await eventually(async () =>
        assert.equal(await ctx.service.dataSource.getRepository(IntegrationConflictPolicyEntity).countBy({ integrationId }), 1),
      );
      return integrationId;
    }

    async function detect(
      tenantId: string,
      integrationId: string,
      portalRecordId: string,
      fields: Field[],
      module: RecordModule = 'DEALS',
    ): Promise<void> {
      await publisher.publish([
        createEvent('conflict.detected', {
          source: 'sync-engine',
          tenantId,
          integrationId,
          subject: portalRecordId,
          correlationId: `req-detect-${portalRecordId}`,
          data: { module, portalRecordId, zohoRecordId: ZOHO_DEAL_ID, detectedAt: new Date().toISOString(), fields },
        }),
      ]);
    }

    const conflictRows = (portalRecordId: string) =>
      ctx.service.dataSource.getRepository(ConflictEntity).find({ where: { portalRecordId }, order: { fieldName: 'ASC' } });

    /** The record's conflicts once `count` are stored. */
    async function storedConflicts(portalRecordId: string, count: number): Promise<ConflictEntity[]> {
      return eventually(async () => {
        const rows = await conflictRows(portalRecordId);
        assert.equal(rows.length, count);
        return rows;
      });
    }

    const resolvedEventsOf = (conflictId: string) =>
      recorder
        .on(Topics.conflicts)
        .filter((record) => record.headers['ce_type'] === 'conflict.resolved')
        .map((record) => JSON.parse(record.value ?? '{}') as ResolvedData)
        .filter((data) => data.conflictId === conflictId);

    async function resolvedEventOf(conflictId: string): Promise<ResolvedData> {
      return eventually(() => {
        const events = resolvedEventsOf(conflictId);
        assert.equal(events.length, 1);
        return events[0]!;
      });
    }

    async function viewOf(tenantId: string, conflictId: string): Promise<ConflictView | null | undefined> {
      const result = await ctx.query<{ conflict: ConflictView | null }>(
        tenantId,
        `query($id: ID!) { conflict(id: $id) { ${CONFLICT_FIELDS} } }`,
        { id: conflictId },
      );
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data?.conflict;
    }

    const RESOLVE = `mutation($input: ResolveConflictInput!) { resolveConflict(input: $input) { ${CONFLICT_FIELDS} } }`;
    const resolveAs = (caller: { tenantId: string; roles?: string[]; userId?: string }, input: Record<string, unknown>) =>
      ctx.queryAs<{ resolveConflict: ConflictView }>(caller, RESOLVE, { input });

    test('a detection is stored once per record field: detected again, the open conflict takes the newer values; it waits for review until settings say otherwise', async () => {
      const tenantId = newTenantId();
      // No settings heard of yet: a person decides (nothing is overwritten on a guess).
      const integrationId = randomUUID();
      const dealId = randomUUID();
      await detect(tenantId, integrationId, dealId, [
        field('amount'),
        field('closingDate', { baseValue: null, portalValue: '2026-04-01', zohoValue: '2026-05-01' }),
      ]);
      const [amount, closingDate] = await storedConflicts(dealId, 2);
      assert.deepEqual(
        [amount?.fieldName, amount?.status, amount?.baseValue, amount?.portalValue, amount?.zohoValue, amount?.zohoRecordId],
        ['amount', 'OPEN', '100.00', '150.00', '175.00', ZOHO_DEAL_ID],
      );
      assert.deepEqual([closingDate?.fieldName, closingDate?.baseValue, closingDate?.zohoValue], ['closingDate', null, '2026-05-01']);
      assert.equal(amount?.integrationId, integrationId);
      assert.equal(amount?.tenantId, tenantId);

      await detect(tenantId, integrationId, dealId, [
        field('amount', {
          portalValue: '160.00',
          zohoValue: '180.00',
          portalChangedAt: '2026-03-02T09:00:00.000Z',
          zohoChangedAt: '2026-03-02T09:30:00.000Z',
        }),
      ]);
      await eventually(async () =>
        assert.equal((await conflictRows(dealId)).find((row) => row.fieldName === 'amount')?.portalValue, '160.00'),
      );
      const rows = await conflictRows(dealId);
      assert.equal(rows.length, 2, 'a re-detection must not open a second conflict');
      const redetected = rows.find((row) => row.fieldName === 'amount');
      assert.equal(redetected?.id, amount?.id);
      assert.deepEqual(
        [redetected?.status, redetected?.zohoValue, redetected?.portalChangedAt.toISOString(), redetected?.zohoChangedAt.toISOString()],
        ['OPEN', '180.00', '2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z'],
      );
      assert.deepEqual(resolvedEventsOf(amount.id), []);

      // In the review queue, and on the deal.
      const queue = await ctx.query<{ conflicts: { edges: { node: { id: string; status: string } }[] } }>(
        tenantId,
        `query($integrationId: ID!) { conflicts(integrationId: $integrationId, status: OPEN) { edges { node { id status } } } }`,
        { integrationId },
      );
      assert.deepEqual(queue.data?.conflicts.edges.map(({ node }) => node.id).sort(), [amount.id, closingDate!.id].sort());
      const onDeal = await ctx.query<{ _entities: { openConflicts: { fieldName: string; portalValue: unknown }[] }[] }>(
        tenantId,
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Deal { openConflicts { fieldName portalValue } } } }`,
        { representations: [{ __typename: 'Deal', id: dealId }] },
      );
      assert.deepEqual(onDeal.data?._entities[0]?.openConflicts, [
        { fieldName: 'amount', portalValue: '160.00' },
        { fieldName: 'closingDate', portalValue: '2026-04-01' },
      ]);
      assert.deepEqual((await viewOf(tenantId, amount.id))?.resolutionHistory, []);
    });

    test('ZOHO_WINS and PORTAL_WINS resolve at once: the row, its audit and conflict.resolved carry the kept value', async () => {
      const tenantId = newTenantId();
      for (const [policy, resolution, kept] of [
        ['ZOHO_WINS', 'ZOHO_VALUE', '175.00'],
        ['PORTAL_WINS', 'PORTAL_VALUE', '150.00'],
      ] as const) {
        const integrationId = await integrationWithPolicy(tenantId, policy);
        const dealId = randomUUID();
        await detect(tenantId, integrationId, dealId, [field('amount')]);
        const [stored] = await storedConflicts(dealId, 1);
        const event = await resolvedEventOf(stored!.id);
        assert.deepEqual(
          { ...event, resolvedAt: undefined },
          {
            conflictId: stored!.id,
            module: 'DEALS',
            portalRecordId: dealId,
            zohoRecordId: ZOHO_DEAL_ID,
            field: 'amount',
            resolution,
            resolvedValue: kept,
            zohoValue: '175.00',
            policy,
            resolvedBy: `policy:${policy}`,
            resolvedAt: undefined,
          },
        );
        const view = await viewOf(tenantId, stored!.id);
        assert.deepEqual(
          [view?.status, view?.resolution, view?.resolvedValue, view?.resolvedBy, view?.resolvedAt],
          ['RESOLVED', resolution, kept, `policy:${policy}`, event.resolvedAt],
        );
        assert.deepEqual(view?.resolutionHistory, [
          {
            resolution,
            resolvedValue: kept,
            policy,
            resolvedBy: `policy:${policy}`,
            resolvedAt: event.resolvedAt,
            baseValue: '100.00',
            portalValue: '150.00',
            zohoValue: '175.00',
          },
        ]);
      }
    });

    test('LATEST_CHANGE_WINS keeps the side changed later, either way; a tie keeps Zoho', async () => {
      const tenantId = newTenantId();
      const integrationId = await integrationWithPolicy(tenantId, 'LATEST_CHANGE_WINS');
      const cases = [
        {
          changed: { portalChangedAt: '2026-03-01T12:00:00.000Z', zohoChangedAt: '2026-03-01T11:59:59.000Z' },
          resolution: 'PORTAL_VALUE',
          kept: '150.00',
        },
        {
          changed: { portalChangedAt: '2026-03-01T11:00:00.000Z', zohoChangedAt: '2026-03-01T11:00:01.000Z' },
          resolution: 'ZOHO_VALUE',
          kept: '175.00',
        },
        {
          changed: { portalChangedAt: '2026-03-01T11:00:00.000Z', zohoChangedAt: '2026-03-01T11:00:00.000Z' },
          resolution: 'ZOHO_VALUE',
          kept: '175.00',
        },
      ];
      for (const { changed, resolution, kept } of cases) {
        const dealId = randomUUID();
        await detect(tenantId, integrationId, dealId, [field('amount', changed)]);
        const [stored] = await storedConflicts(dealId, 1);
        const event = await resolvedEventOf(stored!.id);
        assert.deepEqual(
          [event.resolution, event.resolvedValue, event.policy, event.resolvedBy],
          [resolution, kept, 'LATEST_CHANGE_WINS', 'policy:LATEST_CHANGE_WINS'],
          JSON.stringify(changed),
        );
      }
    });

    test("a module's own policy wins over the integration's: deals wait for review, leads keep the portal, contacts follow the integration", async () => {
      const tenantId = newTenantId();
      const integrationId = await integrationWithPolicy(tenantId, 'ZOHO_WINS', { DEALS: 'MANUAL_REVIEW', LEADS: 'PORTAL_WINS' });
      const [dealId, leadId, contactId] = [randomUUID(), randomUUID(), randomUUID()];
      await detect(tenantId, integrationId, leadId, [field('company', { portalValue: 'Acme', zohoValue: 'ACME Ltd' })], 'LEADS');
      await detect(
        tenantId,
        integrationId,
        contactId,
        [field('email', { portalValue: 'a@acme.test', zohoValue: 'b@acme.test' })],
        'CONTACTS',
      );
      await detect(tenantId, integrationId, dealId, [field('amount')], 'DEALS');

      const [lead] = await storedConflicts(leadId, 1);
      assert.deepEqual(
        [(await resolvedEventOf(lead!.id)).resolution, (await resolvedEventOf(lead!.id)).policy],
        ['PORTAL_VALUE', 'PORTAL_WINS'],
      );
      const [contact] = await storedConflicts(contactId, 1);
      assert.deepEqual(
        [(await resolvedEventOf(contact!.id)).resolvedValue, (await resolvedEventOf(contact!.id)).policy],
        ['b@acme.test', 'ZOHO_WINS'],
      );
      const [deal] = await storedConflicts(dealId, 1);
      // A policy resolves in the transaction that stores the detection: a row seen open was left open.
      assert.equal(deal?.status, 'OPEN');
      assert.deepEqual(resolvedEventsOf(deal.id), []);
    });

    /** sync-engine's `conflict.cleared` of these fields of one deal. */
    const clearing = (
      tenantId: string,
      integrationId: string,
      portalRecordId: string,
      fields: string[],
      reason: ConflictClearedData['reason'],
      clearedAt = new Date().toISOString(),
    ) =>
      createEvent('conflict.cleared', {
        source: 'sync-engine',
        tenantId,
        integrationId,
        subject: portalRecordId,
        correlationId: `req-clear-${portalRecordId}`,
        data: { module: 'DEALS', portalRecordId, zohoRecordId: ZOHO_DEAL_ID, fields, reason, clearedAt },
      });
    const CLEARED_FIELDS = `id fieldName status clearedReason resolution resolvedValue resolvedBy resolvedAt
      resolutionHistory { resolution clearedReason resolvedValue policy resolvedBy resolvedAt baseValue portalValue zohoValue }`;
    type ClearedView = Pick<ConflictView, 'id' | 'fieldName' | 'status' | 'resolution' | 'resolvedValue' | 'resolvedBy' | 'resolvedAt'> & {
      clearedReason: string | null;
      resolutionHistory: (Omit<HistoryEntry, 'resolution'> & { resolution: string | null; clearedReason: string | null })[];
    };
    const clearedViewOf = async (tenantId: string, conflictId: string): Promise<ClearedView | null | undefined> => {
      const result = await ctx.query<{ conflict: ClearedView | null }>(
        tenantId,
        `query($id: ID!) { conflict(id: $id) { ${CLEARED_FIELDS} } }`,
        {
          id: conflictId,
        },
      );
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data?.conflict;
    };
    const openConflictsOn = async (tenantId: string, dealId: string): Promise<string[]> => {
      const onDeal = await ctx.query<{ _entities: { openConflicts: { fieldName: string }[] }[] }>(
        tenantId,
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Deal { openConflicts { fieldName } } } }`,
        { representations: [{ __typename: 'Deal', id: dealId }] },
      );
      assert.equal(onDeal.errors, undefined, JSON.stringify(onDeal.errors));
      return onDeal.data?._entities[0]?.openConflicts.map((conflict) => conflict.fieldName) ?? [];
    };
    const queueOf = async (tenantId: string, integrationId: string, status: 'OPEN' | 'CLEARED'): Promise<string[]> => {
      const queue = await ctx.query<{ conflicts: { edges: { node: { fieldName: string; portalRecordId: string } }[] } }>(
        tenantId,
        `query($integrationId: ID!, $status: ConflictStatus!) { conflicts(first: 100, integrationId: $integrationId, status: $status) { edges { node { fieldName portalRecordId } } } }`,
        { integrationId, status },
      );
      assert.equal(queue.errors, undefined, JSON.stringify(queue.errors));
      return queue.data?.conflicts.edges.map(({ node }) => `${node.portalRecordId}/${node.fieldName}`).sort() ?? [];
    };

    test('a clearing closes the open conflicts of its fields without a resolution, audited as by sync-engine with why; they leave the queue and Deal.openConflicts', async () => {
      const tenantId = newTenantId();
      const integrationId = await integrationWithPolicy(tenantId, 'MANUAL_REVIEW');
      const dealId = randomUUID();
      const deletedDealId = randomUUID();
      await detect(tenantId, integrationId, dealId, [field('amount'), field('closingDate'), field('name')]);
      await detect(tenantId, integrationId, deletedDealId, [field('amount')]);
      const byField = new Map((await storedConflicts(dealId, 3)).map((row) => [row.fieldName, row]));
      const [deletedAmount] = await storedConflicts(deletedDealId, 1);
      const clearedAt = '2026-03-02T12:00:00.000Z';
      await publisher.publish([
        clearing(tenantId, integrationId, dealId, ['amount'], 'CONVERGED', clearedAt),
        clearing(tenantId, integrationId, dealId, ['closingDate'], 'FIELD_UNMAPPED', clearedAt),
        clearing(tenantId, integrationId, deletedDealId, ['amount'], 'RECORD_DELETED', clearedAt),
      ]);
      await eventually(async () =>
        assert.deepEqual(
          (await conflictRows(deletedDealId)).map((row) => row.status),
          ['CLEARED'],
        ),
      );

      const amount = await clearedViewOf(tenantId, byField.get('amount')!.id);
      assert.deepEqual(amount, {
        id: byField.get('amount')!.id,
        fieldName: 'amount',
        status: 'CLEARED',
        clearedReason: 'CONVERGED',
        resolution: null,
        resolvedValue: null,
        resolvedBy: 'sync-engine',
        resolvedAt: clearedAt,
        resolutionHistory: [
          {
            resolution: null,
            clearedReason: 'CONVERGED',
            resolvedValue: null,
            policy: null,
            resolvedBy: 'sync-engine',
            resolvedAt: clearedAt,
            baseValue: '100.00',
            portalValue: '150.00',
            zohoValue: '175.00',
          },
        ],
      });
      assert.equal((await clearedViewOf(tenantId, byField.get('closingDate')!.id))?.clearedReason, 'FIELD_UNMAPPED');
      assert.equal((await clearedViewOf(tenantId, deletedAmount!.id))?.clearedReason, 'RECORD_DELETED');
      assert.deepEqual(await queueOf(tenantId, integrationId, 'OPEN'), [`${dealId}/name`]);
      assert.deepEqual(
        await queueOf(tenantId, integrationId, 'CLEARED'),
        [`${dealId}/amount`, `${dealId}/closingDate`, `${deletedDealId}/amount`].sort(),
      );
      assert.deepEqual(await openConflictsOn(tenantId, dealId), ['name']);
      assert.deepEqual(await openConflictsOn(tenantId, deletedDealId), []);
      // Nothing is resolved: no value goes to either side.
      for (const conflict of [...byField.values(), deletedAmount!]) {
        assert.deepEqual(resolvedEventsOf(conflict.id), []);
      }
    });

    test('a cleared conflict cannot be resolved; clearings redelivered, late, of another tenant or after a resolution change nothing; a new detection opens anew', async () => {
      const tenantId = newTenantId();
      const integrationId = await integrationWithPolicy(tenantId, 'MANUAL_REVIEW');
      const dealId = randomUUID();
      await detect(tenantId, integrationId, dealId, [field('amount'), field('name'), field('closingDate')]);
      const byField = new Map((await storedConflicts(dealId, 3)).map((row) => [row.fieldName, row]));
      const converged = clearing(tenantId, integrationId, dealId, ['amount'], 'CONVERGED');
      await publisher.publish([converged]);
      await eventually(async () => assert.equal((await clearedViewOf(tenantId, byField.get('amount')!.id))?.status, 'CLEARED'));

      for (const input of [{ keep: 'PORTAL' }, { keep: 'VALUE', value: '99.00' }]) {
        const refused = await resolveAs({ tenantId }, { conflictId: byField.get('amount')!.id, ...input });
        assert.deepEqual(firstErrorCodeAndField(refused), { code: 'CONFLICT_CLEARED', field: 'input.conflictId' });
        assert.equal(refused.errors?.[0]?.extensions?.['kind'], 'CONFLICT');
        assert.match(refused.errors?.[0]?.message ?? '', /was cleared without a resolution \(CONVERGED\)/);
      }
      const name = await resolveAs({ tenantId, userId: 'reviewer-3' }, { conflictId: byField.get('name')!.id, keep: 'ZOHO' });
      assert.equal(name.errors, undefined, JSON.stringify(name.errors));

      // The same event again, a late clearing of the amount, one of the resolved name, another
      // tenant's naming this tenant's open closing date; then a new detection of the amount.
      await publisher.publish([
        converged,
        clearing(tenantId, integrationId, dealId, ['amount'], 'RECORD_DELETED'),
        clearing(tenantId, integrationId, dealId, ['name'], 'CONVERGED'),
        clearing(newTenantId(), integrationId, dealId, ['closingDate'], 'CONVERGED'),
      ]);
      await detect(tenantId, integrationId, dealId, [field('amount', { portalValue: '190.00', zohoValue: '195.00' })]);
      const rows = await storedConflicts(dealId, 4);
      const amounts = rows.filter((row) => row.fieldName === 'amount');
      assert.deepEqual(amounts.map((row) => row.status).sort(), ['CLEARED', 'OPEN']);
      assert.equal(amounts.find((row) => row.status === ConflictStatus.OPEN)?.portalValue, '190.00');
      const clearedAmount = await clearedViewOf(tenantId, byField.get('amount')!.id);
      assert.deepEqual(
        [clearedAmount?.clearedReason, clearedAmount?.resolutionHistory.map((entry) => entry.clearedReason)],
        ['CONVERGED', ['CONVERGED']],
      );
      const resolvedName = await clearedViewOf(tenantId, byField.get('name')!.id);
      assert.deepEqual(
        [resolvedName?.status, resolvedName?.clearedReason, resolvedName?.resolution, resolvedName?.resolutionHistory.length],
        ['RESOLVED', null, 'ZOHO_VALUE', 1],
      );
      assert.equal((await clearedViewOf(tenantId, byField.get('closingDate')!.id))?.status, 'OPEN');
      // Oldest first: the amount's new conflict after the closing date's.
      assert.deepEqual(await openConflictsOn(tenantId, dealId), ['closingDate', 'amount']);
      assert.deepEqual(resolvedEventsOf(byField.get('amount')!.id), []);
    });

    describe('resolveConflict', () => {
      const DEFINITION: MappingDefinition = {
        stageMappings: [
          {
            zohoPipeline: 'Standard (Standard)',
            inbound: [{ zohoStage: 'Closed Won', portalPhase: 'Won' }],
            outbound: [{ portalPhase: 'Won', zohoStage: 'Closed Won' }],
            onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
          },
        ],
        fieldMappings: [
          { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
          {
            portalField: 'leadSource',
            zohoField: 'Lead_Source',
            direction: 'BOTH',
            valueMap: [
              { portalValue: 'web', zohoValue: 'Web Site' },
              { portalValue: 'Partner', zohoValue: 'Partner' },
            ],
          },
        ],
        zohoDefaults: [],
        matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
      };

      /** A MANUAL_REVIEW integration whose mapping and portal deal schema conflict-resolver has heard of, and a deal with open conflicts. */
      async function dealAwaitingReview(tenantId: string): Promise<Map<string, ConflictEntity>> {
        const integrationId = await integrationWithPolicy(tenantId, 'MANUAL_REVIEW');
        const mappingVersionId = randomUUID();
        await publisher.publish([
          createEvent('mapping.published', {
            source: 'mapping-config',
            tenantId,
            integrationId,
            subject: mappingVersionId,
            correlationId: 'req-mapping',
            data: { mappingVersionId, version: 1, publishedByUserId: 'admin-1', definition: DEFINITION },
          }),
          createEvent('portal-deal-schema.changed', {
            source: 'mapping-config',
            tenantId,
            integrationId,
            subject: integrationId,
            correlationId: 'req-schema',
            data: {
              revision: 1,
              phases: [{ name: 'Won', outcome: 'WON' }],
              customFields: [{ apiName: 'leadSource', label: 'Lead source', type: 'PICKLIST', options: ['web', 'Partner', 'Fax'] }],
            },
          }),
        ]);
        await eventually(async () => {
          const rules = await ctx.service.dataSource.getRepository(IntegrationFieldRulesEntity).findOneBy({ integrationId });
          assert.deepEqual([rules?.mappingVersion, rules?.schemaRevision], [1, 1]);
        });
        const dealId = randomUUID();
        await detect(tenantId, integrationId, dealId, [
          field('amount'),
          field('closingDate', { baseValue: '2026-04-01', portalValue: '2026-04-15', zohoValue: '2026-04-30' }),
          field('leadSource', { baseValue: 'Partner', portalValue: 'web', zohoValue: 'Partner' }),
          field('name', { baseValue: 'Printers', portalValue: 'Printers EU', zohoValue: 'Printers Europe' }),
          field('probability', { baseValue: 10, portalValue: 20, zohoValue: 30 }),
        ]);
        return new Map((await storedConflicts(dealId, 5)).map((row) => [row.fieldName, row]));
      }

      test('keeps the portal value, Zoho value or a checked value of the reviewer; each is resolved, audited and announced once', async () => {
        const tenantId = newTenantId();
        const conflicts = await dealAwaitingReview(tenantId);
        const reviewer = { tenantId, userId: 'reviewer-7' };
        const resolveField = async (fieldName: string, input: Record<string, unknown>) => {
          const result = await resolveAs(reviewer, { conflictId: conflicts.get(fieldName)!.id, ...input });
          assert.equal(result.errors, undefined, JSON.stringify(result.errors));
          return result.data!.resolveConflict;
        };

        const name = await resolveField('name', { keep: 'PORTAL' });
        assert.deepEqual(
          [name.status, name.resolution, name.resolvedValue, name.resolvedBy],
          ['RESOLVED', 'PORTAL_VALUE', 'Printers EU', 'reviewer-7'],
        );
        assert.deepEqual(name.resolutionHistory, [
          {
            resolution: 'PORTAL_VALUE',
            resolvedValue: 'Printers EU',
            policy: null,
            resolvedBy: 'reviewer-7',
            resolvedAt: name.resolvedAt,
            baseValue: 'Printers',
            portalValue: 'Printers EU',
            zohoValue: 'Printers Europe',
          },
        ]);
        const closingDate = await resolveField('closingDate', { keep: 'ZOHO' });
        assert.deepEqual([closingDate.resolution, closingDate.resolvedValue], ['ZOHO_VALUE', '2026-04-30']);
        // A decimal is stored in its canonical spelling, as sync compares it.
        const amount = await resolveField('amount', { keep: 'VALUE', value: '0160.50' });
        assert.deepEqual(
          [amount.resolution, amount.resolvedValue, amount.resolutionHistory[0]?.resolvedValue],
          ['CUSTOM_VALUE', '160.5', '160.5'],
        );
        const leadSource = await resolveField('leadSource', { keep: 'VALUE', value: 'web' });
        assert.deepEqual([leadSource.resolution, leadSource.resolvedValue], ['CUSTOM_VALUE', 'web']);

        for (const [fieldName, resolution, resolvedValue] of [
          ['name', 'PORTAL_VALUE', 'Printers EU'],
          ['closingDate', 'ZOHO_VALUE', '2026-04-30'],
          ['amount', 'CUSTOM_VALUE', '160.5'],
          ['leadSource', 'CUSTOM_VALUE', 'web'],
        ] as const) {
          const event = await resolvedEventOf(conflicts.get(fieldName)!.id);
          assert.deepEqual(
            [event.field, event.resolution, event.resolvedValue, event.policy, event.resolvedBy, event.zohoValue],
            [fieldName, resolution, resolvedValue, null, 'reviewer-7', conflicts.get(fieldName)!.zohoValue],
          );
        }

        const again = await resolveAs(reviewer, { conflictId: conflicts.get('name')!.id, keep: 'ZOHO' });
        assert.deepEqual(firstErrorCodeAndField(again), { code: 'CONFLICT_ALREADY_RESOLVED', field: 'input.conflictId' });
        assert.equal(again.errors?.[0]?.extensions?.['kind'], 'CONFLICT');
        assert.equal((await viewOf(tenantId, conflicts.get('name')!.id))?.resolutionHistory.length, 1);
        assert.equal(resolvedEventsOf(conflicts.get('name')!.id).length, 1);
      });

      test('a value is refused, naming input.value and why, unless it fits the field type and Zoho picklist; nothing is resolved meanwhile', async () => {
        const tenantId = newTenantId();
        const conflicts = await dealAwaitingReview(tenantId);
        const refusal = async (fieldName: string, input: Record<string, unknown>) => {
          const result = await resolveAs({ tenantId }, { conflictId: conflicts.get(fieldName)!.id, ...input });
          return { ...firstErrorCodeAndField(result), message: result.errors?.[0]?.message };
        };

        assert.deepEqual(await refusal('amount', { keep: 'VALUE', value: 'lots' }), {
          code: 'INVALID_VALUE',
          field: 'input.value',
          message: 'input.value must be a decimal number, e.g. 1200.50',
        });
        assert.deepEqual(await refusal('amount', { keep: 'VALUE', value: true }), {
          code: 'INVALID_VALUE',
          field: 'input.value',
          message: 'input.value must be a decimal number, e.g. 1200.50',
        });
        assert.deepEqual(await refusal('leadSource', { keep: 'VALUE', value: 'Fax' }), {
          code: 'VALUE_NOT_IN_PICKLIST',
          field: 'input.value',
          message: 'input.value must be one of the picklist values Zoho accepts: web (Zoho: Web Site), Partner',
        });
        assert.deepEqual(await refusal('closingDate', { keep: 'VALUE', value: '2026-02-30' }), {
          code: 'INVALID_VALUE',
          field: 'input.value',
          message: 'input.value must be a date YYYY-MM-DD',
        });
        // `probability` is neither a standard deal field nor a custom one the portal schema names.
        const unknown = await refusal('probability', { keep: 'VALUE', value: 40 });
        assert.deepEqual([unknown.code, unknown.field], ['UNKNOWN_FIELD_TYPE', 'input.value']);
        assert.match(unknown.message ?? '', /type of DEALS field "probability" is not known here/);
        assert.deepEqual(await refusal('amount', { keep: 'VALUE' }), {
          code: 'VALUE_REQUIRED',
          field: 'input.value',
          message: 'input.value is required when keep is VALUE (null empties the field)',
        });
        const unexpected = await refusal('amount', { keep: 'PORTAL', value: '1.00' });
        assert.deepEqual([unexpected.code, unexpected.field], ['VALUE_NOT_EXPECTED', 'input.value']);
        const unknownKeep = await resolveAs({ tenantId }, { conflictId: conflicts.get('amount')!.id, keep: 'BOTH' });
        assert.equal(unknownKeep.status, 400);

        for (const conflict of conflicts.values()) {
          const view = await viewOf(tenantId, conflict.id);
          assert.deepEqual([view?.status, view?.resolutionHistory], ['OPEN', []], conflict.fieldName);
          assert.deepEqual(resolvedEventsOf(conflict.id), []);
        }
        // null empties the field: a value every type takes.
        const emptied = await resolveAs({ tenantId }, { conflictId: conflicts.get('leadSource')!.id, keep: 'VALUE', value: null });
        assert.deepEqual([emptied.data?.resolveConflict.resolution, emptied.data?.resolveConflict.resolvedValue], ['CUSTOM_VALUE', null]);
      });

      test("a viewer cannot resolve, and another tenant can neither see nor resolve the tenant's conflict", async () => {
        const tenantA = newTenantId();
        const tenantB = newTenantId();
        const dealId = randomUUID();
        const conflict = await newConflict(tenantA, { portalRecordId: dealId, fieldName: 'amount' });

        const byViewer = await resolveAs({ tenantId: tenantA, roles: ['viewer'] }, { conflictId: conflict.id, keep: 'ZOHO' });
        assert.equal(byViewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
        assert.match(byViewer.errors?.[0]?.message ?? '', /only a tenant admin may resolve a conflict/);

        for (const input of [{ keep: 'ZOHO' }, { keep: 'VALUE', value: '1.00' }]) {
          const byOtherTenant = await resolveAs({ tenantId: tenantB }, { conflictId: conflict.id, ...input });
          assert.deepEqual(firstErrorCodeAndField(byOtherTenant), { code: 'CONFLICT_NOT_FOUND', field: 'input.conflictId' });
          assert.equal(byOtherTenant.errors?.[0]?.extensions?.['kind'], 'NOT_FOUND');
        }
        assert.equal(await viewOf(tenantB, conflict.id), null);
        const listedForB = await ctx.query<{ conflicts: { edges: unknown[] } }>(
          tenantB,
          `{ conflicts(first: 100, portalRecordId: "${dealId}") { edges { node { id } } } }`,
        );
        assert.deepEqual(listedForB.data?.conflicts.edges, []);

        const stillOpen = await viewOf(tenantA, conflict.id);
        assert.deepEqual([stillOpen?.status, stillOpen?.resolutionHistory], ['OPEN', []]);
        assert.deepEqual(resolvedEventsOf(conflict.id), []);
        const unknownId = await resolveAs({ tenantId: tenantA }, { conflictId: 'not-a-uuid', keep: 'ZOHO' });
        assert.deepEqual(firstErrorCodeAndField(unknownId), { code: 'CONFLICT_NOT_FOUND', field: 'input.conflictId' });
      });
    });
  });
});
