// The demo integration of `npm start`: the sandbox's demo org connected and fully mapped for the
// demo tenant, by the same GraphQL operations at the gateway a tenant admin's clicks make — no SQL.
// Each step looks first and does only what is missing, so a restart (state kept in .data/) changes
// nothing, and a start interrupted half-way finishes the job next time.
import { dataCentreOfZohoLocation } from '@crm-bridge/vocabulary';
import { DEMO_ORG_NAME, DEMO_SCOPES } from '../apps/zoho-sandbox/src';

/** The portal's deal phases in the demo: a partner registers a deal, qualifies it, quotes, negotiates. */
export const DEMO_PORTAL_PHASES = [
  { name: 'Registered', outcome: 'OPEN' },
  { name: 'Qualified', outcome: 'OPEN' },
  { name: 'Proposal', outcome: 'OPEN' },
  { name: 'Negotiation', outcome: 'OPEN' },
  { name: 'Won', outcome: 'WON' },
  { name: 'Lost', outcome: 'LOST' },
] as const;

/** The demo portal's custom deal fields, each with a Zoho field of the demo org to map to. */
export const DEMO_PORTAL_CUSTOM_FIELDS = [
  { apiName: 'region', label: 'Region', type: 'PICKLIST', options: ['EMEA', 'Americas', 'APAC'] },
  { apiName: 'leadSource', label: 'Lead source', type: 'PICKLIST', options: ['Partner', 'Web', 'Trade Show'] },
  { apiName: 'description', label: 'Description', type: 'TEXT_AREA', options: [] },
] as const;

/**
 * The demo mapping, for the pipelines of the sandbox's demo seed (`demo-org.seed.ts`): `Standard`
 * (Zoho's default stages) and `Partner Channel`, both selected, each with Won and Lost mapped both
 * ways; the portal's fields to Deal_Name, Amount, Closing_Date, the demo org's Partner_Region, Lead
 * Source (with a value map: the portal's `Web` is Zoho's `Web Download`) and Description; deals
 * matched by the demo org's external-id field Portal_Deal_Id.
 */
