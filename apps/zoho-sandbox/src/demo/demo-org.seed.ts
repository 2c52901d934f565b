import { dataCentreUrls, type DataCentreLocation } from '../data-centre/data-centre';
import type { ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxOrg } from '../org/sandbox-org';
import type { ZohoSandbox } from '../zoho-sandbox.server';

/** Scopes the demo self-client code grants: everything the sync needs. */
export const DEMO_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.settings.ALL',
  'ZohoCRM.users.ALL',
  'ZohoCRM.org.ALL',
  'ZohoCRM.coql.READ',
  // Bulk Read for large full reads, Bulk Write (with its file upload) for large pushes.
  'ZohoCRM.bulk.ALL',
  'ZohoFiles.files.ALL',
  'ZohoCRM.notifications.ALL',
  'ZohoSearch.securesearch.READ',
];

/** The demo org's company name, by which `npm start`'s demo setup finds it among the sandbox's orgs. */
export const DEMO_ORG_NAME = 'Demo Partner Org';

export interface DemoOrgCredentials {
  orgId: string;
  location: DataCentreLocation;
  accountsServer: string;
  apiDomain: string;
  clientId: string;
  clientSecret: string;
  /** A self-client grant code for {@link DEMO_SCOPES}; exchange it within its lifetime. */
  selfClientCode: string;
  selfClientCodeExpiresAt: string;
  scopes: string[];
}

/**
 * Seeds the demo org of `npm run sandbox` and `npm start`: a US org with two deal pipelines,
 * custom fields, and a few accounts, contacts, leads and deals, plus a self client and a fresh
 * grant code so a client can connect without a browser.
 */
