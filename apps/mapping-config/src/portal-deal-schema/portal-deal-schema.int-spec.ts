import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PORTAL_STANDARD_DEAL_FIELDS, RECORD_MODULES, Topics } from '@crm-bridge/contracts';
import { eventually, firstErrorCodeAndField, newTenantId, SubgraphServiceTestContext, TopicRecorder } from '@crm-bridge/testing';
import { mappingConfigService } from '../mapping-config.service-definition';
import { WITHOUT_AUTH_CONNECTOR } from '../mapping-config.test-environment';
import { IntegrationEntity } from '../integration/integration.entity';
import { PortalDealSchemaEntity } from './portal-deal-schema.entity';

const SCHEMA_FIELDS = 'phases { name outcome } fields { apiName label type standard options } revision updatedAt';
const READ = `{ portalDealSchema { ${SCHEMA_FIELDS} } }`;
const SET_PHASES = `mutation($input: SetPortalDealPhasesInput!) { setPortalDealPhases(input: $input) { ${SCHEMA_FIELDS} } }`;
const SET_FIELDS = `mutation($input: SetPortalDealFieldsInput!) { setPortalDealFields(input: $input) { ${SCHEMA_FIELDS} } }`;

type Schema = {
  phases: { name: string; outcome: string }[];
  fields: { apiName: string; label: string; type: string; standard: boolean; options: string[] }[];
  revision: number;
  updatedAt: string | null;
};
type Problem = { code: string; path: string };

const PHASES = [
  { name: 'Registered', outcome: 'OPEN' },
  { name: 'Qualified', outcome: 'OPEN' },
  { name: 'Won', outcome: 'WON' },
  { name: 'Lost', outcome: 'LOST' },
  { name: 'Rejected by vendor', outcome: 'LOST' },
];
const CUSTOM_FIELDS = [
  { apiName: 'region', label: 'Region', type: 'PICKLIST', options: ['EMEA', 'APAC'] },
  { apiName: 'seats', label: 'Seats', type: 'INTEGER' },
  { apiName: 'renewal_date', label: 'Renewal date', type: 'DATE', options: [] },
];
const STANDARD_FIELDS = PORTAL_STANDARD_DEAL_FIELDS.map((field) => ({ ...field, standard: true, options: [] as string[] }));

