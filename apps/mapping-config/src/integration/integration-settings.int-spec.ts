import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, Topics } from '@crm-bridge/contracts';
import { EventPublisher } from '@crm-bridge/kafka';
import { eventually, firstErrorCodeAndField, newTenantId, SubgraphServiceTestContext, TopicRecorder } from '@crm-bridge/testing';
import { mappingConfigService } from '../mapping-config.service-definition';
import { WITHOUT_AUTH_CONNECTOR } from '../mapping-config.test-environment';
import { ZohoConnectionEntity } from '../zoho-connection/zoho-connection.entity';
import { IntegrationEntity } from './integration.entity';

const INTEGRATION_FIELDS = `id name connection { id } enabled modules { module enabled direction } contactTargetModule
  conflictPolicy syncIntervalMinutes debounceSeconds syncRecordsFrom timeZone publishedVersion`;
const CREATE = `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) {
  integration { ${INTEGRATION_FIELDS} } warnings { code path message } } }`;
const UPDATE = `mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) {
  integration { ${INTEGRATION_FIELDS} } warnings { code path message } } }`;

type SavedIntegration = {
  id: string;
  name: string;
  connection: { id: string };
  enabled: boolean;
  modules: { module: string; enabled: boolean; direction: string }[];
  contactTargetModule: string;
  conflictPolicy: string;
  syncIntervalMinutes: number;
  debounceSeconds: number;
  syncRecordsFrom: string | null;
  timeZone: string;
  publishedVersion: number | null;
};
type Warning = { code: string; path: string; message: string };
type Created = { createIntegration: { integration: SavedIntegration; warnings: Warning[] } };
type Updated = { updateIntegrationSettings: { integration: SavedIntegration; warnings: Warning[] } };
type Problem = { code: string; path: string; message: string };

const DEFAULT_MODULES = [
  { module: 'DEALS', enabled: true, direction: 'BOTH' },
  { module: 'CONTACTS', enabled: false, direction: 'BOTH' },
  { module: 'LEADS', enabled: false, direction: 'BOTH' },
  { module: 'ACCOUNTS', enabled: false, direction: 'BOTH' },
];

