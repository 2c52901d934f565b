import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Topics } from '@crm-bridge/contracts';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { firstErrorCodeAndField, newTenantId, SubgraphServiceTestContext, TopicRecorder } from '@crm-bridge/testing';
import { mappingConfigService } from './mapping-config.service-definition';
import { WITHOUT_AUTH_CONNECTOR } from './mapping-config.test-environment';
import { IntegrationEntity } from './integration/integration.entity';
import { MappingVersionEntity } from './mapping-version/mapping-version.entity';

const SAMPLE_DEFINITION: MappingDefinition = {
  stageMappings: [
    {
      zohoPipeline: 'Standard (Standard)',
      inbound: [
        { zohoStage: 'Qualification', portalPhase: 'Qualified' },
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
        { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
      ],
      outbound: [
        { portalPhase: 'Qualified', zohoStage: 'Qualification' },
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
        { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
      ],
      onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
    },
    {
      zohoPipeline: 'Renewals (Standard)',
      inbound: [{ zohoStage: 'Renewed', portalPhase: 'Won' }],
      outbound: [{ portalPhase: 'Won', zohoStage: 'Renewed' }],
      onCreate: { strategy: 'MANUAL', stages: [{ portalPhase: 'Qualified', zohoStage: 'Renewal Due' }] },
    },
  ],
  fieldMappings: [
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    {
      portalField: 'source',
      zohoField: 'Lead_Source',
      direction: 'PORTAL_TO_ZOHO',
      valueMap: [{ portalValue: 'partner', zohoValue: 'Partner' }],
    },
  ],
  zohoDefaults: [{ zohoField: 'Type', value: 'New Business' }],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

/** The GraphQL selection of a whole definition; unused tagged-union fields read back as null. */
const DEFINITION_FIELDS = `definition {
  stageMappings { zohoPipeline inbound { zohoStage portalPhase } outbound { portalPhase zohoStage }
    onCreate { strategy zohoStage stages { portalPhase zohoStage } } }
  fieldMappings { portalField zohoField direction valueMap { portalValue zohoValue } }
  zohoDefaults { zohoField value }
  matchKey { kind zohoField portalField } }`;

/** SAMPLE_DEFINITION as GraphQL reads it back: the fields its tagged unions leave out are null. */
const SAMPLE_DEFINITION_READ = {
  ...SAMPLE_DEFINITION,
  stageMappings: [
    { ...SAMPLE_DEFINITION.stageMappings[0], onCreate: { strategy: 'STATIC', zohoStage: 'Qualification', stages: null } },
    {
      ...SAMPLE_DEFINITION.stageMappings[1],
      onCreate: { strategy: 'MANUAL', zohoStage: null, stages: [{ portalPhase: 'Qualified', zohoStage: 'Renewal Due' }] },
    },
  ],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id', portalField: null },
};

describe('mapping-config subgraph', () => {
  const ctx = SubgraphServiceTestContext.forSuite(mappingConfigService, { environment: WITHOUT_AUTH_CONNECTOR });

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
      edges { node { version publishedAt authorUserId comment ${DEFINITION_FIELDS} integration { id } } }
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
      definition: SAMPLE_DEFINITION_READ,
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

  test('two versions of one integration diff by what changed, never across tenants or integrations', async () => {
    const tenantA = newTenantId();
    const integration = await newIntegration(tenantA);
    const first = await newVersion(integration, 1);
    const second = await newVersion(integration, 2, {
      definition: {
        ...SAMPLE_DEFINITION,
        zohoDefaults: [{ zohoField: 'Type', value: 'Existing Business' }],
        matchKey: { kind: 'ZOHO_ID' },
      },
    });
    const query = 'query($from: ID!, $to: ID!) { mappingVersionDiff(from: $from, to: $to) { path kind before after } }';
    const diff = await ctx.query(tenantA, query, { from: first.id, to: second.id });
    assert.equal(diff.errors, undefined);
    assert.deepEqual(diff.data, {
      mappingVersionDiff: [
        { path: "zohoDefaults['Type']", kind: 'CHANGED', before: '"New Business"', after: '"Existing Business"' },
        { path: 'matchKey', kind: 'CHANGED', before: '{"kind":"EXTERNAL_ID","zohoField":"Portal_Deal_Id"}', after: '{"kind":"ZOHO_ID"}' },
      ],
    });

    const foreign = await newVersion(await newIntegration(newTenantId()), 1);
    const acrossTenants = await ctx.query(tenantA, query, { from: first.id, to: foreign.id });
    assert.deepEqual(firstErrorCodeAndField(acrossTenants), { code: 'MAPPING_VERSION_NOT_FOUND', field: 'to' });
    const sibling = await newVersion(await newIntegration(tenantA), 1);
    const acrossIntegrations = await ctx.query(tenantA, query, { from: sibling.id, to: second.id });
    assert.deepEqual(firstErrorCodeAndField(acrossIntegrations), { code: 'VERSIONS_OF_DIFFERENT_INTEGRATIONS', field: 'to' });
  });

  describe('publishing a mapping version', () => {
    const publish = `mutation($input: PublishMappingVersionInput!) { publishMappingVersion(input: $input) {
      mappingVersion { id version publishedAt authorUserId comment ${DEFINITION_FIELDS} integration { id publishedVersion } }
      problems { path code message severity } } }`;
    type Problem = { path: string; code: string; message: string; severity: string };
    type Published = {
      publishMappingVersion: {
        mappingVersion: {
          id: string;
          version: number;
          publishedAt: string;
          authorUserId: string;
          comment: string | null;
          definition: unknown;
          integration: { id: string; publishedVersion: number };
        } | null;
        problems: Problem[];
      };
    };
    let recorder: TopicRecorder;

    before(async () => {
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.mappings]).start();
    });
    after(() => recorder.stop());

    const publishedEventsOf = (integrationId: string) =>
      recorder.on(Topics.mappings).filter((record) => record.headers['ce_integrationid'] === integrationId);
    const storedVersionsOf = (integrationId: string) =>
      ctx.service.dataSource.getRepository(MappingVersionEntity).countBy({ integrationId });

    // Publishing against live Zoho metadata (stored versions, events, problems found only with
    // metadata) is tested with auth-connector and the Zoho sandbox in e2e/zoho-metadata.e2e-spec.ts.
    test('the shape is checked first: every shape problem at once, before Zoho is asked, and nothing is stored', async () => {
      const tenantA = newTenantId();
      const integration = await newIntegration(tenantA);
      // What GraphQL's types cannot say — non-empty names, at least one pipeline, what a tag needs — the schema check does.
      const badShape = await ctx.query<Published>(tenantA, publish, {
        input: {
          integrationId: integration.id,
          definition: { ...SAMPLE_DEFINITION, stageMappings: [], matchKey: { kind: 'DUPLICATE_CHECK', zohoField: '  ' } },
        },
      });
      assert.equal(badShape.errors, undefined, JSON.stringify(badShape.errors));
      assert.equal(badShape.data?.publishMappingVersion.mappingVersion, null);
      assert.deepEqual(badShape.data?.publishMappingVersion.problems, [
        { path: 'stageMappings', code: 'INVALID_VALUE', message: 'must select at least one Zoho pipeline', severity: 'ERROR' },
        { path: 'matchKey.zohoField', code: 'INVALID_VALUE', message: 'must be a Zoho field API name', severity: 'ERROR' },
        { path: 'matchKey.portalField', code: 'INVALID_VALUE', message: 'is required', severity: 'ERROR' },
      ]);
      const badDirection = await ctx.query(tenantA, publish, {
        input: {
          integrationId: integration.id,
          definition: {
            ...SAMPLE_DEFINITION,
            fieldMappings: [{ portalField: 'amount', zohoField: 'Amount', direction: 'SIDEWAYS', valueMap: [] }],
          },
        },
      });
      assert.match(badDirection.errors?.[0]?.message ?? '', /SIDEWAYS/);
      const longComment = await ctx.query(tenantA, publish, {
        input: { integrationId: integration.id, definition: SAMPLE_DEFINITION, comment: 'x'.repeat(501) },
      });
      assert.deepEqual(firstErrorCodeAndField(longComment), { code: 'COMMENT_TOO_LONG', field: 'input.comment' });
      assert.equal(await storedVersionsOf(integration.id), 0);
    });

    test('without live Zoho metadata nothing is published: auth-connector out of reach is a coded error naming the integration', async () => {
      const tenantA = newTenantId();
      const integration = await newIntegration(tenantA);
      const refused = await ctx.query<Published>(tenantA, publish, {
        input: { integrationId: integration.id, definition: SAMPLE_DEFINITION },
      });
      assert.deepEqual(firstErrorCodeAndField(refused), { code: 'AUTH_CONNECTOR_UNAVAILABLE', field: 'input.integrationId' });
      assert.match(
        refused.errors?.[0]?.message ?? '',
        new RegExp(`integration ${integration.id} \\(Zoho connection ${integration.connectionId}\\)`),
      );
      assert.equal(refused.errors?.[0]?.extensions?.['kind'], 'UNAVAILABLE');
      assert.equal(await storedVersionsOf(integration.id), 0);
      const reloaded = await ctx.service.dataSource.getRepository(IntegrationEntity).findOneByOrFail({ id: integration.id });
      assert.equal(reloaded.publishedVersion, null);
      assert.deepEqual(publishedEventsOf(integration.id), []);
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
      assert.equal(await storedVersionsOf(foreign.id), 0);
      assert.equal(await storedVersionsOf(own.id), 0);
      assert.deepEqual(publishedEventsOf(foreign.id), []);
    });
  });

  describe('Zoho metadata', () => {
    const read = 'query($id: ID!) { zohoMetadata(integrationId: $id) { integrationId } }';
    const refresh = 'mutation($id: ID!) { refreshZohoMetadata(integrationId: $id) { integrationId } }';

    test("another tenant's integration, a malformed id and a viewer's refresh are refused before Zoho is asked", async () => {
      const tenantA = newTenantId();
      const foreign = await newIntegration(newTenantId());
      assert.deepEqual(firstErrorCodeAndField(await ctx.query(tenantA, read, { id: foreign.id })), {
        code: 'INTEGRATION_NOT_FOUND',
        field: 'integrationId',
      });
      assert.deepEqual(firstErrorCodeAndField(await ctx.query(tenantA, refresh, { id: foreign.id })), {
        code: 'INTEGRATION_NOT_FOUND',
        field: 'integrationId',
      });
      assert.deepEqual(firstErrorCodeAndField(await ctx.query(tenantA, read, { id: 'integration-7' })), {
        code: 'INVALID_INTEGRATION_ID',
        field: 'integrationId',
      });
      const own = await newIntegration(tenantA);
      const asViewer = await ctx.queryAs({ tenantId: tenantA, roles: ['viewer'] }, refresh, { id: own.id });
      assert.equal(asViewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
    });

    test('auth-connector out of reach is a coded, retryable error naming the integration, not an internal error', async () => {
      const tenantA = newTenantId();
      const integration = await newIntegration(tenantA);
      const viewed = await ctx.queryAs({ tenantId: tenantA, roles: ['viewer'] }, read, { id: integration.id });
      assert.deepEqual(firstErrorCodeAndField(viewed), { code: 'AUTH_CONNECTOR_UNAVAILABLE', field: 'integrationId' });
      assert.match(viewed.errors?.[0]?.message ?? '', new RegExp(`^integration ${integration.id} `));
      assert.equal(viewed.errors?.[0]?.extensions?.['kind'], 'UNAVAILABLE');
    });
  });
});
