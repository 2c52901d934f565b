import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Topics } from '@crm-bridge/contracts';
import type { CallerContext } from '@crm-bridge/caller-context';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import {
  createTestDatabase,
  eventually,
  firstErrorCodeAndField,
  newTenantId,
  postGraphql,
  TopicRecorder,
  ZohoSandboxProcess,
  type SandboxOrgHandle,
  type TestDatabase,
} from '@crm-bridge/testing';
import { startLocalSystem, type LocalSystem } from './support/local-system';

const METADATA = `query($id: ID!) { zohoMetadata(integrationId: $id) {
  integrationId
  modules { apiName generatedType apiSupported }
  deals {
    layouts { name pipelines }
    pipelines { name actualValue isDefault stages { name displayValue probability outcome forecastCategory } }
    fields { apiName label dataType length mandatoryOnCreate unique externalId readOnly custom picklistValues { actualValue displayValue } }
  } } }`;
const REFRESH =
  'mutation($id: ID!) { refreshZohoMetadata(integrationId: $id) { deals { fields { apiName picklistValues { actualValue } } } } }';
const PUBLISH = `mutation($input: PublishMappingVersionInput!) { publishMappingVersion(input: $input) {
  mappingVersion { id version } problems { path code message severity } } }`;
const VERSIONS = 'query($id: ID!) { integration(id: $id) { publishedVersion versions(first: 10) { edges { node { version } } } } }';

type ZohoField = {
  apiName: string;
  label: string;
  dataType: string;
  length: number | null;
  mandatoryOnCreate: boolean;
  unique: boolean;
  externalId: boolean;
  readOnly: boolean;
  custom: boolean;
  picklistValues: { actualValue: string; displayValue: string }[];
};
type Metadata = {
  zohoMetadata: {
    integrationId: string;
    modules: { apiName: string; generatedType: string; apiSupported: boolean }[];
    deals: {
      layouts: { name: string; pipelines: string[] }[];
      pipelines: {
        name: string;
        actualValue: string;
        isDefault: boolean;
        stages: { name: string; displayValue: string; probability: number; outcome: string; forecastCategory: string }[];
      }[];
      fields: ZohoField[];
    };
  };
};
type Problem = { path: string; code: string; message: string; severity: string };
type Published = { publishMappingVersion: { mappingVersion: { id: string; version: number } | null; problems: Problem[] } };

