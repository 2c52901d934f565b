/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SandboxTestContext, type TestConnection, type TestOrg } from '../testing/sandbox-test-context';

describe('metadata, org and users APIs', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;
  let zoho: TestConnection;

  before(async () => {
    ctx = await SandboxTestContext.start();
    org = await ctx.newOrg('in', { companyName: 'Acme India', timeZone: 'Asia/Kolkata', edition: 'professional' });
    zoho = await ctx.connect(org);
  });
  after(() => ctx.stop());

  test('modules list the standard modules; v8 reports status, v2 reports visible', async () => {
    const v8 = await ctx.api(zoho, 'GET', '/crm/v8/settings/modules');
    assert.equal(v8.status, 200);
    const deals = v8.body.modules.find((module: { api_name: string }) => module.api_name === 'Deals');
    assert.equal(deals.generated_type, 'default');
    assert.equal(deals.status, 'visible');
    assert.equal(deals.visible, undefined);
    assert.deepEqual(
      v8.body.modules.map((module: { api_name: string }) => module.api_name),
      ['Leads', 'Contacts', 'Accounts', 'Deals'],
    );
    const v2 = await ctx.api(zoho, 'GET', '/crm/v2/settings/modules');
    assert.equal(v2.body.modules[0].visible, true);
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/settings/modules/Nope')).body.code, 'INVALID_MODULE');
  });

  test('fields carry data types, mandatory flags, picklists with -None-, lookups and stage forecast data', async () => {
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/settings/fields')).body.code, 'REQUIRED_PARAM_MISSING');
    const response = await ctx.api(zoho, 'GET', '/crm/v8/settings/fields?module=Deals');
    assert.equal(response.status, 200);
    const byName = new Map<string, Record<string, any>>(response.body.fields.map((field: { api_name: string }) => [field.api_name, field])); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(byName.get('Deal_Name')?.['system_mandatory'], true);
    assert.equal(byName.get('Deal_Name')?.['data_type'], 'text');
    assert.equal(byName.get('Amount')?.['data_type'], 'currency');
    assert.equal(byName.get('Amount')?.['json_type'], 'double');
    assert.deepEqual(byName.get('Account_Name')?.['lookup']['module']['api_name'], 'Accounts');
    assert.equal(byName.get('Modified_Time')?.['read_only'], true);
    const typeValues = byName.get('Type')?.['pick_list_values'].map((value: { actual_value: string }) => value.actual_value);
    assert.deepEqual(typeValues, ['-None-', 'Existing Business', 'New Business']);
    const closedWon = byName
      .get('Stage')
      ?.['pick_list_values'].find((value: { actual_value: string }) => value.actual_value === 'Closed Won');
    assert.equal(closedWon.forecast_type, 'Closed Won');
    assert.equal(closedWon.forecast_category.name, 'Closed');
    assert.equal(closedWon.probability, 100);
    const single = await ctx.api(zoho, 'GET', `/crm/v8/settings/fields/${byName.get('Stage')?.['id'] as string}?module=Deals`);
    assert.equal(single.body.fields[0].api_name, 'Stage');
  });

  test('layouts and pipelines: layout_id is mandatory; stages carry forecast types and categories', async () => {
    const layouts = await ctx.api(zoho, 'GET', '/crm/v8/settings/layouts?module=Deals');
    assert.equal(layouts.status, 200);
    const layout = layouts.body.layouts[0];
    const pipelineField = layout.sections[0].fields.find((field: { api_name: string }) => field.api_name === 'Pipeline');
    assert.equal(pipelineField.pick_list_values[0].actual_value, 'Standard');
    assert.equal(pipelineField.pick_list_values[0].maps[0].actual_value, 'Qualification');

    assert.deepEqual((await ctx.api(zoho, 'GET', '/crm/v8/settings/pipeline')).body, {
      code: 'REQUIRED_PARAM_MISSING',
      details: { param: 'layout_id' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
    const pipelines = await ctx.api(zoho, 'GET', `/crm/v8/settings/pipeline?layout_id=${layout.id as string}`);
    assert.equal(pipelines.status, 200);
    const [standard] = pipelines.body.pipeline;
    assert.equal(standard.default, true);
    assert.deepEqual(
      standard.maps.map((stage: { actual_value: string; forecast_type: string; forecast_category: { name: string } }) => [
        stage.actual_value,
        stage.forecast_type,
        stage.forecast_category.name,
      ]),
      [
        ['Qualification', 'Open', 'Pipeline'],
        ['Needs Analysis', 'Open', 'Pipeline'],
        ['Id. Decision Makers', 'Open', 'Pipeline'],
        ['Proposal/Price Quote', 'Open', 'Pipeline'],
        ['Negotiation/Review', 'Open', 'Pipeline'],
        ['Closed Won', 'Closed Won', 'Closed'],
        ['Closed Lost', 'Closed Lost', 'Omitted'],
        ['Closed Lost to Competition', 'Closed Lost', 'Omitted'],
      ],
    );
    assert.equal(standard.maps[2].display_value, 'Identify Decision Makers');
    const single = await ctx.api(zoho, 'GET', `/crm/v8/settings/pipeline/${standard.id as string}?layout_id=${layout.id as string}`);
    assert.equal(single.body.pipeline[0].actual_value, 'Standard');
    const oneLayout = await ctx.api(zoho, 'GET', `/crm/v8/settings/layouts/${layout.id as string}?module=Deals`);
    assert.equal(oneLayout.body.layouts[0].id, layout.id);
    assert.equal((await ctx.api(zoho, 'GET', `/crm/v8/settings/pipeline?layout_id=1`)).body.details.param_name, 'layout_id');
    const leadsLayout = (await ctx.api(zoho, 'GET', '/crm/v8/settings/layouts?module=Leads')).body.layouts[0];
    assert.equal((await ctx.api(zoho, 'GET', `/crm/v8/settings/pipeline?layout_id=${leadsLayout.id as string}`)).status, 204);
  });

  test('org reports its time zone and edition; users list filters by type and pages', async () => {
    const orgResponse = await ctx.api(zoho, 'GET', '/crm/v8/org');
    const [details] = orgResponse.body.org;
    assert.equal(details.company_name, 'Acme India');
    assert.equal(details.time_zone, 'Asia/Kolkata');
    assert.equal(details.license_details.paid_type, 'professional');
    assert.match(details.zgid, /^\d+$/);

    const added = await ctx.admin('POST', `/orgs/${org.id}/users`, {
      firstName: 'Sam',
      lastName: 'Rep',
      email: 'sam@example.com',
      timeZone: 'Europe/London',
    });
    assert.equal(added.status, 201);
    const all = await ctx.api(zoho, 'GET', '/crm/v8/users?type=AllUsers');
    assert.equal(all.body.users.length, 2);
    assert.deepEqual(all.body.info, { per_page: 200, count: 2, page: 1, more_records: false });
    const current = await ctx.api(zoho, 'GET', '/crm/v8/users?type=CurrentUser');
    assert.deepEqual(
      current.body.users.map((user: { id: string }) => user.id),
      [org.primaryUserId],
    );
    assert.equal(current.body.users[0].time_zone, 'Asia/Kolkata', "a user without a time zone of their own gets the org's");
    const admins = await ctx.api(zoho, 'GET', '/crm/v8/users?type=AdminUsers');
    assert.equal(admins.body.users[0].profile.name, 'Administrator');
    assert.deepEqual((await ctx.api(zoho, 'GET', '/crm/v8/users?type=Everyone')).body.details.param_name, 'type');
    const one = await ctx.api(zoho, 'GET', `/crm/v8/users/${added.body.id as string}`);
    assert.deepEqual(
      [one.body.users[0].email, one.body.users[0].time_zone, one.body.users[0].profile.name],
      ['sam@example.com', 'Europe/London', 'Standard'],
    );
    const duplicate = await ctx.admin('POST', `/orgs/${org.id}/users`, { lastName: 'Again', email: 'SAM@example.com' });
    assert.deepEqual({ status: duplicate.status, field: duplicate.body.error.field }, { status: 409, field: 'email' });
  });

  test('custom modules and custom fields from the admin API are usable through the API at once', async () => {
    const created = await ctx.admin('POST', `/orgs/${org.id}/modules`, {
      apiName: 'Projects',
      singularLabel: 'Project',
      pluralLabel: 'Projects',
      fields: [
        { apiName: 'Budget', dataType: 'currency' },
        { apiName: 'Client', dataType: 'lookup', lookupModule: 'Accounts' },
      ],
    });
    assert.equal(created.status, 201);
    const modules = await ctx.api(zoho, 'GET', '/crm/v8/settings/modules/Projects');
    assert.equal(modules.body.modules[0].generated_type, 'custom');
    const insert = await ctx.api(zoho, 'POST', '/crm/v8/Projects', { data: [{ Name: 'Apollo', Budget: 12.5 }, { Budget: 1 }] });
    assert.equal(insert.status, 207);
    assert.equal(insert.body.data[1].details.api_name, 'Name');
    const fields = await ctx.api(zoho, 'GET', '/crm/v8/settings/fields?module=Projects');
    const budget = fields.body.fields.find((field: { api_name: string }) => field.api_name === 'Budget');
    assert.equal(budget.custom_field, true);
    const badField = await ctx.admin('POST', `/orgs/${org.id}/modules/Projects/fields`, { apiName: 'Owner Ref', dataType: 'text' });
    assert.deepEqual({ status: badField.status, field: badField.body.error.field }, { status: 400, field: 'apiName' });
    const customScope = await ctx.connect(org, ['ZohoCRM.modules.custom.READ']);
    assert.equal((await ctx.api(customScope, 'GET', '/crm/v8/Projects?fields=Name')).status, 200);
    assert.equal((await ctx.api(customScope, 'GET', '/crm/v8/Deals?fields=Deal_Name')).body.code, 'OAUTH_SCOPE_MISMATCH');
  });
});