export function seedDemoOrg(sandbox: ZohoSandbox): DemoOrgCredentials {
  const { context } = sandbox;
  const org = context.orgs.create(
    {
      location: 'us',
      companyName: DEMO_ORG_NAME,
      timeZone: 'America/Los_Angeles',
      currency: 'US Dollar - USD',
      isoCode: 'USD',
      edition: 'enterprise',
      userLicences: 10,
    },
    { firstName: 'Dana', lastName: 'Demo', email: 'dana.demo@example.com' },
  );
  const now = context.clock.now();
  const rep = org.addUser({ firstName: 'Riley', lastName: 'Rep', email: 'riley.rep@example.com', timeZone: 'Europe/Berlin' }, now);

  org.catalog.addPipeline({
    name: 'Partner Channel',
    stages: [
      { name: 'Registered', probability: 10, forecastType: 'Open' },
      { name: 'Qualified', probability: 30, forecastType: 'Open' },
      { name: 'Proposal', probability: 60, forecastType: 'Open' },
      { name: 'Closed Won', probability: 100, forecastType: 'Closed Won' },
      { name: 'Closed Lost', probability: 0, forecastType: 'Closed Lost' },
    ],
  });
  // An external-id field (unique by definition): the demo integration matches portal deals by it.
  org.catalog.addCustomField('Deals', { apiName: 'Portal_Deal_Id', label: 'Portal Deal Id', dataType: 'text', length: 64, external: true });
  org.catalog.addCustomField('Deals', {
    apiName: 'Partner_Region',
    label: 'Partner Region',
    dataType: 'picklist',
    pickListValues: ['EMEA', 'Americas', 'APAC'],
  });
  org.catalog.addCustomField('Contacts', {
    apiName: 'Partner_Tier',
    label: 'Partner Tier',
    dataType: 'picklist',
    pickListValues: ['Gold', 'Silver', 'Bronze'],
  });
  org.catalog.addCustomField('Accounts', {
    apiName: 'Partner_Number',
    label: 'Partner Number',
    dataType: 'text',
    length: 32,
    unique: true,
  });

  const insert = (moduleName: string, records: Record<string, unknown>[]): string[] => {
    const module = org.catalog.find(moduleName) as ModuleDefinition;
    return context
      .recordWriter(org)
      .insert(module, records, org.primaryUser)
      .map((outcome) => {
        if (!outcome.ok) {
          throw new Error(`demo ${moduleName} seed is invalid: ${JSON.stringify(outcome.error)}`);
        }
        return outcome.record.id;
      });
  };
  const [acme, globex, initech] = insert('Accounts', [
    { Account_Name: 'Acme Corporation', Partner_Number: 'P-1001', Industry: 'Large Enterprise', Billing_Country: 'USA' },
    { Account_Name: 'Globex GmbH', Partner_Number: 'P-1002', Industry: 'ERP', Billing_Country: 'Germany' },
    { Account_Name: 'Initech Pty', Partner_Number: 'P-1003', Industry: 'Service Provider', Billing_Country: 'Australia' },
  ]);
  const [wile, hank] = insert('Contacts', [
    { First_Name: 'Wile', Last_Name: 'Coyote', Email: 'wile@acme.example', Account_Name: { id: acme }, Partner_Tier: 'Gold' },
    { First_Name: 'Hank', Last_Name: 'Scorpio', Email: 'hank@globex.example', Account_Name: { id: globex }, Partner_Tier: 'Silver' },
    { First_Name: 'Peter', Last_Name: 'Gibbons', Email: 'peter@initech.example', Account_Name: { id: initech }, Partner_Tier: 'Bronze' },
    { First_Name: 'Samir', Last_Name: 'Nagheenanajar', Email: 'samir@initech.example', Account_Name: { id: initech } },
  ]);
  insert('Leads', [
    { First_Name: 'Ada', Last_Name: 'Lovelace', Company: 'Analytical Engines', Email: 'ada@engines.example', Lead_Source: 'Partner' },
    { First_Name: 'Grace', Last_Name: 'Hopper', Company: 'Compilers Inc', Email: 'grace@compilers.example', Lead_Status: 'Contacted' },
    { First_Name: 'Alan', Last_Name: 'Turing', Company: 'Bletchley Ltd', Email: 'alan@bletchley.example' },
    { Last_Name: 'Hamilton', Company: 'Apollo Guidance', Email: 'margaret@apollo.example', Lead_Source: 'Trade Show' },
    { First_Name: 'Linus', Last_Name: 'Torvalds', Company: 'Kernel Co', Phone: '+1 555 0100' },
  ]);
  insert('Deals', [
    {
      Deal_Name: 'Acme rocket skates',
      Pipeline: 'Standard',
      Stage: 'Qualification',
      Amount: 12000,
      Closing_Date: '2026-12-15',
      Account_Name: { id: acme },
      Contact_Name: { id: wile },
    },
    {
      Deal_Name: 'Acme anvils renewal',
      Pipeline: 'Standard',
      Stage: 'Negotiation/Review',
      Amount: 48000.5,
      Closing_Date: '2026-11-30',
      Account_Name: { id: acme },
    },
    {
      Deal_Name: 'Globex doomsday device',
      Pipeline: 'Partner Channel',
      Stage: 'Proposal',
      Amount: 250000,
      Portal_Deal_Id: 'PD-0001',
      Partner_Region: 'EMEA',
      Account_Name: { id: globex },
      Contact_Name: { id: hank },
    },
    {
      Deal_Name: 'Globex hammock district',
      Pipeline: 'Partner Channel',
      Stage: 'Registered',
      Amount: 9000,
      Portal_Deal_Id: 'PD-0002',
      Partner_Region: 'EMEA',
      Account_Name: { id: globex },
      Owner: { id: rep.id },
    },
    {
      Deal_Name: 'Initech TPS reports',
      Pipeline: 'Partner Channel',
      Stage: 'Closed Won',
      Amount: 3100,
      Portal_Deal_Id: 'PD-0003',
      Partner_Region: 'APAC',
      Account_Name: { id: initech },
    },
    {
      Deal_Name: 'Initech printer',
      Pipeline: 'Standard',
      Stage: 'Closed Lost',
      Amount: 450,
      Closing_Date: '2026-01-20',
      Account_Name: { id: initech },
    },
  ]);

  return connectDemoClient(sandbox, org);
}

function connectDemoClient(sandbox: ZohoSandbox, org: SandboxOrg): DemoOrgCredentials {
  const client = sandbox.context.oauth.registerClient(org, { name: 'CRM Bridge (demo)', kind: 'self-client', redirectUris: [] });
  const code = sandbox.context.oauth.issueGrantCode(client, {
    userId: org.primaryUser.id,
    scopes: DEMO_SCOPES,
    redirectUri: null,
    issueRefreshToken: true,
    expiresInMinutes: 10,
  });
  return {
    orgId: org.id,
    location: org.location,
    ...dataCentreUrls(sandbox.origin, org.location),
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    selfClientCode: code.code,
    selfClientCodeExpiresAt: new Date(code.expiresAt).toISOString(),
    scopes: DEMO_SCOPES,
  };
}