/** Valid against the org below: every closed stage and phase mapped both ways, Deal_Name filled, the portal id as external id. */
const VALID_MAPPING: MappingDefinition = {
  stageMappings: [
    {
      zohoPipeline: 'Standard',
      inbound: [
        { zohoStage: 'Qualification', portalPhase: 'Qualified' },
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
        { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
        { zohoStage: 'Closed Lost to Competition', portalPhase: 'Lost' },
      ],
      outbound: [
        { portalPhase: 'Qualified', zohoStage: 'Qualification' },
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
        { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
      ],
      onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
    },
    {
      zohoPipeline: 'Partner Channel',
      inbound: [
        { zohoStage: 'Registered', portalPhase: 'Registered' },
        { zohoStage: 'Deal Won', portalPhase: 'Won' },
        { zohoStage: 'Deal Lost', portalPhase: 'Lost' },
      ],
      outbound: [
        { portalPhase: 'Registered', zohoStage: 'Registered' },
        { portalPhase: 'Won', zohoStage: 'Deal Won' },
        { portalPhase: 'Lost', zohoStage: 'Deal Lost' },
      ],
      onCreate: { strategy: 'INFER' },
    },
  ],
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    {
      portalField: 'source',
      zohoField: 'Lead_Source',
      direction: 'PORTAL_TO_ZOHO',
      valueMap: [
        { portalValue: 'web', zohoValue: 'Web Download' },
        { portalValue: 'partner', zohoValue: 'Partner' },
      ],
    },
  ],
  zohoDefaults: [{ zohoField: 'Type', value: 'New Business' }],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

describe('Zoho metadata of an integration and mappings validated against it (issue 12, items 7 and 11)', () => {
  let database: TestDatabase;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let recorder: TopicRecorder;
  let org: SandboxOrgHandle;
  let integrationId: string;
  const tenant = newTenantId();

  async function gql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    caller: Partial<CallerContext> & { tenantId: string } = { tenantId: tenant },
  ) {
    const token = await system.tokenFor(caller);
    return postGraphql<T>(`${system.gateway.url}/graphql`, query, { variables, headers: { authorization: `Bearer ${token}` } });
  }

  const versionsOf = async (id: string) =>
    (await gql<{ integration: { publishedVersion: number | null; versions: { edges: unknown[] } } }>(VERSIONS, { id })).data?.integration;

  before(async () => {
    database = await createTestDatabase();
    sandbox = await ZohoSandboxProcess.start();
    // auth-connector and mapping-config share the system's broker: connection.connected reaches mapping-config.
    system = await startLocalSystem(database.url, { serviceEnvironment: { 'auth-connector': { ZOHO_SANDBOX_URL: sandbox.origin } } });
    recorder = await new TopicRecorder(system.kafka.kafka, [Topics.mappings]).start();

    org = await sandbox.createOrg({ location: 'eu', companyName: 'Metadata GmbH', timeZone: 'Europe/Berlin' });
    // Beyond Zoho's standard Deals: a partner pipeline, and the portal's deal id as an external-id field.
    await sandbox.admin('POST', `/orgs/${org.id}/pipelines`, {
      name: 'Partner Channel',
      stages: [
        { name: 'Registered', probability: 20, forecastType: 'Open' },
        { name: 'Deal Won', probability: 100, forecastType: 'Closed Won' },
        { name: 'Deal Lost', probability: 0, forecastType: 'Closed Lost' },
      ],
    });
    await sandbox.admin('POST', `/orgs/${org.id}/modules/Deals/fields`, {
      apiName: 'Portal_Deal_Id',
      dataType: 'text',
      length: 64,
      unique: true,
      external: true,
    });

    const client = await sandbox.createSelfClient(org);
    const connected = await gql<{ connectZohoWithGrantCode: { id: string } }>(
      'mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) { id } }',
      {
        input: {
          dataCentre: 'EU',
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          code: await sandbox.selfClientCode(org, client),
        },
      },
    );
    assert.equal(connected.errors, undefined, JSON.stringify(connected.errors));
    const connectionId = connected.data!.connectZohoWithGrantCode.id;
    // The connection reaches mapping-config as connection.connected; until then the create is refused.
    await eventually(
      async () => {
        const created = await gql<{ createIntegration: { integration: { id: string } } }>(
          'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } } }',
          { input: { connectionId, name: 'Partner portal' } },
        );
        assert.equal(created.errors, undefined, JSON.stringify(created.errors));
        integrationId = created.data!.createIntegration.integration.id;
      },
      { timeoutMs: 30_000 },
    );
    const phases = await gql(
      `mutation { setPortalDealPhases(input: { phases: [
        { name: "Registered", outcome: OPEN } { name: "Qualified", outcome: OPEN } { name: "Won", outcome: WON } { name: "Lost", outcome: LOST }
      ] }) { revision } }`,
    );
    assert.equal(phases.errors, undefined, JSON.stringify(phases.errors));
    const fields = await gql(
      'mutation { setPortalDealFields(input: { customFields: [{ apiName: "source", label: "Source", type: PICKLIST, options: ["web", "partner"] }] }) { revision } }',
    );
    assert.equal(fields.errors, undefined, JSON.stringify(fields.errors));
  });

  after(async () => {
    await recorder?.stop();
    await system?.close();
    await sandbox?.stop();
    await database?.drop();
  });

  test("reads the org's modules, Deals layouts, pipelines with stages and fields, typed", async () => {
    const result = await gql<Metadata>(METADATA, { id: integrationId });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const metadata = result.data!.zohoMetadata;
    assert.equal(metadata.integrationId, integrationId);
    assert.deepEqual(
      metadata.modules.filter((module) => ['Leads', 'Deals'].includes(module.apiName)),
      [
        { apiName: 'Leads', generatedType: 'default', apiSupported: true },
        { apiName: 'Deals', generatedType: 'default', apiSupported: true },
      ],
    );
    assert.deepEqual(
      metadata.deals.layouts.map((layout) => layout.pipelines),
      [['Standard', 'Partner Channel']],
    );
    const [standard, partner] = metadata.deals.pipelines;
    assert.deepEqual(
      standard?.stages.map((stage) => [stage.name, stage.probability, stage.outcome]),
      [
        ['Qualification', 10, 'OPEN'],
        ['Needs Analysis', 20, 'OPEN'],
        ['Id. Decision Makers', 40, 'OPEN'],
        ['Proposal/Price Quote', 75, 'OPEN'],
        ['Negotiation/Review', 90, 'OPEN'],
        ['Closed Won', 100, 'WON'],
        ['Closed Lost', 0, 'LOST'],
        ['Closed Lost to Competition', 0, 'LOST'],
      ],
    );
    assert.equal(standard?.isDefault, true);
    assert.deepEqual(standard?.stages[2], {
      name: 'Id. Decision Makers',
      displayValue: 'Identify Decision Makers',
      probability: 40,
      outcome: 'OPEN',
      forecastCategory: 'Pipeline',
    });
    assert.deepEqual(
      { ...partner, stages: partner?.stages.map((stage) => [stage.name, stage.probability, stage.outcome, stage.forecastCategory]) },
      {
        name: 'Partner Channel',
        actualValue: 'Partner Channel',
        isDefault: false,
        stages: [
          ['Registered', 20, 'OPEN', 'Pipeline'],
          ['Deal Won', 100, 'WON', 'Closed'],
          ['Deal Lost', 0, 'LOST', 'Omitted'],
        ],
      },
    );
    const byName = new Map(metadata.deals.fields.map((field) => [field.apiName, field]));
    assert.deepEqual(byName.get('Deal_Name'), {
      apiName: 'Deal_Name',
      label: byName.get('Deal_Name')?.label,
      dataType: 'text',
      length: 120,
      mandatoryOnCreate: true,
      unique: false,
      externalId: false,
      readOnly: false,
      custom: false,
      picklistValues: [],
    });
    assert.deepEqual(
      [byName.get('Portal_Deal_Id')?.unique, byName.get('Portal_Deal_Id')?.externalId, byName.get('Portal_Deal_Id')?.custom],
      [true, true, true],
    );
    assert.equal(byName.get('Expected_Revenue')?.readOnly, true);
    assert.equal(byName.get('Amount')?.dataType, 'currency');
    // Zoho's -None- is no value to map to.
    assert.deepEqual(
      byName.get('Lead_Source')?.picklistValues.map((value) => value.actualValue),
      ['Advertisement', 'Cold Call', 'Employee Referral', 'External Referral', 'Partner', 'Web Download', 'Trade Show'],
    );
  });

  test('a change made in Zoho shows after refreshZohoMetadata (admins only), not before: the metadata is cached', async () => {
    const fieldNames = async () =>
      (await gql<Metadata>(METADATA, { id: integrationId })).data?.zohoMetadata.deals.fields.map((field) => field.apiName) ?? [];
    assert.ok((await fieldNames()).includes('Deal_Name'));
    await sandbox.admin('POST', `/orgs/${org.id}/modules/Deals/fields`, {
      apiName: 'Partner_Tier',
      dataType: 'picklist',
      pickListValues: ['Gold', 'Silver'],
    });
    assert.ok(!(await fieldNames()).includes('Partner_Tier'), 'read from the cache');

    const asViewer = await gql(REFRESH, { id: integrationId }, { tenantId: tenant, roles: ['viewer'] });
    assert.equal(asViewer.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
    const refreshed = await gql<{
      refreshZohoMetadata: { deals: { fields: { apiName: string; picklistValues: { actualValue: string }[] }[] } };
    }>(REFRESH, { id: integrationId });
    assert.equal(refreshed.errors, undefined, JSON.stringify(refreshed.errors));
    const tier = refreshed.data?.refreshZohoMetadata.deals.fields.find((field) => field.apiName === 'Partner_Tier');
    assert.deepEqual(
      tier?.picklistValues.map((value) => value.actualValue),
      ['Gold', 'Silver'],
    );
    assert.ok((await fieldNames()).includes('Partner_Tier'), 'the refreshed metadata is what later reads get');
  });

  test('a mapping valid against the live org publishes, with its warnings, and mapping.published goes out', async () => {
    const result = await gql<Published>(PUBLISH, { input: { integrationId, definition: VALID_MAPPING, comment: 'first cut' } });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { mappingVersion, problems } = result.data!.publishMappingVersion;
    assert.equal(mappingVersion?.version, 1);
    // Warnings do not block: a deal created in Qualified gets no inferred stage in Partner Channel,
    // and the portal's deal name has no length limit while Zoho's Deal_Name takes 120.
    assert.deepEqual(
      problems.map(({ path, code, severity }) => ({ path, code, severity })),
      [
        { path: 'stageMappings[1].onCreate.strategy', code: 'NEW_DEAL_STAGE_UNKNOWN', severity: 'WARNING' },
        { path: 'fieldMappings[0].zohoField', code: 'LENGTH_EXCEEDED', severity: 'WARNING' },
      ],
    );
    assert.equal((await versionsOf(integrationId))?.publishedVersion, 1);
    // The topic also carries the integration's settings and portal schema events.
    await eventually(() =>
      assert.deepEqual(
        recorder
          .on(Topics.mappings)
          .filter((record) => record.headers['ce_type'] === 'mapping.published')
          .map((record) => [record.key, record.headers['ce_subject']]),
        [[integrationId, mappingVersion?.id]],
      ),
    );
  });

  test('a mapping invalid against the live org returns every problem with its path and code, and nothing is stored', async () => {
    const [standard, partner] = VALID_MAPPING.stageMappings;
    const invalid: MappingDefinition = {
      ...VALID_MAPPING,
      stageMappings: [{ ...standard!, inbound: [...standard!.inbound, { zohoStage: 'Closed Won Big', portalPhase: 'Won' }] }, partner!],
      // Deal_Name, which Zoho needs on every new deal, is no longer mapped.
      fieldMappings: [
        VALID_MAPPING.fieldMappings[1]!,
        {
          portalField: 'source',
          zohoField: 'Lead_Source',
          direction: 'PORTAL_TO_ZOHO',
          valueMap: [
            { portalValue: 'web', zohoValue: 'Web Download' },
            { portalValue: 'partner', zohoValue: 'Partner Network' },
          ],
        },
      ],
    };
    const result = await gql<Published>(PUBLISH, { input: { integrationId, definition: invalid } });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(result.data?.publishMappingVersion.mappingVersion, null);
    const problems = result.data?.publishMappingVersion.problems ?? [];
    assert.deepEqual(
      problems.map(({ path, code, severity }) => ({ path, code, severity })),
      [
        { path: 'stageMappings[0].inbound[4].zohoStage', code: 'UNKNOWN_STAGE', severity: 'ERROR' },
        { path: 'stageMappings[1].onCreate.strategy', code: 'NEW_DEAL_STAGE_UNKNOWN', severity: 'WARNING' },
        { path: 'fieldMappings[1].valueMap[1].zohoValue', code: 'UNKNOWN_PICKLIST_VALUE', severity: 'ERROR' },
        { path: 'fieldMappings', code: 'MANDATORY_FIELD_UNSET', severity: 'ERROR' },
      ],
    );
    assert.match(problems[0]?.message ?? '', /Zoho pipeline 'Standard' has no stage 'Closed Won Big'/);
    assert.match(problems[2]?.message ?? '', /Zoho's 'Lead_Source' picklist has no value 'Partner Network'/);
    assert.match(problems[3]?.message ?? '', /Zoho requires 'Deal_Name' on every new deal/);
    const versions = await versionsOf(integrationId);
    assert.equal(versions?.publishedVersion, 1);
    assert.equal(versions?.versions.edges.length, 1);
  });

  test("another tenant can neither read this integration's metadata nor refresh it or publish to it", async () => {
    const intruder = { tenantId: newTenantId() };
    const read = await gql<Record<string, unknown>>(METADATA, { id: integrationId }, intruder);
    assert.deepEqual(firstErrorCodeAndField(read), { code: 'INTEGRATION_NOT_FOUND', field: 'integrationId' });
    assert.equal(read.data?.['zohoMetadata'] ?? null, null);
    const refreshed = await gql(REFRESH, { id: integrationId }, intruder);
    assert.deepEqual(firstErrorCodeAndField(refreshed), { code: 'INTEGRATION_NOT_FOUND', field: 'integrationId' });
    const published = await gql(PUBLISH, { input: { integrationId, definition: VALID_MAPPING } }, intruder);
    assert.deepEqual(firstErrorCodeAndField(published), { code: 'INTEGRATION_NOT_FOUND', field: 'input.integrationId' });
    assert.equal((await versionsOf(integrationId))?.versions.edges.length, 1);
  });

  test('Zoho answering only errors is a retryable ZOHO_UNAVAILABLE naming the integration, and a publish then stores nothing', async () => {
    await sandbox.setFaults(org, { errorRates: { '503': 1 } });
    try {
      const refreshed = await gql(REFRESH, { id: integrationId });
      assert.deepEqual(firstErrorCodeAndField(refreshed), { code: 'ZOHO_UNAVAILABLE', field: 'integrationId' });
      assert.equal(refreshed.errors?.[0]?.extensions?.['kind'], 'UNAVAILABLE');
      assert.match(refreshed.errors?.[0]?.message ?? '', new RegExp(`^integration ${integrationId} `));
      const published = await gql(PUBLISH, { input: { integrationId, definition: VALID_MAPPING } });
      assert.deepEqual(firstErrorCodeAndField(published), { code: 'ZOHO_UNAVAILABLE', field: 'input.integrationId' });
      assert.equal((await versionsOf(integrationId))?.versions.edges.length, 1);
    } finally {
      await sandbox.admin('DELETE', `/orgs/${org.id}/faults`);
    }
    // Failures are not cached: once Zoho answers again, so does the metadata.
    const recovered = await gql<Metadata>(METADATA, { id: integrationId });
    assert.equal(recovered.errors, undefined, JSON.stringify(recovered.errors));
    assert.ok(recovered.data?.zohoMetadata.deals.fields.some((field) => field.apiName === 'Partner_Tier'));
  });

  // Last: it leaves the connection in NEEDS_REAUTH.
  test('a connection Zoho has revoked is a coded error naming the integration, and a publish then stores nothing', async () => {
    await sandbox.admin('POST', `/orgs/${org.id}/tokens/revoke`);
    const refreshed = await gql(REFRESH, { id: integrationId });
    assert.deepEqual(firstErrorCodeAndField(refreshed), { code: 'ZOHO_CONNECTION_NOT_CONNECTED', field: 'integrationId' });
    assert.match(refreshed.errors?.[0]?.message ?? '', new RegExp(`^integration ${integrationId} .*connect the org again`));
    const published = await gql(PUBLISH, { input: { integrationId, definition: VALID_MAPPING } });
    assert.deepEqual(firstErrorCodeAndField(published), { code: 'ZOHO_CONNECTION_NOT_CONNECTED', field: 'input.integrationId' });
    assert.equal((await versionsOf(integrationId))?.versions.edges.length, 1);
  });
});