describe('integrations', () => {
  const ctx = SubgraphServiceTestContext.forSuite(mappingConfigService, { environment: WITHOUT_AUTH_CONNECTOR });

  // Nested, so the recorder and the publisher stop before the suite's broker does.
  describe('create and change settings', () => {
    let publisher: EventPublisher;
    let recorder: TopicRecorder;

    before(async () => {
      publisher = new EventPublisher(ctx.kafka.kafka);
      await publisher.connect();
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.mappings]).start();
    });
    after(async () => {
      await recorder.stop();
      await publisher.disconnect();
    });

    const eventsOf = (integrationId: string, type: string) =>
      recorder
        .on(Topics.mappings)
        .filter((record) => record.headers['ce_integrationid'] === integrationId && record.headers['ce_type'] === type);
    const integrationRows = () => ctx.service.dataSource.getRepository(IntegrationEntity);

    /** auth-connector announces a connection of `tenantId`; resolves once mapping-config has recorded it. */
    async function connect(tenantId: string, zohoOrgTimeZone = 'Europe/Berlin', connectionId: string = randomUUID()): Promise<string> {
      await publisher.publish([
        createEvent('connection.connected', {
          source: 'auth-connector',
          tenantId,
          integrationId: connectionId,
          subject: connectionId,
          correlationId: `req-${connectionId}`,
          data: {
            connectionId,
            dataCentre: 'EU',
            apiDomain: 'https://www.zohoapis.eu',
            zohoOrgId: '20001',
            zohoOrgTimeZone,
            grantedScopes: ['ZohoCRM.modules.ALL'],
            apiVersion: 'V8',
            readStrategy: 'AUTOMATIC',
          },
        }),
      ]);
      await eventually(async () => {
        const known = await ctx.service.dataSource.getRepository(ZohoConnectionEntity).findOneBy({ tenantId, connectionId });
        assert.equal(known?.orgTimeZone, zohoOrgTimeZone);
      });
      return connectionId;
    }

    async function createIntegration(tenantId: string, input: Record<string, unknown> = {}): Promise<SavedIntegration> {
      const connectionId = await connect(tenantId);
      const created = await ctx.query<Created>(tenantId, CREATE, { input: { connectionId, name: 'Partner portal', ...input } });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      return created.data!.createIntegration.integration;
    }

    const problemsOf = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
      ((result.errors?.[0]?.extensions?.['problems'] ?? []) as Problem[]).map(({ code, path }) => ({ code, path }));

    test('a new integration gets the defaults and the org time zone, and publishes its settings and the portal deal schema', async () => {
      const tenantId = newTenantId();
      const connectionId = await connect(tenantId, 'Asia/Kolkata');
      const created = await ctx.query<Created>(tenantId, CREATE, { input: { connectionId, name: '  Partner portal  ' } });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const { integration, warnings } = created.data!.createIntegration;
      assert.deepEqual(warnings, []);
      assert.deepEqual(
        { ...integration, id: undefined },
        {
          id: undefined,
          name: 'Partner portal',
          connection: { id: connectionId },
          enabled: false,
          modules: DEFAULT_MODULES,
          contactTargetModule: 'CONTACTS',
          conflictPolicy: 'LATEST_CHANGE_WINS',
          syncIntervalMinutes: 60,
          debounceSeconds: 5,
          syncRecordsFrom: null,
          timeZone: 'Asia/Kolkata',
          publishedVersion: null,
        },
      );
      const listed = await ctx.query<{ integration: SavedIntegration }>(
        tenantId,
        `query($id: ID!) { integration(id: $id) { ${INTEGRATION_FIELDS} } }`,
        {
          id: integration.id,
        },
      );
      assert.deepEqual(listed.data?.integration, integration);

      await eventually(() => assert.equal(eventsOf(integration.id, 'integration.settings-changed').length, 1));
      const [settingsRecord] = eventsOf(integration.id, 'integration.settings-changed');
      assert.equal(settingsRecord?.key, integration.id);
      assert.equal(settingsRecord?.headers['ce_tenantid'], tenantId);
      assert.deepEqual(JSON.parse(settingsRecord?.value ?? '{}'), {
        created: true,
        connectionId,
        name: 'Partner portal',
        enabled: false,
        modules: DEFAULT_MODULES,
        contactTargetModule: 'CONTACTS',
        conflictPolicy: 'LATEST_CHANGE_WINS',
        syncIntervalMinutes: 60,
        debounceSeconds: 5,
        syncRecordsFrom: null,
        timeZone: 'Asia/Kolkata',
        registrationCollisions: null,
      });
      await eventually(() => assert.equal(eventsOf(integration.id, 'portal-deal-schema.changed').length, 1));
      assert.deepEqual(JSON.parse(eventsOf(integration.id, 'portal-deal-schema.changed')[0]?.value ?? '{}'), {
        revision: 0,
        phases: [],
        customFields: [],
      });
    });

    test('every setting can be given at create; a time zone apart from the org is saved with a warning', async () => {
      const tenantId = newTenantId();
      const connectionId = await connect(tenantId, 'Europe/Berlin');
      const created = await ctx.query<Created>(tenantId, CREATE, {
        input: {
          connectionId,
          name: 'Oncord style',
          enabled: true,
          modules: [
            { module: 'LEADS', enabled: true, direction: 'PORTAL_TO_ZOHO' },
            { module: 'DEALS', enabled: true, direction: 'ZOHO_TO_PORTAL' },
          ],
          contactTargetModule: 'LEADS',
          conflictPolicy: 'MANUAL_REVIEW',
          syncIntervalMinutes: 1440,
          debounceSeconds: 600,
          syncRecordsFrom: '2026-01-01',
          timeZone: 'america/new_york',
        },
      });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const { integration, warnings } = created.data!.createIntegration;
      assert.deepEqual(integration.modules, [
        { module: 'DEALS', enabled: true, direction: 'ZOHO_TO_PORTAL' },
        { module: 'CONTACTS', enabled: false, direction: 'BOTH' },
        { module: 'LEADS', enabled: true, direction: 'PORTAL_TO_ZOHO' },
        { module: 'ACCOUNTS', enabled: false, direction: 'BOTH' },
      ]);
      assert.equal(integration.timeZone, 'America/New_York');
      assert.equal(integration.syncIntervalMinutes, 1440);
      assert.equal(integration.debounceSeconds, 600);
      assert.equal(integration.syncRecordsFrom, '2026-01-01');
      assert.equal(integration.contactTargetModule, 'LEADS');
      assert.equal(integration.conflictPolicy, 'MANUAL_REVIEW');
      assert.deepEqual(
        warnings.map(({ code, path }) => ({ code, path })),
        [
          { code: 'TIME_ZONE_DIFFERS_FROM_ORG', path: 'input.timeZone' },
          { code: 'NO_PUBLISHED_MAPPING', path: 'input.enabled' },
        ],
      );
      assert.match(warnings[0]?.message ?? '', /America\/New_York differs from the Zoho org's time zone Europe\/Berlin: .*drift/);
    });

    test('one integration per connection: a second create is a CONFLICT naming input.connectionId', async () => {
      const tenantId = newTenantId();
      const first = await createIntegration(tenantId);
      const second = await ctx.query(tenantId, CREATE, { input: { connectionId: first.connection.id, name: 'Again' } });
      assert.deepEqual(firstErrorCodeAndField(second), { code: 'INTEGRATION_EXISTS_FOR_CONNECTION', field: 'input.connectionId' });
      assert.equal(second.errors?.[0]?.extensions?.['kind'], 'CONFLICT');
      assert.match(second.errors?.[0]?.message ?? '', new RegExp(`already has integration ${first.id}`));
      assert.equal(await integrationRows().countBy({ tenantId }), 1);
    });

    test("a connection that is unknown, another tenant's or not a UUID is refused", async () => {
      const tenantA = newTenantId();
      const tenantB = newTenantId();
      const connectionOfB = await connect(tenantB);
      const foreign = await ctx.query(tenantA, CREATE, { input: { connectionId: connectionOfB, name: 'Borrowed' } });
      assert.deepEqual(firstErrorCodeAndField(foreign), { code: 'CONNECTION_NOT_FOUND', field: 'input.connectionId' });
      const unknown = await ctx.query(tenantA, CREATE, { input: { connectionId: randomUUID(), name: 'Unknown' } });
      assert.deepEqual(firstErrorCodeAndField(unknown), { code: 'CONNECTION_NOT_FOUND', field: 'input.connectionId' });
      assert.match(unknown.errors?.[0]?.message ?? '', /try again/);
      const malformed = await ctx.query(tenantA, CREATE, { input: { connectionId: 'connection-1', name: 'Malformed' } });
      assert.deepEqual(firstErrorCodeAndField(malformed), { code: 'INVALID_CONNECTION_ID', field: 'input.connectionId' });
      assert.equal(await integrationRows().countBy({ tenantId: tenantA }), 0);
      // B's connection is still free for B.
      const own = await ctx.query<Created>(tenantB, CREATE, { input: { connectionId: connectionOfB, name: 'Own' } });
      assert.equal(own.errors, undefined);
    });

    test('bad settings are refused all at once, each with its path and code, and nothing is stored or published', async () => {
      const tenantId = newTenantId();
      const connectionId = await connect(tenantId);
      const refused = await ctx.query(tenantId, CREATE, {
        input: {
          connectionId: 'not-a-uuid',
          name: '   ',
          modules: [
            { module: 'DEALS', enabled: true, direction: 'BOTH' },
            { module: 'CONTACTS', enabled: true, direction: 'BOTH' },
            { module: 'DEALS', enabled: false, direction: 'BOTH' },
          ],
          syncIntervalMinutes: 0,
          debounceSeconds: 3601,
          syncRecordsFrom: '2026-02-30',
          timeZone: '+02:00',
        },
      });
      assert.deepEqual(firstErrorCodeAndField(refused), { code: 'INVALID_CONNECTION_ID', field: 'input.connectionId' });
      assert.equal(refused.errors?.[0]?.extensions?.['kind'], 'BAD_USER_INPUT');
      assert.deepEqual(problemsOf(refused), [
        { code: 'INVALID_CONNECTION_ID', path: 'input.connectionId' },
        { code: 'NAME_REQUIRED', path: 'input.name' },
        { code: 'DUPLICATE_MODULE', path: 'input.modules[2].module' },
        { code: 'SYNC_INTERVAL_OUT_OF_RANGE', path: 'input.syncIntervalMinutes' },
        { code: 'DEBOUNCE_OUT_OF_RANGE', path: 'input.debounceSeconds' },
        { code: 'INVALID_DATE', path: 'input.syncRecordsFrom' },
        { code: 'INVALID_TIME_ZONE', path: 'input.timeZone' },
      ]);
      const message = refused.errors?.[0]?.message ?? '';
      assert.match(message, /input\.syncIntervalMinutes must be between 1 and 1440 minutes/);
      assert.match(message, /input\.debounceSeconds must be between 0 and 3600 seconds/);
      assert.match(message, /input\.modules\[2\]\.module DEALS is set by input\.modules\[0\] already/);

      const tooLong = await ctx.query(tenantId, CREATE, {
        input: { connectionId, name: 'x'.repeat(101), syncIntervalMinutes: 1441, timeZone: 'Mars/Base' },
      });
      assert.deepEqual(problemsOf(tooLong), [
        { code: 'NAME_TOO_LONG', path: 'input.name' },
        { code: 'SYNC_INTERVAL_OUT_OF_RANGE', path: 'input.syncIntervalMinutes' },
        { code: 'INVALID_TIME_ZONE', path: 'input.timeZone' },
      ]);
      const negative = await ctx.query(tenantId, CREATE, {
        input: { connectionId, name: 'Negative', debounceSeconds: -1, syncRecordsFrom: '1.1.2026' },
      });
      assert.deepEqual(problemsOf(negative), [
        { code: 'DEBOUNCE_OUT_OF_RANGE', path: 'input.debounceSeconds' },
        { code: 'INVALID_DATE', path: 'input.syncRecordsFrom' },
      ]);
      assert.equal(await integrationRows().countBy({ tenantId }), 0);

      // The limits themselves are accepted, and only this good create reaches the topic.
      const limits = await ctx.query<Created>(tenantId, CREATE, {
        input: { connectionId, name: 'Limits', syncIntervalMinutes: 1, debounceSeconds: 0, timeZone: 'UTC' },
      });
      assert.equal(limits.errors, undefined, JSON.stringify(limits.errors));
      const saved = limits.data!.createIntegration.integration;
      assert.deepEqual([saved.syncIntervalMinutes, saved.debounceSeconds], [1, 0]);
      await eventually(() => assert.equal(eventsOf(saved.id, 'integration.settings-changed').length, 1));
      assert.equal(
        recorder
          .on(Topics.mappings)
          .filter((record) => record.headers['ce_tenantid'] === tenantId && record.headers['ce_type'] === 'integration.settings-changed')
          .length,
        1,
      );
    });

    test('changing settings changes only what is given, publishes every save and warns about drift and an unmapped enable', async () => {
      const tenantId = newTenantId();
      const integration = await createIntegration(tenantId, { syncRecordsFrom: '2025-06-01' });
      const changed = await ctx.query<Updated>(tenantId, UPDATE, {
        input: {
          integrationId: integration.id,
          enabled: true,
          modules: [{ module: 'CONTACTS', enabled: true, direction: 'PORTAL_TO_ZOHO' }],
          debounceSeconds: 600,
          syncRecordsFrom: null,
          timeZone: 'Europe/London',
        },
      });
      assert.equal(changed.errors, undefined, JSON.stringify(changed.errors));
      const { integration: saved, warnings } = changed.data!.updateIntegrationSettings;
      assert.deepEqual(saved, {
        ...integration,
        enabled: true,
        modules: [
          DEFAULT_MODULES[0],
          { module: 'CONTACTS', enabled: true, direction: 'PORTAL_TO_ZOHO' },
          DEFAULT_MODULES[2],
          DEFAULT_MODULES[3],
        ],
        debounceSeconds: 600,
        syncRecordsFrom: null,
        timeZone: 'Europe/London',
      });
      assert.deepEqual(
        warnings.map(({ code }) => code),
        ['TIME_ZONE_DIFFERS_FROM_ORG', 'NO_PUBLISHED_MAPPING'],
      );

      // Back to the org's time zone: no drift warning; the name alone changes.
      const back = await ctx.query<Updated>(tenantId, UPDATE, {
        input: { integrationId: integration.id, timeZone: 'Europe/Berlin', name: 'Renamed' },
      });
      assert.deepEqual(back.data?.updateIntegrationSettings.warnings, []);
      assert.equal(back.data?.updateIntegrationSettings.integration.name, 'Renamed');
      assert.equal(back.data?.updateIntegrationSettings.integration.debounceSeconds, 600);

      await eventually(() => assert.equal(eventsOf(integration.id, 'integration.settings-changed').length, 3));
      const [, firstChange, secondChange] = eventsOf(integration.id, 'integration.settings-changed').map(
        (record) => JSON.parse(record.value ?? '{}') as Record<string, unknown>,
      );
      assert.equal(firstChange?.['created'], false);
      assert.equal(firstChange?.['timeZone'], 'Europe/London');
      assert.equal(firstChange?.['syncRecordsFrom'], null);
      assert.equal(firstChange?.['debounceSeconds'], 600);
      assert.equal(secondChange?.['name'], 'Renamed');
      assert.equal(secondChange?.['timeZone'], 'Europe/Berlin');

      const refused = await ctx.query(tenantId, UPDATE, { input: { integrationId: integration.id, name: '', syncIntervalMinutes: 2000 } });
      assert.deepEqual(problemsOf(refused), [
        { code: 'NAME_REQUIRED', path: 'input.name' },
        { code: 'SYNC_INTERVAL_OUT_OF_RANGE', path: 'input.syncIntervalMinutes' },
      ]);
      assert.equal((await integrationRows().findOneByOrFail({ id: integration.id })).name, 'Renamed');
    });

    test("a module's own conflict policy is saved and published beside the integration's; listing the module without one clears it", async () => {
      const tenantId = newTenantId();
      const integration = await createIntegration(tenantId, { conflictPolicy: 'ZOHO_WINS' });
      const modulePolicies = `mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) {
        integration { conflictPolicy modules { module conflictPolicy } } } }`;
      type Policies = {
        updateIntegrationSettings: {
          integration: { conflictPolicy: string; modules: { module: string; conflictPolicy: string | null }[] };
        };
      };
      const changed = await ctx.query<Policies>(tenantId, modulePolicies, {
        input: {
          integrationId: integration.id,
          modules: [{ module: 'DEALS', enabled: true, direction: 'BOTH', conflictPolicy: 'MANUAL_REVIEW' }],
        },
      });
      assert.equal(changed.errors, undefined, JSON.stringify(changed.errors));
      assert.deepEqual(changed.data?.updateIntegrationSettings.integration, {
        conflictPolicy: 'ZOHO_WINS',
        modules: [
          { module: 'DEALS', conflictPolicy: 'MANUAL_REVIEW' },
          { module: 'CONTACTS', conflictPolicy: null },
          { module: 'LEADS', conflictPolicy: null },
          { module: 'ACCOUNTS', conflictPolicy: null },
        ],
      });
      await eventually(() => assert.equal(eventsOf(integration.id, 'integration.settings-changed').length, 2));
      const published = JSON.parse(eventsOf(integration.id, 'integration.settings-changed')[1]?.value ?? '{}') as {
        conflictPolicy: string;
        modules: Record<string, unknown>[];
      };
      assert.equal(published.conflictPolicy, 'ZOHO_WINS');
      assert.deepEqual(published.modules[0], { module: 'DEALS', enabled: true, direction: 'BOTH', conflictPolicy: 'MANUAL_REVIEW' });
      // Modules without a policy of their own carry none, as events did before module policies existed.
      assert.deepEqual(published.modules[1], DEFAULT_MODULES[1]);

      const cleared = await ctx.query<Policies>(tenantId, modulePolicies, {
        input: { integrationId: integration.id, modules: [{ module: 'DEALS', enabled: true, direction: 'BOTH' }] },
      });
      assert.equal(cleared.data?.updateIntegrationSettings.integration.modules[0]?.conflictPolicy, null);
    });

    test("an integration's own registration collision rules are checked (each problem names its field), saved, published, and null goes back to the defaults", async () => {
      const tenantId = newTenantId();
      const connectionId = await connect(tenantId);
      const RULES = `mutation($input: UpdateIntegrationSettingsInput!) { updateIntegrationSettings(input: $input) {
        integration { name registrationCollisions { enabled windowDays similarityThreshold } } } }`;
      type Rules = { enabled: boolean; windowDays: number; similarityThreshold: number } | null;
      type RulesUpdated = { updateIntegrationSettings: { integration: { name: string; registrationCollisions: Rules } } };

      const refused = await ctx.query(tenantId, CREATE, {
        input: { connectionId, name: 'Rules', registrationCollisions: { enabled: true, windowDays: 0, similarityThreshold: 0.49 } },
      });
      assert.deepEqual(problemsOf(refused), [
        { code: 'REGISTRATION_WINDOW_OUT_OF_RANGE', path: 'input.registrationCollisions.windowDays' },
        { code: 'SIMILARITY_THRESHOLD_OUT_OF_RANGE', path: 'input.registrationCollisions.similarityThreshold' },
      ]);
      assert.match(
        refused.errors?.[0]?.message ?? '',
        /input\.registrationCollisions\.windowDays must be a whole number of days between 1 and 365/,
      );
      assert.match(
        refused.errors?.[0]?.message ?? '',
        /input\.registrationCollisions\.similarityThreshold must be between 0\.5 and 1, got 0\.49/,
      );
      const tooMuch = await ctx.query(tenantId, CREATE, {
        input: { connectionId, name: 'Rules', registrationCollisions: { enabled: false, windowDays: 366, similarityThreshold: 1.01 } },
      });
      assert.deepEqual(problemsOf(tooMuch), [
        { code: 'REGISTRATION_WINDOW_OUT_OF_RANGE', path: 'input.registrationCollisions.windowDays' },
        { code: 'SIMILARITY_THRESHOLD_OUT_OF_RANGE', path: 'input.registrationCollisions.similarityThreshold' },
      ]);
      assert.equal(await integrationRows().countBy({ tenantId }), 0);

      const created = await ctx.query<Created>(tenantId, CREATE, {
        input: { connectionId, name: 'Rules', registrationCollisions: { enabled: true, windowDays: 90, similarityThreshold: 0.85 } },
      });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const integrationId = created.data!.createIntegration.integration.id;
      const rulesOf = async () =>
        (
          await ctx.query<{ integration: { registrationCollisions: Rules } }>(
            tenantId,
            `query($id: ID!) { integration(id: $id) { registrationCollisions { enabled windowDays similarityThreshold } } }`,
            { id: integrationId },
          )
        ).data?.integration.registrationCollisions;
      assert.deepEqual(await rulesOf(), { enabled: true, windowDays: 90, similarityThreshold: 0.85 });

      // The limits themselves are accepted; a change of something else keeps the rules.
      const limits = await ctx.query<RulesUpdated>(tenantId, RULES, {
        input: { integrationId, registrationCollisions: { enabled: false, windowDays: 365, similarityThreshold: 0.5 } },
      });
      assert.equal(limits.errors, undefined, JSON.stringify(limits.errors));
      const renamed = await ctx.query<RulesUpdated>(tenantId, RULES, { input: { integrationId, name: 'Renamed' } });
      assert.deepEqual(renamed.data?.updateIntegrationSettings.integration, {
        name: 'Renamed',
        registrationCollisions: { enabled: false, windowDays: 365, similarityThreshold: 0.5 },
      });
      const badUpdate = await ctx.query(tenantId, UPDATE, {
        input: { integrationId, registrationCollisions: { enabled: true, windowDays: 1000, similarityThreshold: 0.9 } },
      });
      assert.deepEqual(problemsOf(badUpdate), [
        { code: 'REGISTRATION_WINDOW_OUT_OF_RANGE', path: 'input.registrationCollisions.windowDays' },
      ]);
      assert.deepEqual(await rulesOf(), { enabled: false, windowDays: 365, similarityThreshold: 0.5 });

      const reset = await ctx.query<RulesUpdated>(tenantId, RULES, { input: { integrationId, registrationCollisions: null } });
      assert.equal(reset.data?.updateIntegrationSettings.integration.registrationCollisions, null, JSON.stringify(reset.errors));

      // Every save is published with the rules as saved; the refused ones never reach the topic.
      await eventually(() => assert.equal(eventsOf(integrationId, 'integration.settings-changed').length, 4));
      assert.deepEqual(
        eventsOf(integrationId, 'integration.settings-changed').map(
          (record) => (JSON.parse(record.value ?? '{}') as { registrationCollisions: Rules }).registrationCollisions,
        ),
        [
          { enabled: true, windowDays: 90, similarityThreshold: 0.85 },
          { enabled: false, windowDays: 365, similarityThreshold: 0.5 },
          { enabled: false, windowDays: 365, similarityThreshold: 0.5 },
          null,
        ],
      );
    });

    test("a viewer cannot create or change integrations, and nobody can change another tenant's", async () => {
      const tenantA = newTenantId();
      const tenantB = newTenantId();
      const integrationOfB = await createIntegration(tenantB);
      const connectionOfA = await connect(tenantA);

      const viewerCreate = await ctx.queryAs({ tenantId: tenantA, roles: ['viewer'] }, CREATE, {
        input: { connectionId: connectionOfA, name: 'Viewer' },
      });
      assert.equal(viewerCreate.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      assert.match(viewerCreate.errors?.[0]?.message ?? '', /only a tenant admin may create an integration/);
      assert.equal(await integrationRows().countBy({ tenantId: tenantA }), 0);

      const viewerUpdate = await ctx.queryAs({ tenantId: tenantB, roles: ['viewer'] }, UPDATE, {
        input: { integrationId: integrationOfB.id, enabled: true },
      });
      assert.equal(viewerUpdate.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');

      const crossTenant = await ctx.query(tenantA, UPDATE, {
        input: { integrationId: integrationOfB.id, enabled: true, name: 'Hijacked' },
      });
      assert.deepEqual(firstErrorCodeAndField(crossTenant), { code: 'INTEGRATION_NOT_FOUND', field: 'input.integrationId' });
      const malformed = await ctx.query(tenantA, UPDATE, { input: { integrationId: 'integration-1', enabled: true } });
      assert.deepEqual(firstErrorCodeAndField(malformed), { code: 'INVALID_INTEGRATION_ID', field: 'input.integrationId' });

      const untouched = await integrationRows().findOneByOrFail({ id: integrationOfB.id });
      assert.equal(untouched.name, 'Partner portal');
      assert.equal(untouched.enabled, false);
      // Only B's create was published for B's integration.
      await eventually(() => assert.equal(eventsOf(integrationOfB.id, 'integration.settings-changed').length, 1));
    });

    test("a new integration receives the tenant's current portal deal schema", async () => {
      const tenantId = newTenantId();
      const phases = [
        { name: 'Open', outcome: 'OPEN' },
        { name: 'Won', outcome: 'WON' },
        { name: 'Lost', outcome: 'LOST' },
      ];
      const set = await ctx.query(
        tenantId,
        'mutation($input: SetPortalDealPhasesInput!) { setPortalDealPhases(input: $input) { revision } }',
        {
          input: { phases },
        },
      );
      assert.equal(set.errors, undefined);
      const integration = await createIntegration(tenantId);
      await eventually(() => assert.equal(eventsOf(integration.id, 'portal-deal-schema.changed').length, 1));
      assert.deepEqual(JSON.parse(eventsOf(integration.id, 'portal-deal-schema.changed')[0]?.value ?? '{}'), {
        revision: 1,
        phases,
        customFields: [],
      });
    });

    test('a reconnect of the same connection updates the org time zone new warnings compare against', async () => {
      const tenantId = newTenantId();
      const connectionId = await connect(tenantId, 'Europe/Berlin');
      await connect(tenantId, 'Asia/Tokyo', connectionId);
      const created = await ctx.query<Created>(tenantId, CREATE, { input: { connectionId, name: 'Tokyo' } });
      assert.equal(created.data?.createIntegration.integration.timeZone, 'Asia/Tokyo');
      assert.equal(await ctx.service.dataSource.getRepository(ZohoConnectionEntity).countBy({ tenantId }), 1);
    });
  });
});