export const DEMO_MAPPING_DEFINITION = {
  stageMappings: [
    {
      zohoPipeline: 'Standard',
      inbound: [
        { zohoStage: 'Qualification', portalPhase: 'Qualified' },
        { zohoStage: 'Needs Analysis', portalPhase: 'Qualified' },
        { zohoStage: 'Id. Decision Makers', portalPhase: 'Qualified' },
        { zohoStage: 'Proposal/Price Quote', portalPhase: 'Proposal' },
        { zohoStage: 'Negotiation/Review', portalPhase: 'Negotiation' },
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
        { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
        { zohoStage: 'Closed Lost to Competition', portalPhase: 'Lost' },
      ],
      outbound: [
        { portalPhase: 'Registered', zohoStage: 'Qualification' },
        { portalPhase: 'Qualified', zohoStage: 'Needs Analysis' },
        { portalPhase: 'Proposal', zohoStage: 'Proposal/Price Quote' },
        { portalPhase: 'Negotiation', zohoStage: 'Negotiation/Review' },
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
        { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
      ],
      onCreate: { strategy: 'STATIC', zohoStage: 'Qualification' },
    },
    {
      zohoPipeline: 'Partner Channel',
      inbound: [
        { zohoStage: 'Registered', portalPhase: 'Registered' },
        { zohoStage: 'Qualified', portalPhase: 'Qualified' },
        { zohoStage: 'Proposal', portalPhase: 'Proposal' },
        { zohoStage: 'Closed Won', portalPhase: 'Won' },
        { zohoStage: 'Closed Lost', portalPhase: 'Lost' },
      ],
      // Negotiation has no stage of its own here: a deal moving into it keeps its Zoho stage.
      outbound: [
        { portalPhase: 'Registered', zohoStage: 'Registered' },
        { portalPhase: 'Qualified', zohoStage: 'Qualified' },
        { portalPhase: 'Proposal', zohoStage: 'Proposal' },
        { portalPhase: 'Won', zohoStage: 'Closed Won' },
        { portalPhase: 'Lost', zohoStage: 'Closed Lost' },
      ],
      onCreate: { strategy: 'INFER' },
    },
  ],
  fieldMappings: [
    { portalField: 'name', zohoField: 'Deal_Name', direction: 'BOTH', valueMap: [] },
    { portalField: 'amount', zohoField: 'Amount', direction: 'BOTH', valueMap: [] },
    { portalField: 'closingDate', zohoField: 'Closing_Date', direction: 'BOTH', valueMap: [] },
    { portalField: 'region', zohoField: 'Partner_Region', direction: 'BOTH', valueMap: [] },
    {
      portalField: 'leadSource',
      zohoField: 'Lead_Source',
      direction: 'PORTAL_TO_ZOHO',
      valueMap: [{ portalValue: 'Web', zohoValue: 'Web Download' }],
    },
    { portalField: 'description', zohoField: 'Description', direction: 'BOTH', valueMap: [] },
  ],
  zohoDefaults: [],
  matchKey: { kind: 'EXTERNAL_ID', zohoField: 'Portal_Deal_Id' },
};

export const DEMO_INTEGRATION_NAME = 'Demo partner portal';

/** What the demo tenant has once the setup ran, and which of it this run made. */
export interface DemoIntegration {
  readonly connection: { readonly id: string; readonly zohoOrgId: string; readonly zohoOrgName: string; readonly apiVersion: string };
  readonly integration: { readonly id: string; readonly name: string; readonly enabled: boolean };
  readonly mappingVersion: { readonly id: string; readonly version: number; readonly pipelines: readonly string[] };
  /** The steps this run took, in order; empty when everything was there already. */
  readonly stepsTaken: readonly string[];
}

export interface DemoIntegrationOptions {
  /** The gateway's GraphQL endpoint. */
  readonly graphqlUrl: string;
  /** The demo user's `Authorization` header value (a tenant admin). */
  readonly authorization: string;
  /** The Zoho sandbox's origin; its admin API plays Zoho's API console. */
  readonly sandboxOrigin: string;
  /** How long to wait for mapping-config to learn a new connection (default 60 s). */
  readonly connectionKnownWithinMs?: number;
  /**
   * The sandbox org to connect, by company name (default: the demo org). Tests set up a second
   * tenant on an org of its own with the demo org's pipelines and custom Deals fields.
   */
  readonly zohoOrgName?: string;
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; field?: string };
}

/**
 * Connects the sandbox's demo org for the caller's tenant and configures its integration, through
 * the gateway: `connectZohoWithGrantCode` (with a self-client code from the sandbox's admin API, as
 * a user copies one from Zoho's API console), `createIntegration` once mapping-config has learned
 * the connection from `connection.connected`, `setPortalDealPhases`, `setPortalDealFields`,
 * `publishMappingVersion` and `updateIntegrationSettings(enabled: true)`. A tenant that has
 * connected other orgs but not the demo org gets no demo (null); an integration, portal schema or
 * published mapping already there is kept as it is, and a published integration is not re-enabled
 * if someone disabled it.
 */
export async function setUpDemoIntegration(options: DemoIntegrationOptions): Promise<DemoIntegration | null> {
  const gateway = new GatewayClient(options.graphqlUrl, options.authorization);
  const stepsTaken: string[] = [];

  const demoOrg = await sandboxDemoOrg(options.sandboxOrigin, options.zohoOrgName ?? DEMO_ORG_NAME);
  const connections = await gateway.request<{ zohoConnections: { edges: { node: ConnectionView }[] } }>(
    `{ zohoConnections(first: 100) { edges { node { ${CONNECTION_FIELDS} } } } }`,
  );
  let connection = connections.zohoConnections.edges.map((edge) => edge.node).find((node) => node.zohoOrgId === demoOrg.id);
  if (!connection) {
    if (connections.zohoConnections.edges.length > 0) {
      // The tenant connected an org of its own: the demo is not imposed on it.
      return null;
    }
    connection = await connectDemoOrg(gateway, demoOrg);
    stepsTaken.push(`connected Zoho org ${connection.zohoOrgName} (${connection.zohoOrgId}) with a self-client grant code`);
  }

  const integrations = await gateway.request<{ integrations: { edges: { node: IntegrationView }[] } }>(
    `{ integrations(first: 100) { edges { node { ${INTEGRATION_FIELDS} } } } }`,
  );
  let integration = integrations.integrations.edges.map((edge) => edge.node).find((node) => node.connection.id === connection.id);
  if (!integration) {
    integration = await createIntegrationOnceConnectionKnown(gateway, connection.id, options.connectionKnownWithinMs ?? 60_000);
    stepsTaken.push(`created integration "${integration.name}"`);
  }

  const schema = await gateway.request<{ portalDealSchema: { phases: unknown[]; fields: { standard: boolean }[] } }>(
    '{ portalDealSchema { phases { name } fields { standard } } }',
  );
  if (schema.portalDealSchema.phases.length === 0) {
    await gateway.request('mutation($input: SetPortalDealPhasesInput!) { setPortalDealPhases(input: $input) { revision } }', {
      input: { phases: DEMO_PORTAL_PHASES },
    });
    stepsTaken.push(`set the portal's deal phases (${DEMO_PORTAL_PHASES.map((phase) => phase.name).join(', ')})`);
  }
  if (!schema.portalDealSchema.fields.some((field) => !field.standard)) {
    await gateway.request('mutation($input: SetPortalDealFieldsInput!) { setPortalDealFields(input: $input) { revision } }', {
      input: { customFields: DEMO_PORTAL_CUSTOM_FIELDS },
    });
    stepsTaken.push(`set the portal's custom deal fields (${DEMO_PORTAL_CUSTOM_FIELDS.map((field) => field.apiName).join(', ')})`);
  }

  if (integration.publishedVersion === null) {
    const published = await gateway.request<{
      publishMappingVersion: {
        mappingVersion: { version: number } | null;
        problems: { path: string; code: string; message: string; severity: string }[];
      };
    }>(
      `mutation($input: PublishMappingVersionInput!) { publishMappingVersion(input: $input) {
        mappingVersion { version } problems { path code message severity } } }`,
      { input: { integrationId: integration.id, definition: DEMO_MAPPING_DEFINITION, comment: 'Demo mapping, published by npm start' } },
    );
    const { mappingVersion, problems } = published.publishMappingVersion;
    if (!mappingVersion) {
      throw new Error(
        `the demo mapping was refused: ${problems.map((problem) => `${problem.path} ${problem.code}: ${problem.message}`).join('; ')}`,
      );
    }
    stepsTaken.push(`published mapping version ${mappingVersion.version}`);
    const enabled = await gateway.request<{ updateIntegrationSettings: { integration: IntegrationView } }>(
      `mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) { integration { ${INTEGRATION_FIELDS} } } }`,
      { input: { integrationId: integration.id, enabled: true } },
    );
    integration = enabled.updateIntegrationSettings.integration;
    stepsTaken.push('enabled the integration');
  }

  const published = await publishedVersionOf(gateway, integration);
  return {
    connection: {
      id: connection.id,
      zohoOrgId: connection.zohoOrgId,
      zohoOrgName: connection.zohoOrgName,
      apiVersion: connection.apiVersion,
    },
    integration: { id: integration.id, name: integration.name, enabled: integration.enabled },
    mappingVersion: {
      id: published.id,
      version: published.version,
      pipelines: published.definition.stageMappings.map((mapping) => mapping.zohoPipeline),
    },
    stepsTaken,
  };
}

const CONNECTION_FIELDS = 'id zohoOrgId zohoOrgName apiVersion';
const INTEGRATION_FIELDS = 'id name enabled publishedVersion connection { id }';

interface ConnectionView {
  id: string;
  zohoOrgId: string;
  zohoOrgName: string;
  apiVersion: string;
}

interface IntegrationView {
  id: string;
  name: string;
  enabled: boolean;
  connection: { id: string };
  publishedVersion: number | null;
}

/** The integration's published version, paging through its versions (oldest first). */
async function publishedVersionOf(
  gateway: GatewayClient,
  integration: IntegrationView,
): Promise<{ id: string; version: number; definition: { stageMappings: { zohoPipeline: string }[] } }> {
  let after: string | null = null;
  for (;;) {
    const page: {
      integration: {
        versions: {
          edges: { node: { id: string; version: number; definition: { stageMappings: { zohoPipeline: string }[] } } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
    } = await gateway.request(
      `query($id: ID!, $after: String) { integration(id: $id) { versions(first: 100, after: $after) {
        edges { node { id version definition { stageMappings { zohoPipeline } } } } pageInfo { hasNextPage endCursor } } } }`,
      { id: integration.id, after },
    );
    const found = page.integration.versions.edges.find((edge) => edge.node.version === integration.publishedVersion);
    if (found) {
      return found.node;
    }
    if (!page.integration.versions.pageInfo.hasNextPage) {
      throw new Error(
        `integration ${integration.id} names version ${integration.publishedVersion} as published, but it has no such version`,
      );
    }
    after = page.integration.versions.pageInfo.endCursor;
  }
}

interface SandboxOrg {
  id: string;
  companyName: string;
  location: string;
}

/** Calls the sandbox's admin API, which plays Zoho's API console and admin UI. */
async function sandboxAdmin<T>(sandboxOrigin: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxOrigin}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new Error(`sandbox admin ${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

async function sandboxDemoOrg(sandboxOrigin: string, companyName: string): Promise<SandboxOrg & { sandboxOrigin: string }> {
  const { orgs } = await sandboxAdmin<{ orgs: SandboxOrg[] }>(sandboxOrigin, 'GET', '/orgs');
  const org = orgs.find((candidate) => candidate.companyName === companyName);
  if (!org) {
    throw new Error(`the Zoho sandbox at ${sandboxOrigin} has no org named ${companyName}`);
  }
  return { ...org, sandboxOrigin };
}

/** A self-client grant code from the sandbox's admin API — Zoho's API console, Self Client → Generate Code — exchanged through the gateway. */
async function connectDemoOrg(gateway: GatewayClient, org: SandboxOrg & { sandboxOrigin: string }): Promise<ConnectionView> {
  const dataCentre = dataCentreOfZohoLocation(org.location);
  if (!dataCentre) {
    throw new Error(`the sandbox's demo org lives in ${org.location}, which is not a Zoho data centre`);
  }
  const client = await sandboxAdmin<{ clientId: string; clientSecret: string }>(org.sandboxOrigin, 'POST', `/orgs/${org.id}/clients`, {
    kind: 'self-client',
  });
  const { code } = await sandboxAdmin<{ code: string }>(org.sandboxOrigin, 'POST', `/orgs/${org.id}/self-client-codes`, {
    clientId: client.clientId,
    scopes: DEMO_SCOPES,
    expiresInMinutes: 10,
  });
  const connected = await gateway.request<{ connectZohoWithGrantCode: ConnectionView }>(
    `mutation($input: ConnectZohoWithGrantCodeInput!) { connectZohoWithGrantCode(input: $input) { ${CONNECTION_FIELDS} } }`,
    { input: { dataCentre, clientId: client.clientId, clientSecret: client.clientSecret, code } },
  );
  return connected.connectZohoWithGrantCode;
}

/**
 * mapping-config learns a connection from `connection.connected`, a moment after auth-connector
 * stored it; until then `createIntegration` answers CONNECTION_NOT_FOUND, and we ask again.
 */
async function createIntegrationOnceConnectionKnown(
  gateway: GatewayClient,
  connectionId: string,
  withinMs: number,
): Promise<IntegrationView> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      const created = await gateway.request<{ createIntegration: { integration: IntegrationView } }>(
        `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { ${INTEGRATION_FIELDS} } } }`,
        { input: { connectionId, name: DEMO_INTEGRATION_NAME } },
      );
      return created.createIntegration.integration;
    } catch (error) {
      if (!(error instanceof GatewayError) || error.code !== 'CONNECTION_NOT_FOUND' || Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

class GatewayError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

class GatewayClient {
  constructor(
    private readonly url: string,
    private readonly authorization: string,
  ) {}

  /** Posts one operation; any GraphQL error is thrown with its code and field. */
  async request<TData>(query: string, variables: Record<string, unknown> = {}): Promise<TData> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: this.authorization },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: TData; errors?: GraphqlError[] };
    const [error] = body.errors ?? [];
    if (error || body.data === undefined) {
      const where = error?.extensions?.field ? ` (${error.extensions.field})` : '';
      throw new GatewayError(
        error?.extensions?.code,
        `${error?.extensions?.code ?? `HTTP ${response.status}`}${where}: ${error?.message ?? 'no data'} — in ${query.trim().split(/\s+/).slice(0, 3).join(' ')}`,
      );
    }
    return body.data;
  }
}