describe('the portal deal schema', () => {
  const ctx = SubgraphServiceTestContext.forSuite(mappingConfigService, { environment: WITHOUT_AUTH_CONNECTOR });

  // Nested, so the recorder stops before the suite's broker does.
  describe('phases and fields', () => {
    let recorder: TopicRecorder;
    before(async () => {
      recorder = await new TopicRecorder(ctx.kafka.kafka, [Topics.mappings]).start();
    });
    after(() => recorder.stop());

    const schemaEventsOf = (integrationId: string) =>
      recorder
        .on(Topics.mappings)
        .filter(
          (record) => record.headers['ce_integrationid'] === integrationId && record.headers['ce_type'] === 'portal-deal-schema.changed',
        );

    function newIntegration(tenantId: string): Promise<IntegrationEntity> {
      return ctx.store(IntegrationEntity, {
        tenantId,
        name: 'Integration',
        connectionId: randomUUID(),
        modules: RECORD_MODULES.map((module) => ({ module, enabled: true, direction: 'BOTH' as const })),
        contactTargetModule: 'CONTACTS',
        conflictPolicy: 'LATEST_CHANGE_WINS',
        syncIntervalMinutes: 60,
        debounceSeconds: 5,
        syncRecordsFrom: null,
        timeZone: 'Europe/Berlin',
        enabled: true,
        publishedVersion: null,
      });
    }

    const problemsOf = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
      ((result.errors?.[0]?.extensions?.['problems'] ?? []) as Problem[]).map(({ code, path }) => ({ code, path }));

    test('a tenant that never set it reads no phases and the standard fields', async () => {
      const read = await ctx.query<{ portalDealSchema: Schema }>(newTenantId(), READ);
      assert.equal(read.errors, undefined);
      assert.deepEqual(read.data?.portalDealSchema, { phases: [], fields: STANDARD_FIELDS, revision: 0, updatedAt: null });
    });

    test("phases and custom fields replace the tenant's, in order, and each change is published to every integration of the tenant", async () => {
      const tenantId = newTenantId();
      const first = await newIntegration(tenantId);
      const second = await newIntegration(tenantId);
      const otherTenants = await newIntegration(newTenantId());

      const phases = await ctx.query<{ setPortalDealPhases: Schema }>(tenantId, SET_PHASES, {
        input: { phases: PHASES.map((phase) => ({ ...phase, name: ` ${phase.name} ` })) },
      });
      assert.equal(phases.errors, undefined, JSON.stringify(phases.errors));
      assert.deepEqual(phases.data?.setPortalDealPhases.phases, PHASES);
      assert.equal(phases.data?.setPortalDealPhases.revision, 1);
      assert.deepEqual(
        phases.data?.setPortalDealPhases.fields.find((field) => field.apiName === 'phase')?.options,
        PHASES.map((phase) => phase.name),
      );

      const fields = await ctx.query<{ setPortalDealFields: Schema }>(tenantId, SET_FIELDS, { input: { customFields: CUSTOM_FIELDS } });
      assert.equal(fields.errors, undefined, JSON.stringify(fields.errors));
      const read = await ctx.query<{ portalDealSchema: Schema }>(tenantId, READ);
      assert.deepEqual(read.data?.portalDealSchema, fields.data?.setPortalDealFields);
      const schema = read.data!.portalDealSchema;
      assert.equal(schema.revision, 2);
      assert.deepEqual(schema.phases, PHASES);
      assert.deepEqual(
        schema.fields.filter((field) => !field.standard),
        [
          { apiName: 'region', label: 'Region', type: 'PICKLIST', standard: false, options: ['EMEA', 'APAC'] },
          { apiName: 'seats', label: 'Seats', type: 'INTEGER', standard: false, options: [] },
          { apiName: 'renewal_date', label: 'Renewal date', type: 'DATE', standard: false, options: [] },
        ],
      );
      assert.equal(schema.fields.filter((field) => field.standard).length, PORTAL_STANDARD_DEAL_FIELDS.length);
      assert.ok(schema.updatedAt !== null);

      for (const integration of [first, second]) {
        await eventually(() => assert.equal(schemaEventsOf(integration.id).length, 2));
        const [afterPhases, afterFields] = schemaEventsOf(integration.id);
        assert.equal(afterPhases?.key, integration.id);
        assert.equal(afterPhases?.headers['ce_tenantid'], tenantId);
        assert.deepEqual(JSON.parse(afterPhases?.value ?? '{}'), { revision: 1, phases: PHASES, customFields: [] });
        assert.deepEqual(JSON.parse(afterFields?.value ?? '{}'), {
          revision: 2,
          phases: PHASES,
          customFields: [
            { apiName: 'region', label: 'Region', type: 'PICKLIST', options: ['EMEA', 'APAC'] },
            { apiName: 'seats', label: 'Seats', type: 'INTEGER', options: [] },
            { apiName: 'renewal_date', label: 'Renewal date', type: 'DATE', options: [] },
          ],
        });
      }
      assert.deepEqual(schemaEventsOf(otherTenants.id), []);
    });

    test('bad phases are refused all at once, each with its path and code, and nothing is stored', async () => {
      const tenantId = newTenantId();
      const refused = await ctx.query(tenantId, SET_PHASES, {
        input: {
          phases: [
            { name: 'Open', outcome: 'OPEN' },
            { name: '  ', outcome: 'OPEN' },
            { name: 'open', outcome: 'OPEN' },
            { name: 'Won', outcome: 'WON' },
            { name: 'Also won', outcome: 'WON' },
            { name: 'x'.repeat(101), outcome: 'OPEN' },
          ],
        },
      });
      assert.deepEqual(firstErrorCodeAndField(refused), { code: 'PHASE_NAME_REQUIRED', field: 'input.phases[1].name' });
      assert.deepEqual(problemsOf(refused), [
        { code: 'PHASE_NAME_REQUIRED', path: 'input.phases[1].name' },
        { code: 'DUPLICATE_PHASE_NAME', path: 'input.phases[2].name' },
        { code: 'MULTIPLE_WON_PHASES', path: 'input.phases[4].outcome' },
        { code: 'PHASE_NAME_TOO_LONG', path: 'input.phases[5].name' },
        { code: 'LOST_PHASE_REQUIRED', path: 'input.phases' },
      ]);
      assert.match(refused.errors?.[0]?.message ?? '', /input\.phases\[2\]\.name "open" is the name of input\.phases\[0\] already/);
      const empty = await ctx.query(tenantId, SET_PHASES, { input: { phases: [] } });
      assert.deepEqual(problemsOf(empty), [
        { code: 'WON_PHASE_REQUIRED', path: 'input.phases' },
        { code: 'LOST_PHASE_REQUIRED', path: 'input.phases' },
      ]);
      assert.equal(await ctx.service.dataSource.getRepository(PortalDealSchemaEntity).countBy({ tenantId }), 0);
    });

    test('bad custom fields are refused all at once, each with its path and code, and the stored ones stay', async () => {
      const tenantId = newTenantId();
      const integration = await newIntegration(tenantId);
      await ctx.query(tenantId, SET_FIELDS, { input: { customFields: CUSTOM_FIELDS } });
      const refused = await ctx.query(tenantId, SET_FIELDS, {
        input: {
          customFields: [
            { apiName: 'Region', label: 'Region', type: 'TEXT' },
            { apiName: 'amount', label: 'Amount again', type: 'DECIMAL' },
            { apiName: 'closingdate', label: 'Closing', type: 'DATE' },
            { apiName: 'seats', label: ' ', type: 'INTEGER' },
            { apiName: 'seats', label: 'Seats again', type: 'INTEGER' },
            { apiName: 'distributor', label: 'Distributor', type: 'LOOKUP' },
            { apiName: 'tier', label: 'Tier', type: 'PICKLIST', options: [] },
            { apiName: 'size', label: 'Size', type: 'PICKLIST', options: ['S', '', 'S'] },
            { apiName: 'notes', label: 'x'.repeat(101), type: 'TEXT', options: ['a'] },
          ],
        },
      });
      assert.deepEqual(problemsOf(refused), [
        { code: 'INVALID_API_NAME', path: 'input.customFields[0].apiName' },
        { code: 'API_NAME_RESERVED', path: 'input.customFields[1].apiName' },
        { code: 'API_NAME_RESERVED', path: 'input.customFields[2].apiName' },
        { code: 'LABEL_REQUIRED', path: 'input.customFields[3].label' },
        { code: 'DUPLICATE_API_NAME', path: 'input.customFields[4].apiName' },
        { code: 'FIELD_TYPE_NOT_ALLOWED', path: 'input.customFields[5].type' },
        { code: 'PICKLIST_OPTIONS_REQUIRED', path: 'input.customFields[6].options' },
        { code: 'PICKLIST_OPTION_REQUIRED', path: 'input.customFields[7].options[1]' },
        { code: 'DUPLICATE_PICKLIST_OPTION', path: 'input.customFields[7].options[2]' },
        { code: 'LABEL_TOO_LONG', path: 'input.customFields[8].label' },
        { code: 'OPTIONS_NOT_ALLOWED', path: 'input.customFields[8].options' },
      ]);
      const stored = await ctx.service.dataSource.getRepository(PortalDealSchemaEntity).findOneByOrFail({ tenantId });
      assert.equal(stored.revision, 1);
      assert.deepEqual(
        stored.customFields.map((field) => field.apiName),
        ['region', 'seats', 'renewal_date'],
      );
      await eventually(() => assert.equal(schemaEventsOf(integration.id).length, 1));
    });

    test("a viewer cannot change the schema, and one tenant neither reads nor changes another's", async () => {
      const tenantA = newTenantId();
      const tenantB = newTenantId();
      await ctx.query(tenantA, SET_PHASES, { input: { phases: PHASES } });

      const viewerPhases = await ctx.queryAs({ tenantId: tenantA, roles: ['viewer'] }, SET_PHASES, {
        input: {
          phases: [
            { name: 'Won', outcome: 'WON' },
            { name: 'Lost', outcome: 'LOST' },
          ],
        },
      });
      assert.equal(viewerPhases.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      assert.match(viewerPhases.errors?.[0]?.message ?? '', /only a tenant admin may change the deal phases/);
      const viewerFields = await ctx.queryAs({ tenantId: tenantA, roles: ['viewer'] }, SET_FIELDS, { input: { customFields: [] } });
      assert.equal(viewerFields.errors?.[0]?.extensions?.['code'], 'ROLE_REQUIRED');
      // A viewer may read.
      const viewerRead = await ctx.queryAs<{ portalDealSchema: Schema }>({ tenantId: tenantA, roles: ['viewer'] }, READ);
      assert.deepEqual(viewerRead.data?.portalDealSchema.phases, PHASES);

      const readByB = await ctx.query<{ portalDealSchema: Schema }>(tenantB, READ);
      assert.deepEqual(readByB.data?.portalDealSchema.phases, []);
      await ctx.query(tenantB, SET_PHASES, {
        input: {
          phases: [
            { name: 'Done', outcome: 'WON' },
            { name: 'Gone', outcome: 'LOST' },
          ],
        },
      });
      const readByA = await ctx.query<{ portalDealSchema: Schema }>(tenantA, READ);
      assert.deepEqual(readByA.data?.portalDealSchema.phases, PHASES);
      assert.equal(readByA.data?.portalDealSchema.revision, 1);
    });
  });
});
