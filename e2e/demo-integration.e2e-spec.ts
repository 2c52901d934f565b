import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { validateDealMapping, type MappingDefinition, type ZohoDealsSnapshot } from '@crm-bridge/sync-domain';
import {
  connectSandboxOrg,
  createTestDatabase,
  postGraphql,
  ZohoSandboxProcess,
  type SandboxOrgHandle,
  type TestDatabase,
} from '@crm-bridge/testing';
import {
  DEMO_INTEGRATION_NAME,
  DEMO_MAPPING_DEFINITION,
  DEMO_PORTAL_CUSTOM_FIELDS,
  DEMO_PORTAL_PHASES,
  setUpDemoIntegration,
} from '../scripts/demo-integration';
import { startLocalSystem, type LocalSystem } from './support/local-system';

const DEFINITION_FIELDS = `stageMappings { zohoPipeline inbound { zohoStage portalPhase } outbound { portalPhase zohoStage }
  onCreate { strategy zohoStage stages { portalPhase zohoStage } } }
  fieldMappings { portalField zohoField direction valueMap { portalValue zohoValue } }
  zohoDefaults { zohoField value } matchKey { kind zohoField portalField }`;

/** GraphQL answers every field of an input union's type; nulls are the ones the definition leaves out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([key, entry]) => (entry === null ? [] : [[key, withoutNulls(entry)]])));
  }
  return value;
}

type Configuration = {
  zohoConnections: { edges: { node: { id: string; status: string; zohoOrgName: string; zohoOrgId: string } }[] };
  integrations: {
    edges: {
      node: {
        id: string;
        name: string;
        enabled: boolean;
        publishedVersion: number | null;
        connection: { id: string };
        versions: { edges: { node: { id: string; version: number } }[] };
      };
    }[];
  };
  portalDealSchema: {
    phases: { name: string; outcome: string }[];
    fields: { apiName: string; type: string; standard: boolean; options: string[] }[];
  };
};

describe("npm start's demo integration, set up through the gateway against the sandbox's demo org", () => {
  let database: TestDatabase;
  let sandbox: ZohoSandboxProcess;
  let system: LocalSystem;
  let graphqlUrl: string;

  before(async () => {
    database = await createTestDatabase();
    sandbox = await ZohoSandboxProcess.start({ demoOrg: true });
    system = await startLocalSystem(database.url, { serviceEnvironment: { 'auth-connector': { ZOHO_SANDBOX_URL: sandbox.origin } } });
    graphqlUrl = `${system.gateway.url}/graphql`;
  });

  after(async () => {
    await system?.close();
    await sandbox?.stop();
    await database?.drop();
  });

  const configurationOf = async (authorization: string): Promise<Configuration> => {
    const answer = await postGraphql<Configuration>(
      graphqlUrl,
      `{ zohoConnections(first: 10) { edges { node { id status zohoOrgName zohoOrgId } } }
         integrations(first: 10) { edges { node { id name enabled publishedVersion connection { id }
           versions(first: 10) { edges { node { id version } } } } } }
         portalDealSchema { phases { name outcome } fields { apiName type standard options } } }`,
      { headers: { authorization } },
    );
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data!;
  };

  test('connects the demo org, creates, maps and enables the integration; a second run changes nothing', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const authorization = `Bearer ${await system.tokenFor({ tenantId, roles: ['admin'] })}`;
    const options = { graphqlUrl, authorization, sandboxOrigin: sandbox.origin };

    const first = await setUpDemoIntegration(options);
    assert.ok(first);
    assert.equal(first.stepsTaken.length, 6, first.stepsTaken.join('\n'));
    assert.deepEqual(first.mappingVersion.pipelines, ['Standard', 'Partner Channel']);

    const configuration = await configurationOf(authorization);
    const { orgs } = await sandbox.admin<{ orgs: (SandboxOrgHandle & { companyName: string; users: { id: string }[] })[] }>('GET', '/orgs');
    const demoOrg = orgs.find((org) => org.companyName === 'Demo Partner Org');
    assert.ok(demoOrg, 'the sandbox has its demo org');
    assert.deepEqual(
      configuration.zohoConnections.edges.map((edge) => edge.node),
      [{ id: first.connection.id, status: 'CONNECTED', zohoOrgName: 'Demo Partner Org', zohoOrgId: demoOrg.id }],
    );
    const [integration, ...others] = configuration.integrations.edges.map((edge) => edge.node);
    assert.ok(integration);
    assert.equal(others.length, 0);
    assert.deepEqual(
      { id: integration.id, name: integration.name, enabled: integration.enabled, publishedVersion: integration.publishedVersion },
      { id: first.integration.id, name: DEMO_INTEGRATION_NAME, enabled: true, publishedVersion: 1 },
    );
    assert.equal(integration.connection.id, first.connection.id);
    const versions = integration.versions.edges.map((edge) => edge.node);
    assert.deepEqual(
      versions.map(({ id, version }) => ({ id, version })),
      [{ id: first.mappingVersion.id, version: 1 }],
    );
    // The query would be too deep with the definition nested in the integration's versions.
    const published = await postGraphql<{ mappingVersion: { definition: unknown } }>(
      graphqlUrl,
      `query($id: ID!) { mappingVersion(id: $id) { definition { ${DEFINITION_FIELDS} } } }`,
      { variables: { id: first.mappingVersion.id }, headers: { authorization } },
    );
    assert.deepEqual(withoutNulls(published.data?.mappingVersion.definition), DEMO_MAPPING_DEFINITION);
    assert.deepEqual(configuration.portalDealSchema.phases, DEMO_PORTAL_PHASES);
    assert.deepEqual(
      configuration.portalDealSchema.fields
        .filter((field) => !field.standard)
        .map(({ apiName, type, options }) => ({ apiName, type, options })),
      DEMO_PORTAL_CUSTOM_FIELDS.map(({ apiName, type, options }) => ({ apiName, type, options })),
    );

    // Valid against what the demo org really has: its Deals pipelines, stages and fields read from
    // Zoho's metadata API, and the portal's phases and fields as the tenant set them.
    const { zoho, orgRef } = await connectSandboxOrg(sandbox, { ...demoOrg, primaryUserId: demoOrg.users[0]?.id ?? '' });
    const problems = validateDealMapping(DEMO_MAPPING_DEFINITION as MappingDefinition, {
      zoho: await dealsSnapshotOf(zoho, orgRef),
      portal: {
        phases: configuration.portalDealSchema.phases.map((phase) => ({ name: phase.name, outcome: phase.outcome as 'OPEN' })),
        fields: configuration.portalDealSchema.fields.map((field) => ({
          name: field.apiName,
          type: field.type as 'TEXT',
          maxLength: null,
          picklistValues: field.options,
        })),
      },
    });
    assert.deepEqual(
      problems.filter((problem) => problem.severity === 'ERROR'),
      [],
    );

    // A restart: everything is there, nothing is done again.
    const second = await setUpDemoIntegration(options);
    assert.deepEqual(second, { ...first, stepsTaken: [] });
    const again = await configurationOf(authorization);
    assert.equal(again.zohoConnections.edges.length, 1);
    assert.equal(again.integrations.edges[0]?.node.versions.edges.length, 1);
  });

  test("a tenant that connected an org of its own gets no demo; other tenants never see one's demo; a viewer cannot set it up", async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const authorization = `Bearer ${await system.tokenFor({ tenantId, roles: ['admin'] })}`;
    const own = await sandbox.createOrg({ location: 'eu', companyName: 'Own Org GmbH' });
    const client = await sandbox.createSelfClient(own);
    const connected = await postGraphql<{ connectZohoWithGrantCode: { id: string } }>(
      graphqlUrl,
      'mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) { id } }',
      {
        variables: {
          input: {
            dataCentre: 'EU',
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            code: await sandbox.selfClientCode(own, client),
          },
        },
        headers: { authorization },
      },
    );
    assert.equal(connected.errors, undefined, JSON.stringify(connected.errors));
    assert.equal(await setUpDemoIntegration({ graphqlUrl, authorization, sandboxOrigin: sandbox.origin }), null);
    const untouched = await configurationOf(authorization);
    assert.deepEqual(
      {
        connections: untouched.zohoConnections.edges.map((edge) => edge.node.zohoOrgName),
        integrations: untouched.integrations.edges.length,
      },
      { connections: ['Own Org GmbH'], integrations: 0 },
    );

    const demoTenant = `Bearer ${await system.tokenFor({ tenantId: `tenant-${randomUUID()}`, roles: ['admin'] })}`;
    await setUpDemoIntegration({ graphqlUrl, authorization: demoTenant, sandboxOrigin: sandbox.origin });
    const stranger = await configurationOf(`Bearer ${await system.tokenFor({ tenantId: `tenant-${randomUUID()}`, roles: ['admin'] })}`);
    assert.deepEqual(
      { connections: stranger.zohoConnections.edges.length, integrations: stranger.integrations.edges.length },
      { connections: 0, integrations: 0 },
    );

    const viewerTenant = `tenant-${randomUUID()}`;
    const viewer = `Bearer ${await system.tokenFor({ tenantId: viewerTenant, roles: ['viewer'] })}`;
    await assert.rejects(setUpDemoIntegration({ graphqlUrl, authorization: viewer, sandboxOrigin: sandbox.origin }), /ROLE_REQUIRED/);
    const nothing = await configurationOf(viewer);
    assert.equal(nothing.zohoConnections.edges.length, 0);
  });
});

/** What validateDealMapping needs to know of the org's Deals, from Zoho's metadata API. */
async function dealsSnapshotOf(zoho: Awaited<ReturnType<typeof connectSandboxOrg>>['zoho'], orgRef: string): Promise<ZohoDealsSnapshot> {
  const outcomes: Record<string, 'OPEN' | 'WON' | 'LOST'> = { Open: 'OPEN', 'Closed Won': 'WON', 'Closed Lost': 'LOST' };
  const layouts = await zoho.metadata.layouts(orgRef, 'Deals');
  const pipelines = (await Promise.all(layouts.map((layout) => zoho.metadata.pipelines(orgRef, layout.id)))).flat();
  const fields = await zoho.metadata.fields(orgRef, 'Deals');
  return {
    pipelines: pipelines.map((pipeline) => ({
      name: pipeline.display_value,
      stages: pipeline.maps.map((stage) => ({
        name: stage.actual_value,
        probability: 0,
        outcome: outcomes[stage.forecast_type ?? 'Open'] ?? 'OPEN',
      })),
    })),
    fields: fields.map((field) => ({
      apiName: field.api_name,
      dataType: field.data_type,
      length: typeof field['length'] === 'number' ? field['length'] : null,
      mandatoryOnCreate: field['system_mandatory'] === true,
      unique: Object.keys((field['unique'] as object | undefined) ?? {}).length > 0,
      externalId: (field['external'] as { type?: string } | null | undefined)?.type === 'user',
      readOnly: field['read_only'] === true,
      picklistValues: (field.pick_list_values ?? []).map((value) => value.actual_value),
    })),
  };
}
