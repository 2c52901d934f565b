import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Topics, type MappingDefinition } from '@crm-bridge/contracts';
import { eventually, firstErrorCodeAndField, newTenantId, SubgraphServiceTestContext, TopicRecorder } from '@crm-bridge/testing';
import { mappingConfigService } from './mapping-config.service-definition';
import { IntegrationEntity } from './integration/integration.entity';
import { MappingVersionEntity } from './mapping-version/mapping-version.entity';

const SAMPLE_DEFINITION: MappingDefinition = {
  pipelines: [{ portalPipeline: 'Partner deals', zohoLayout: 'Standard', zohoPipeline: 'Standard (Standard)' }],
  stageMap: { Qualified: 'Qualification', Won: 'Closed Won' },
  fieldMaps: [{ portalField: 'amount', zohoField: 'Amount', direction: 'BOTH' }],
};

describe('mapping-config subgraph', () => {
  const ctx = SubgraphServiceTestContext.forSuite(mappingConfigService);

  function newIntegration(tenantId: string, overrides: Partial<IntegrationEntity> = {}): Promise<IntegrationEntity> {
    return ctx.store(IntegrationEntity, {
      tenantId,
      name: 'Integration',
      connectionId: randomUUID(),
      modules: [
        { module: 'DEALS', enabled: true, direction: 'BOTH' },
        { module: 'CONTACTS', enabled: true, direction: 'BOTH' },
        { module: 'LEADS', enabled: false, direction: 'BOTH' },
        { module: 'ACCOUNTS', enabled: false, direction: 'BOTH' },
      ],
      contactTargetModule: 'CONTACTS',
      conflictPolicy: 'LATEST_CHANGE_WINS',
      syncIntervalMinutes: 15,
      debounceSeconds: 30,
      timeZone: 'Europe/Berlin',
      enabled: true,
      publishedVersion: null,
      ...overrides,
    });
  }

  function newVersion(
    integration: IntegrationEntity,
    version: number,
    overrides: Partial<MappingVersionEntity> = {},
  ): Promise<MappingVersionEntity> {
    return ctx.store(MappingVersionEntity, {
      tenantId: integration.tenantId,
      integrationId: integration.id,
      version,
      publishedAt: null,
      authorUserId: 'user-1',
      definition: SAMPLE_DEFINITION,
      comment: null,
      ...overrides,
    });
  }

  test('migrations applied to an empty database leave no schema drift', async () => {
    assert.deepEqual(await ctx.pendingSchemaChanges(), []);
  });

  test('lists only the caller tenant integrations, page by page', async () => {
    const tenantA = newTenantId();
    const first = await newIntegration(tenantA, {
      name: 'A1',
      modules: [
        { module: 'DEALS', enabled: false, direction: 'BOTH' },
        { module: 'CONTACTS', enabled: false, direction: 'BOTH' },
        { module: 'LEADS', enabled: true, direction: 'ZOHO_TO_PORTAL' },
        { module: 'ACCOUNTS', enabled: true, direction: 'PORTAL_TO_ZOHO' },
      ],
      syncRecordsFrom: '2026-01-01',
      contactTargetModule: 'LEADS',
      conflictPolicy: 'MANUAL_REVIEW',
      syncIntervalMinutes: 60,
      debounceSeconds: 5,
      timeZone: 'Asia/Kolkata',
      enabled: false,
      publishedVersion: 3,
    });
    await newIntegration(tenantA, { name: 'A2' });
    await newIntegration(tenantA, { name: 'A3' });
    await newIntegration(newTenantId(), { name: 'B1' });
    const query = `query($after: String) { integrations(first: 2, after: $after) {
      edges { node { id name connection { id } modules { module enabled direction } contactTargetModule conflictPolicy
        syncIntervalMinutes debounceSeconds syncRecordsFrom timeZone enabled publishedVersion } }
      pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      integrations: {
        edges: { node: Record<string, unknown> & { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const firstPage = await ctx.query<Page>(tenantA, query);
    assert.equal(firstPage.errors, undefined);
    assert.deepEqual(
      firstPage.data?.integrations.edges.map((edge) => edge.node.name),
      ['A1', 'A2'],
    );
    assert.deepEqual(firstPage.data?.integrations.edges[0]?.node, {
      id: first.id,
      name: 'A1',
      connection: { id: first.connectionId },
      modules: [
        { module: 'DEALS', enabled: false, direction: 'BOTH' },
        { module: 'CONTACTS', enabled: false, direction: 'BOTH' },
        { module: 'LEADS', enabled: true, direction: 'ZOHO_TO_PORTAL' },
        { module: 'ACCOUNTS', enabled: true, direction: 'PORTAL_TO_ZOHO' },
      ],
      syncRecordsFrom: '2026-01-01',
      contactTargetModule: 'LEADS',
      conflictPolicy: 'MANUAL_REVIEW',
      syncIntervalMinutes: 60,
      debounceSeconds: 5,
      timeZone: 'Asia/Kolkata',
      enabled: false,
      publishedVersion: 3,
    });
    assert.equal(firstPage.data?.integrations.pageInfo.hasNextPage, true);
    const secondPage = await ctx.query<Page>(tenantA, query, { after: firstPage.data?.integrations.pageInfo.endCursor });
    assert.deepEqual(
      secondPage.data?.integrations.edges.map((edge) => edge.node.name),
      ['A3'],
    );
    assert.equal(secondPage.data?.integrations.pageInfo.hasNextPage, false);
  });

  test('an integration by id is found for its own tenant only', async () => {
    const tenantA = newTenantId();
    const own = await newIntegration(tenantA, { name: 'mine' });
    const foreign = await newIntegration(newTenantId(), { name: 'theirs' });
    const query = 'query($id: ID!) { integration(id: $id) { id name } }';
    assert.deepEqual((await ctx.query(tenantA, query, { id: own.id })).data, { integration: { id: own.id, name: 'mine' } });
    const hidden = await ctx.query(tenantA, query, { id: foreign.id });
    assert.equal(hidden.errors, undefined);
    assert.deepEqual(hidden.data, { integration: null });
  });

  test("an integration's versions page through that integration's versions only", async () => {
    const tenantA = newTenantId();
    const integration = await newIntegration(tenantA);
    const sibling = await newIntegration(tenantA);
    await newVersion(integration, 1, { publishedAt: new Date('2026-03-01T08:00:00.000Z'), comment: 'first cut' });
    await newVersion(sibling, 1);
    await newVersion(integration, 2);
    await newVersion(integration, 3);
    const query = `query($id: ID!, $after: String) { integration(id: $id) { versions(first: 2, after: $after) {
      edges { node { version publishedAt authorUserId comment definition integration { id } } }
      pageInfo { hasNextPage endCursor } } } }`;
    type Node = {
      version: number;
      publishedAt: string | null;
      authorUserId: string;
      comment: string | null;
      definition: unknown;
      integration: { id: string };
    };
    type Page = { integration: { versions: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
    const firstPage = await ctx.query<Page>(tenantA, query, { id: integration.id });
    assert.equal(firstPage.errors, undefined);
    const versions = firstPage.data?.integration.versions;
    assert.deepEqual(
      versions?.edges.map((edge) => edge.node.version),
      [1, 2],
    );
    assert.deepEqual(versions?.edges[0]?.node, {
      version: 1,
      publishedAt: '2026-03-01T08:00:00.000Z',
      authorUserId: 'user-1',
      comment: 'first cut',
      definition: SAMPLE_DEFINITION,
      integration: { id: integration.id },
    });
    assert.equal(versions?.pageInfo.hasNextPage, true);
    const secondPage = await ctx.query<Page>(tenantA, query, { id: integration.id, after: versions?.pageInfo.endCursor });
    assert.deepEqual(
      secondPage.data?.integration.versions.edges.map((edge) => edge.node.version),
      [3],
    );
    assert.equal(secondPage.data?.integration.versions.pageInfo.hasNextPage, false);
  });

  test('a mapping version by id is found, with its integration, for its own tenant only', async () => {
    const tenantA = newTenantId();
    const own = await newVersion(await newIntegration(tenantA, { name: 'mine' }), 1);
    const foreign = await newVersion(await newIntegration(newTenantId(), { name: 'theirs' }), 1);
    const query = 'query($id: ID!) { mappingVersion(id: $id) { id version integration { name } } }';
    const found = await ctx.query(tenantA, query, { id: own.id });
    assert.deepEqual(found.data, { mappingVersion: { id: own.id, version: 1, integration: { name: 'mine' } } });
    const hidden = await ctx.query(tenantA, query, { id: foreign.id });
    assert.equal(hidden.errors, undefined);
    assert.deepEqual(hidden.data, { mappingVersion: null });
  });

  test('entity references resolve, duplicates included, and never across tenants', async () => {
    const tenantA = newTenantId();
    const ownIntegration = await newIntegration(tenantA, { name: 'mine' });
    const ownVersion = await newVersion(ownIntegration, 7);
    const foreignIntegration = await newIntegration(newTenantId(), { name: 'theirs' });
    const foreignVersion = await newVersion(foreignIntegration, 7);
    const representations = [
      { __typename: 'Integration', id: ownIntegration.id },
      { __typename: 'MappingVersion', id: ownVersion.id },
      { __typename: 'Integration', id: foreignIntegration.id },
      { __typename: 'MappingVersion', id: foreignVersion.id },
      { __typename: 'Integration', id: ownIntegration.id },
      { __typename: 'MappingVersion', id: 'not-a-uuid' },
    ];
    const result = await ctx.query<{ _entities: unknown[] }>(
      tenantA,
      `query($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Integration { id name }
        ... on MappingVersion { id version }
      } }`,
      { representations },
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [
      { id: ownIntegration.id, name: 'mine' },
      { id: ownVersion.id, version: 7 },
      null,
      null,
      { id: ownIntegration.id, name: 'mine' },
      null,
    ]);
  });

  test('a version number is taken only once per integration', async () => {
    const tenantA = newTenantId();
    const integration = await newIntegration(tenantA);
    await newVersion(integration, 1);
    await assert.rejects(newVersion(integration, 1), /UQ_mapping_versions_integration_version/);
    await newVersion(await newIntegration(tenantA), 1);
  });

  test('bad arguments are refused with the field and the reason', async () => {
    const tenantA = newTenantId();
    const tooMany = await ctx.query(tenantA, '{ integrations(first: 500) { edges { node { id } } } }');
    assert.deepEqual(firstErrorCodeAndField(tooMany), { code: 'INVALID_PAGE_SIZE', field: 'first' });
    assert.match(tooMany.errors?.[0]?.message ?? '', /first must be between 1 and 100/);

    const integration = await newIntegration(tenantA);
    const versionsQuery =
      'query($id: ID!, $first: Int!, $after: String) { integration(id: $id) { versions(first: $first, after: $after) { edges { node { id } } } } }';
    const zero = await ctx.query(tenantA, versionsQuery, { id: integration.id, first: 0 });
    assert.deepEqual(firstErrorCodeAndField(zero), { code: 'INVALID_PAGE_SIZE', field: 'first' });
    assert.deepEqual(zero.errors?.[0]?.path, ['integration', 'versions']);
    const badCursor = await ctx.query(tenantA, versionsQuery, { id: integration.id, first: 5, after: 'garbage' });
    assert.deepEqual(firstErrorCodeAndField(badCursor), { code: 'INVALID_CURSOR', field: 'after' });
  });

  describe('publishing a mapping version', () => {
    const publish = `mutation($input: PublishMappingVersionInput!) { publishMappingVersion(input: $input) {
      id version publishedAt authorUserId comment definition integration { id publishedVersion } } }`;
    type Published = {
      publishMappingVersion: {
        id: string;
        version: number;
        publishedAt: string;
        authorUserId: string;
        comment: string | null;
        definition: unknown;
        integration: { id: string; publishedVersion: number };
      };
    };
    let recorder: TopicRecorder;

    before(async () => {
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.mappings]).start();
    });
    after(() => recorder.stop());

    const publishedEventsOf = (integrationId: string) =>
      recorder.on(Topics.mappings).filter((record) => record.headers['ce_integrationid'] === integrationId);

    test('stores the next version, makes it the published one and puts mapping.published with the definition on its topic', async () => {
      const tenantA = newTenantId();
      const integration = await newIntegration(tenantA);
      const first = await ctx.query<Published>(tenantA, publish, {
        input: { integrationId: integration.id, definition: SAMPLE_DEFINITION, comment: '  first cut  ' },
      });
      assert.equal(first.errors, undefined);
      const version = first.data!.publishMappingVersion;
      assert.equal(version.version, 1);
      assert.equal(version.authorUserId, 'test-user');
      assert.equal(version.comment, 'first cut');
      assert.deepEqual(version.definition, SAMPLE_DEFINITION);
      assert.deepEqual(version.integration, { id: integration.id, publishedVersion: 1 });
      assert.ok(Date.now() - Date.parse(version.publishedAt) < 60_000);

      const second = await ctx.query<Published>(tenantA, publish, {
        input: { integrationId: integration.id, definition: { ...SAMPLE_DEFINITION, stageMap: {} } },
      });
      assert.equal(second.data?.publishMappingVersion.version, 2);
      assert.equal(second.data?.publishMappingVersion.integration.publishedVersion, 2);

      await eventually(() => assert.equal(publishedEventsOf(integration.id).length, 2));
      const [firstRecord, secondRecord] = publishedEventsOf(integration.id);
      assert.equal(firstRecord?.key, integration.id);
      assert.equal(firstRecord?.headers['ce_type'], 'mapping.published');
      assert.equal(firstRecord?.headers['ce_tenantid'], tenantA);
      assert.equal(firstRecord?.headers['ce_subject'], version.id);
      assert.deepEqual(JSON.parse(firstRecord?.value ?? '{}'), {
        mappingVersionId: version.id,
        version: 1,
        publishedByUserId: 'test-user',
        definition: SAMPLE_DEFINITION,
      });
      assert.equal((JSON.parse(secondRecord?.value ?? '{}') as { version: number }).version, 2);
    });

    test('a bad definition is refused naming the field, and nothing is stored or published', async () => {
      const tenantA = newTenantId();
      const integration = await newIntegration(tenantA);
      const badDirection = await ctx.query(tenantA, publish, {
        input: {
          integrationId: integration.id,
          definition: { ...SAMPLE_DEFINITION, fieldMaps: [{ portalField: 'amount', zohoField: 'Amount', direction: 'SIDEWAYS' }] },
        },
      });
      assert.deepEqual(firstErrorCodeAndField(badDirection), {
        code: 'INVALID_MAPPING_DEFINITION',
        field: 'input.definition.fieldMaps.0.direction',
      });
      assert.match(badDirection.errors?.[0]?.message ?? '', /must be one of PORTAL_TO_ZOHO, ZOHO_TO_PORTAL, BOTH/);
      const notAnObject = await ctx.query(tenantA, publish, { input: { integrationId: integration.id, definition: 'everything' } });
      assert.deepEqual(firstErrorCodeAndField(notAnObject), { code: 'INVALID_MAPPING_DEFINITION', field: 'input.definition' });
      const longComment = await ctx.query(tenantA, publish, {
        input: { integrationId: integration.id, definition: SAMPLE_DEFINITION, comment: 'x'.repeat(501) },
      });
      assert.deepEqual(firstErrorCodeAndField(longComment), { code: 'COMMENT_TOO_LONG', field: 'input.comment' });

      const stored = await ctx.service.dataSource.getRepository(MappingVersionEntity).countBy({ integrationId: integration.id });
      assert.equal(stored, 0);
      const reloaded = await ctx.service.dataSource.getRepository(IntegrationEntity).findOneByOrFail({ id: integration.id });
      assert.equal(reloaded.publishedVersion, null);
      // A later good publish is on the topic; nothing refused before it is.
      const good = await ctx.query<Published>(tenantA, publish, {
        input: { integrationId: integration.id, definition: SAMPLE_DEFINITION },
      });
      assert.equal(good.data?.publishMappingVersion.version, 1);
      await eventually(() => assert.equal(publishedEventsOf(integration.id).length, 1));
    });

    test("another tenant's integration, a malformed id and a caller who is not an admin are refused", async () => {
      const tenantA = newTenantId();
      const foreign = await newIntegration(newTenantId());
      const hidden = await ctx.query(tenantA, publish, { input: { integrationId: foreign.id, definition: SAMPLE_DEFINITION } });
      assert.deepEqual(firstErrorCodeAndField(hidden), { code: 'INTEGRATION_NOT_FOUND', field: 'input.integrationId' });
      const malformed = await ctx.query(tenantA, publish, { input: { integrationId: 'integration-7', definition: SAMPLE_DEFINITION } });
      assert.deepEqual(firstErrorCodeAndField(malformed), { code: 'INVALID_INTEGRATION_ID', field: 'input.integrationId' });

      const own = await newIntegration(tenantA);
      const asViewer = await ctx.queryAs({ tenantId: tenantA, roles: ['viewer'] }, publish, {
        input: { integrationId: own.id, definition: SAMPLE_DEFINITION },
      });
      assert.equal(asViewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      assert.match(asViewer.errors?.[0]?.message ?? '', /only a tenant admin may publish a mapping version/);
      assert.equal(await ctx.service.dataSource.getRepository(MappingVersionEntity).countBy({ integrationId: foreign.id }), 0);
      assert.equal(await ctx.service.dataSource.getRepository(MappingVersionEntity).countBy({ integrationId: own.id }), 0);
      assert.deepEqual(publishedEventsOf(foreign.id), []);
    });
  });
});
