/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatZohoDateTime } from '../clock/zoho-time';
import { SandboxTestContext, type TestConnection, type TestOrg } from '../testing/sandbox-test-context';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('records API', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;
  let zoho: TestConnection;

  before(async () => {
    ctx = await SandboxTestContext.start();
    org = await ctx.newOrg('us', {
      timeZone: 'America/Los_Angeles',
      primaryUser: { firstName: 'Pat', lastName: 'Seller', email: 'pat@example.com', timeZone: 'Asia/Kolkata' },
    });
    zoho = await ctx.connect(org);
  });
  after(() => ctx.stop());

  test('insert answers 201 with per-record envelopes; mixed batches 207; all failed 400', async () => {
    const inserted = await ctx.api(zoho, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'Lovelace', Email: 'ada@example.com' }] });
    assert.equal(inserted.status, 201);
    const [element] = inserted.body.data;
    assert.equal(element.code, 'SUCCESS');
    assert.equal(element.message, 'record added');
    assert.equal(element.status, 'success');
    assert.match(element.details.id, /^\d{19}$/);
    // Date-times come back in the API user's time zone (Asia/Kolkata), not the org's.
    assert.match(element.details.Modified_Time, /\+05:30$/);
    assert.match(element.details.Created_Time, DATE_TIME);
    assert.deepEqual(element.details.Created_By, { name: 'Pat Seller', id: org.primaryUserId });
    assert.equal(element.details.$approval_state, 'approved');

    const mixed = await ctx.api(zoho, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'Hopper' }, { First_Name: 'No last name' }] });
    assert.equal(mixed.status, 207);
    assert.equal(mixed.body.data[0].code, 'SUCCESS');
    assert.deepEqual(mixed.body.data[1], {
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' },
      message: 'required field not found',
      status: 'error',
    });

    const failed = await ctx.api(zoho, 'POST', '/crm/v8/Leads', {
      data: [{ Last_Name: 'x'.repeat(81) }, { Last_Name: 'Ok', Email: 'not-an-email' }, { Last_Name: 7 }],
    });
    assert.equal(failed.status, 400);
    assert.deepEqual(failed.body.data[0].details, { maximum_length: 80, api_name: 'Last_Name', json_path: '$.data[0].Last_Name' });
    assert.deepEqual(failed.body.data[1].details, { api_name: 'Email', json_path: '$.data[1].Email' });
    assert.deepEqual(failed.body.data[2].details, { expected_data_type: 'text', api_name: 'Last_Name', json_path: '$.data[2].Last_Name' });
    for (const error of failed.body.data) {
      assert.equal(error.code, 'INVALID_DATA');
    }
  });

  test('request-level write errors: bad body, missing data, more than 100 records, unknown module', async () => {
    assert.deepEqual((await ctx.api(zoho, 'POST', '/crm/v8/Leads', { records: [] })).body, {
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'data', json_path: '$.data' },
      message: 'required field not found',
      status: 'error',
    });
    const tooMany = await ctx.api(zoho, 'POST', '/crm/v8/Leads', {
      data: Array.from({ length: 101 }, (_, index) => ({ Last_Name: `L${index}` })),
    });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.code, 'LIMIT_EXCEEDED');
    assert.equal(tooMany.body.details.limit, 100);
    const unknown = await ctx.api(zoho, 'GET', '/crm/v8/Widgets?fields=Name');
    assert.deepEqual(
      { status: unknown.status, body: unknown.body },
      {
        status: 400,
        body: {
          code: 'INVALID_MODULE',
          details: { resource_path_index: 0 },
          message: 'the module name given seems to be invalid',
          status: 'error',
        },
      },
    );
    const unknownOnWrite = await ctx.api(zoho, 'POST', '/crm/v8/Widgets', { data: [{ Name: 'x' }] });
    assert.deepEqual(
      { status: unknownOnWrite.status, body: unknownOnWrite.body },
      {
        status: 400,
        body: {
          data: [
            {
              code: 'INVALID_MODULE',
              details: { resource_path_index: 0 },
              message: 'the module name given seems to be invalid',
              status: 'error',
            },
          ],
        },
      },
    );
    const badTrigger = await ctx.api(zoho, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'T' }], trigger: ['emails'] });
    assert.equal(badTrigger.body.details.api_name, 'trigger');
  });

  test('Deals: Stage must belong to the Pipeline; probability follows the stage and must be 0–100', async () => {
    await ctx.admin('POST', `/orgs/${org.id}/pipelines`, {
      name: 'Partner Deals',
      stages: [
        { name: 'Registered', probability: 10, forecastType: 'Open' },
        { name: 'Won', probability: 100, forecastType: 'Closed Won' },
        { name: 'Lost', probability: 0, forecastType: 'Closed Lost' },
      ],
    });
    const response = await ctx.api(zoho, 'POST', '/crm/v8/Deals', {
      data: [
        { Deal_Name: 'Good', Pipeline: 'Partner Deals', Stage: 'Registered', Amount: 1000 },
        { Deal_Name: 'Wrong stage', Pipeline: 'Partner Deals', Stage: 'Qualification' },
        { Deal_Name: 'No pipeline', Stage: 'Qualification' },
        { Deal_Name: 'Bad probability', Pipeline: 'Standard', Stage: 'Qualification', Probability: 120 },
      ],
    });
    assert.equal(response.status, 207);
    assert.equal(response.body.data[0].code, 'SUCCESS');
    assert.deepEqual(response.body.data[1], {
      code: 'INVALID_DATA',
      details: { api_name: 'Stage', json_path: '$.data[1].Stage' },
      message: "Pipeline doesn't contain the Stage",
      status: 'error',
    });
    assert.equal(response.body.data[2].code, 'MANDATORY_NOT_FOUND');
    assert.equal(response.body.data[2].details.api_name, 'Pipeline');
    assert.equal(response.body.data[3].message, 'Given Probability is not valid');

    const id = response.body.data[0].details.id as string;
    const deal = await ctx.api(zoho, 'GET', `/crm/v8/Deals/${id}`);
    assert.equal(deal.body.data[0].Probability, 10);
    assert.equal(deal.body.data[0].Expected_Revenue, 100);
    const moved = await ctx.api(zoho, 'PUT', `/crm/v8/Deals/${id}`, { data: [{ Stage: 'Won' }] });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.data[0].message, 'record updated');
    const won = await ctx.api(zoho, 'GET', `/crm/v8/Deals/${id}?fields=Stage,Probability,Pipeline`);
    assert.deepEqual(won.body.data[0], { Stage: 'Won', Probability: 100, Pipeline: 'Partner Deals', id });
    const stray = await ctx.api(zoho, 'PUT', '/crm/v8/Deals', { data: [{ id, Stage: 'Negotiation/Review' }] });
    assert.equal(stray.status, 400);
    assert.equal(stray.body.data[0].message, "Pipeline doesn't contain the Stage");
  });

  test('lookups, owners, dates and date-times are validated and rendered as Zoho does', async () => {
    const [accountId] = await ctx.seed(org, 'Accounts', [{ Account_Name: 'Initech' }]);
    const created = await ctx.api(zoho, 'POST', '/crm/v8/Contacts', {
      data: [{ Last_Name: 'Lumbergh', First_Name: 'Bill', Account_Name: { id: accountId }, Date_of_Birth: '1960-02-29' }],
    });
    assert.equal(created.status, 201);
    const contact = await ctx.api(zoho, 'GET', `/crm/v8/Contacts/${created.body.data[0].details.id}`);
    const body = contact.body.data[0];
    assert.deepEqual(body.Account_Name, { name: 'Initech', id: accountId });
    assert.deepEqual(body.Owner, { name: 'Pat Seller', id: org.primaryUserId, email: 'pat@example.com' });
    assert.equal(body.Date_of_Birth, '1960-02-29');
    assert.equal(body.Email, null);

    const bad = await ctx.api(zoho, 'POST', '/crm/v8/Contacts', {
      data: [
        { Last_Name: 'A', Account_Name: { id: '1234567890123456789' } },
        { Last_Name: 'B', Date_of_Birth: '1961-02-29' },
        { Last_Name: 'C', Owner: { id: '42' } },
      ],
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.data.map((error: { details: { api_name: string } }) => error.details.api_name),
      ['Account_Name', 'Date_of_Birth', 'Owner'],
    );
  });

  test('update: id required and must exist; If-Unmodified-Since gives 412 ALREADY_MODIFIED; Modified_Time moves', async () => {
    const [id] = await ctx.seed(org, 'Accounts', [{ Account_Name: 'Umbrella' }]);
    const before = await ctx.api(zoho, 'GET', `/crm/v8/Accounts/${id}?fields=Modified_Time`);
    const response = await ctx.api(zoho, 'PUT', '/crm/v8/Accounts', {
      data: [{ Account_Name: 'No id' }, { id: '1111111111111111111', Phone: '1' }],
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.data[0].code, 'MANDATORY_NOT_FOUND');
    assert.deepEqual(response.body.data[1].details, { api_name: 'id', json_path: '$.data[1].id' });

    await ctx.admin('POST', '/clock/advance', { seconds: 5 });
    const stale = await ctx.api(
      zoho,
      'PUT',
      `/crm/v8/Accounts/${id}`,
      { data: [{ Phone: '555' }] },
      { 'If-Unmodified-Since': '2000-01-01T00:00:00+00:00' },
    );
    assert.equal(stale.status, 412);
    assert.equal(stale.body.data[0].code, 'ALREADY_MODIFIED');
    const updated = await ctx.api(
      zoho,
      'PUT',
      `/crm/v8/Accounts/${id}`,
      { data: [{ Phone: '555' }] },
      { 'If-Unmodified-Since': before.body.data[0].Modified_Time },
    );
    assert.equal(updated.status, 200);
    const after = await ctx.api(zoho, 'GET', `/crm/v8/Accounts/${id}?fields=Modified_Time,Phone`);
    assert.equal(after.body.data[0].Phone, '555');
    assert.notEqual(after.body.data[0].Modified_Time, before.body.data[0].Modified_Time);
  });

  test('upsert matches on duplicate_check_fields, reports action and duplicate_field; unique fields refuse duplicates', async () => {
    await ctx.admin('POST', `/orgs/${org.id}/modules/Deals/fields`, { apiName: 'Portal_Id', dataType: 'text', unique: true });
    const first = await ctx.api(zoho, 'POST', '/crm/v8/Deals/upsert', {
      data: [{ Deal_Name: 'Upserted', Portal_Id: 'P-1', Pipeline: 'Standard', Stage: 'Qualification' }],
      duplicate_check_fields: ['Portal_Id'],
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.data[0].action, 'insert');
    assert.equal(first.body.data[0].duplicate_field, null);
    assert.equal(first.body.data[0].message, 'record added');
    const second = await ctx.api(zoho, 'POST', '/crm/v8/Deals/upsert', {
      data: [{ Deal_Name: 'Renamed', Portal_Id: 'p-1', Stage: 'Needs Analysis' }],
      duplicate_check_fields: ['Portal_Id'],
    });
    assert.equal(second.body.data[0].action, 'update');
    assert.equal(second.body.data[0].duplicate_field, 'Portal_Id');
    assert.equal(second.body.data[0].details.id, first.body.data[0].details.id);

    const duplicate = await ctx.api(zoho, 'POST', '/crm/v8/Deals', {
      data: [{ Deal_Name: 'Dup', Portal_Id: 'P-1', Pipeline: 'Standard', Stage: 'Qualification' }],
    });
    assert.equal(duplicate.status, 400);
    assert.equal(duplicate.body.data[0].code, 'DUPLICATE_DATA');
    assert.equal(duplicate.body.data[0].details.api_name, 'Portal_Id');
    assert.equal(duplicate.body.data[0].details.duplicate_record.id, first.body.data[0].details.id);
    assert.equal(duplicate.body.data[0].details.duplicate_record.module.api_name, 'Deals');

    const notUnique = await ctx.api(zoho, 'POST', '/crm/v8/Deals/upsert', {
      data: [{ Deal_Name: 'x' }],
      duplicate_check_fields: ['Amount'],
    });
    assert.equal(notUnique.status, 400);
    assert.equal(notUnique.body.details.api_name, 'duplicate_check_fields');
  });

  test('records of one call see the earlier records of the same call: duplicates, freed values, upsert matches', async () => {
    await ctx.admin('POST', `/orgs/${org.id}/modules/Accounts/fields`, { apiName: 'Batch_Key', dataType: 'text', unique: true });
    const inserted = await ctx.api(zoho, 'POST', '/crm/v8/Accounts', {
      data: [
        { Account_Name: 'First', Batch_Key: 'K-1' },
        { Account_Name: 'Same key, same call', Batch_Key: 'k-1' },
        { Account_Name: 'Other', Batch_Key: 'K-9' },
      ],
    });
    assert.equal(inserted.status, 207);
    assert.equal(inserted.body.data[1].code, 'DUPLICATE_DATA');
    assert.equal(inserted.body.data[1].details.duplicate_record.id, inserted.body.data[0].details.id);
    const firstId = inserted.body.data[0].details.id as string;
    const otherId = inserted.body.data[2].details.id as string;

    // In one call: the first record gives K-1 up, then the other record takes it.
    const swapped = await ctx.api(zoho, 'PUT', '/crm/v8/Accounts', {
      data: [
        { id: firstId, Batch_Key: 'K-2' },
        { id: otherId, Batch_Key: 'K-1' },
      ],
    });
    assert.deepEqual(
      swapped.body.data.map((element: { code: string }) => element.code),
      ['SUCCESS', 'SUCCESS'],
    );

    const upserted = await ctx.api(zoho, 'POST', '/crm/v8/Accounts/upsert', {
      data: [
        { Account_Name: 'Matches the first by its new key', Batch_Key: 'K-2' },
        { Account_Name: 'Matches the other by the key it took', Batch_Key: 'k-1' },
        { Account_Name: 'Takes the freed key', Batch_Key: 'K-9' },
        { Account_Name: 'Matches the record inserted just before', Batch_Key: 'k-9' },
      ],
      duplicate_check_fields: ['Batch_Key'],
    });
    assert.deepEqual(
      upserted.body.data.map((element: { action: string }) => element.action),
      ['update', 'update', 'insert', 'update'],
    );
    assert.equal(upserted.body.data[0].details.id, firstId);
    assert.equal(upserted.body.data[1].details.id, otherId);
    assert.equal(upserted.body.data[3].details.id, upserted.body.data[2].details.id);
  });

  test('delete by ids with per-record envelopes; deleted records list recycle and permanent entries', async () => {
    const ids = await ctx.seed(org, 'Leads', [{ Last_Name: 'Gone', First_Name: 'Soon' }, { Last_Name: 'Also gone' }]);
    const response = await ctx.api(zoho, 'DELETE', `/crm/v8/Leads?ids=${ids.join(',')},1111111111111111111`);
    assert.equal(response.status, 207);
    assert.deepEqual(response.body.data[0], { code: 'SUCCESS', details: { id: ids[0] }, message: 'record deleted', status: 'success' });
    assert.equal(response.body.data[2].code, 'INVALID_DATA');
    assert.equal((await ctx.api(zoho, 'GET', `/crm/v8/Leads/${ids[0]}`)).status, 204);
    assert.equal((await ctx.api(zoho, 'DELETE', '/crm/v8/Leads')).body.code, 'REQUIRED_PARAM_MISSING');

    const recycle = await ctx.api(zoho, 'GET', '/crm/v8/Leads/deleted?type=recycle');
    assert.equal(recycle.status, 200);
    const entry = recycle.body.data.find((item: { id: string }) => item.id === ids[0]);
    assert.equal(entry.display_name, 'Soon Gone');
    assert.equal(entry.type, 'recycle');
    assert.deepEqual(entry.deleted_by, { name: 'Pat Seller', id: org.primaryUserId });
    assert.match(entry.deleted_time, DATE_TIME);

    await ctx.admin('POST', `/orgs/${org.id}/modules/Leads/recycle-bin/empty`);
    const permanent = await ctx.api(zoho, 'GET', '/crm/v8/Leads/deleted?type=permanent');
    const purged = permanent.body.data.find((item: { id: string }) => item.id === ids[0]);
    assert.deepEqual(
      { ...purged, deleted_time: 'x' },
      { id: ids[0], display_name: null, type: 'permanent', deleted_time: 'x', deleted_by: null, created_by: null },
    );
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/Leads/deleted?type=recycle')).status, 204);
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/Leads/deleted?type=some')).body.details.param_name, 'type');
  });

  test('X-EXTERNAL addresses records by an external-id field: upsert, get, update, list by ids, delete', async () => {
    const defined = await ctx.admin('POST', `/orgs/${org.id}/modules/Accounts/fields`, {
      apiName: 'External_Account_ID',
      dataType: 'text',
      external: true,
    });
    assert.equal(defined.status, 201);
    const external = { 'X-EXTERNAL': 'Accounts.External_Account_ID' };
    const upserted = await ctx.api(
      zoho,
      'POST',
      '/crm/v8/Accounts/upsert',
      { data: [{ Account_Name: 'Ext Co', External_Account_ID: 'ext-1' }] },
      external,
    );
    assert.equal(upserted.body.data[0].action, 'insert');
    const again = await ctx.api(
      zoho,
      'POST',
      '/crm/v8/Accounts/upsert',
      { data: [{ Account_Name: 'Ext Co renamed', External_Account_ID: 'ext-1' }] },
      external,
    );
    assert.deepEqual([again.body.data[0].action, again.body.data[0].duplicate_field], ['update', 'External_Account_ID']);
    const id = upserted.body.data[0].details.id as string;

    const byExternal = await ctx.api(zoho, 'GET', '/crm/v8/Accounts/ext-1?fields=Account_Name', undefined, external);
    assert.deepEqual(byExternal.body.data[0], { Account_Name: 'Ext Co renamed', id });
    const updated = await ctx.api(zoho, 'PUT', '/crm/v8/Accounts/ext-1', { data: [{ Phone: '42' }] }, external);
    assert.equal(updated.body.data[0].details.id, id);
    const listed = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Phone&ids=ext-1', undefined, external);
    assert.deepEqual(listed.body.data, [{ Phone: '42', id }]);
    const fields = await ctx.api(zoho, 'GET', '/crm/v8/settings/fields?module=Accounts');
    const field = fields.body.fields.find((candidate: { api_name: string }) => candidate.api_name === 'External_Account_ID');
    assert.deepEqual([field.unique, field.external.show], [{ casesensitive: 'false' }, true]);
    const wrongHeader = await ctx.api(zoho, 'GET', '/crm/v8/Accounts/ext-1', undefined, { 'X-EXTERNAL': 'Accounts.Account_Name' });
    assert.deepEqual(wrongHeader.body.details, { param_name: 'X-EXTERNAL' });
    const contact = await ctx.api(
      zoho,
      'POST',
      '/crm/v8/Contacts',
      {
        data: [
          { Last_Name: 'Linked', Account_Name: { External_Account_ID: 'ext-1' } },
          { Last_Name: 'Dangling', Account_Name: { External_Account_ID: 'ext-404' } },
        ],
      },
      { 'X-EXTERNAL': 'Contacts.Account_Name.External_Account_ID' },
    );
    assert.equal(contact.status, 207);
    const linked = await ctx.api(zoho, 'GET', `/crm/v8/Contacts/${contact.body.data[0].details.id as string}?fields=Account_Name`);
    assert.deepEqual(linked.body.data[0].Account_Name, { name: 'Ext Co renamed', id });
    assert.deepEqual(contact.body.data[1], {
      code: 'INVALID_DATA',
      details: { api_name: 'Account_Name', json_path: '$.data[1].Account_Name' },
      message: 'The external ID of the lookup field or the Price Book is incorrect',
      status: 'error',
    });
    const deleted = await ctx.api(zoho, 'DELETE', '/crm/v8/Accounts?ids=ext-1,ext-404', undefined, external);
    assert.equal(deleted.status, 207);
    assert.deepEqual(deleted.body.data[0].details, { id });
  });

  test('search: criteria, email and word; equals behaves like contains on text; bad criteria is INVALID_QUERY', async () => {
    await ctx.seed(org, 'Contacts', [
      { Last_Name: 'Searchable', Email: 'find.me@example.com', Mailing_City: 'Berlin' },
      { Last_Name: 'Searchless', Email: 'other@example.com', Mailing_City: 'Bern' },
    ]);
    const byCriteria = await ctx.api(
      zoho,
      'GET',
      `/crm/v8/Contacts/search?criteria=${encodeURIComponent('((Last_Name:equals:Search)and(Mailing_City:starts_with:Ber))')}`,
    );
    assert.equal(byCriteria.status, 200);
    assert.deepEqual(byCriteria.body.data.map((record: { Last_Name: string }) => record.Last_Name).sort(), ['Searchable', 'Searchless']);
    assert.deepEqual(byCriteria.body.info, { per_page: 200, count: 2, page: 1, more_records: false });
    const byEmail = await ctx.api(zoho, 'GET', '/crm/v8/Contacts/search?email=find.me@example.com');
    assert.deepEqual(
      byEmail.body.data.map((record: { Last_Name: string }) => record.Last_Name),
      ['Searchable'],
    );
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/Contacts/search?word=nobody-has-this')).status, 204);
    const bad = await ctx.api(zoho, 'GET', `/crm/v8/Contacts/search?criteria=${encodeURIComponent('(Nope:equals:x)')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'INVALID_QUERY');
    assert.equal(bad.body.details.api_name, 'Nope');
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/Contacts/search')).body.code, 'REQUIRED_PARAM_MISSING');
    const withoutSearchScope = await ctx.connect(org, ['ZohoCRM.modules.ALL']);
    assert.equal((await ctx.api(withoutSearchScope, 'GET', '/crm/v8/Contacts/search?word=x')).body.code, 'OAUTH_SCOPE_MISMATCH');
  });

  test('count: every record, or those matching criteria, email or word as search reads them; the module READ scope; 1 credit', async () => {
    // An org of its own: the other tests' records and credits do not move its figures.
    const counting = await ctx.newOrg('eu', { timeZone: 'Europe/Berlin' });
    const connection = await ctx.connect(counting);
    await ctx.seed(counting, 'Accounts', [{ Account_Name: 'Old One' }, { Account_Name: 'Old Two' }, { Account_Name: 'Old Three' }]);
    const advanced = await ctx.admin('POST', '/clock/advance', { seconds: 120 });
    const from = formatZohoDateTime(Date.parse(advanced.body.now), 'Europe/Berlin');
    await ctx.seed(counting, 'Accounts', [{ Account_Name: 'New One', Phone: '+49 30 1234' }, { Account_Name: 'New Two' }]);
    // A search index an hour behind finds none of them; the count is not held back by it.
    await ctx.admin('PUT', `/orgs/${counting.id}/faults`, { searchIndexLagMs: 3_600_000 });
    const creditsUsed = async (): Promise<number> => (await ctx.admin('GET', `/orgs/${counting.id}`)).body.credits.used as number;
    const usedBefore = await creditsUsed();

    const all = await ctx.api(connection, 'GET', '/crm/v8/Accounts/actions/count');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body, { count: '5' });
    const recent = await ctx.api(
      connection,
      'GET',
      `/crm/v8/Accounts/actions/count?criteria=${encodeURIComponent(`(Modified_Time:greater_equal:${from})`)}`,
    );
    assert.deepEqual(recent.body, { count: '2' }, `modified from ${from}`);
    assert.equal((await creditsUsed()) - usedBefore, 2, 'one credit a count');
    assert.equal((await ctx.api(connection, 'GET', '/crm/v8/Accounts/search?word=New')).status, 204, 'search lags behind');
    assert.deepEqual((await ctx.api(connection, 'GET', '/crm/v8/Accounts/actions/count?word=new')).body, { count: '2' });
    assert.deepEqual((await ctx.api(connection, 'GET', '/crm/v8/Accounts/actions/count?phone=1234')).body, { count: '1' });
    assert.deepEqual((await ctx.api(connection, 'GET', '/crm/v8/Accounts/actions/count?word=nobody-has-this')).body, { count: '0' });

    const usedBeforeRefusals = await creditsUsed();
    const bad = await ctx.api(connection, 'GET', `/crm/v8/Accounts/actions/count?criteria=${encodeURIComponent('(Nope:equals:x)')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'INVALID_QUERY');
    assert.equal(bad.body.details.api_name, 'Nope');
    assert.equal((await ctx.api(connection, 'GET', '/crm/v8/Accounts/actions/count?cvid=123')).body.details.param_name, 'cvid');
    const unknown = await ctx.api(connection, 'GET', '/crm/v8/Nowhere/actions/count');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'INVALID_MODULE');
    // The module's READ scope is what counting needs: no search scope, and not another module's.
    const leadsOnly = await ctx.connect(counting, ['ZohoCRM.modules.leads.READ']);
    const refused = await ctx.api(leadsOnly, 'GET', '/crm/v8/Accounts/actions/count');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, 'OAUTH_SCOPE_MISMATCH');
    assert.equal((await creditsUsed()) - usedBeforeRefusals, 0, 'a refused count is not charged');
    assert.deepEqual(unknown.body, (await ctx.api(connection, 'GET', '/crm/v8/Nowhere?fields=Name')).body, 'as other reads answer');
    assert.deepEqual((await ctx.api(leadsOnly, 'GET', '/crm/v8/Leads/actions/count?word=x')).body, { count: '0' });
  });
});

describe('records list API', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;
  let zoho: TestConnection;

  before(async () => {
    ctx = await SandboxTestContext.start();
    org = await ctx.newOrg('eu', { timeZone: 'Europe/Berlin' });
    zoho = await ctx.connect(org);
    await ctx.seed(
      org,
      'Accounts',
      Array.from({ length: 2_450 }, (_, index) => ({ Account_Name: `Account ${String(index).padStart(4, '0')}` })),
    );
  });
  after(() => ctx.stop());

  test('fields is mandatory from v3 on, optional in v2; at most 50; unknown fields are INVALID_DATA', async () => {
    assert.deepEqual((await ctx.api(zoho, 'GET', '/crm/v8/Accounts')).body, {
      code: 'REQUIRED_PARAM_MISSING',
      details: { param: 'fields' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
    const legacy = await ctx.api(zoho, 'GET', '/crm/v2/Accounts?per_page=1');
    assert.equal(legacy.status, 200);
    assert.deepEqual(Object.keys(legacy.body.info).sort(), ['count', 'more_records', 'page', 'per_page']);
    const fifty = Array.from({ length: 51 }, (_, index) => `F${index}`).join(',');
    assert.deepEqual((await ctx.api(zoho, 'GET', `/crm/v8/Accounts?fields=${fifty}`)).body.details, { limit: 50, param_name: 'fields' });
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Nope')).body.details.api_name, 'Nope');
    assert.equal((await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name&per_page=201')).body.code, 'LIMIT_EXCEEDED');
    assert.equal(
      (await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name&sort_by=Account_Name')).body.details.param_name,
      'sort_by',
    );
  });

  test('pages: default id desc, sort by Modified_Time asc, only requested fields plus id', async () => {
    const page = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name&per_page=3&sort_order=asc');
    assert.equal(page.status, 200);
    assert.deepEqual(Object.keys(page.body.data[0]).sort(), ['Account_Name', 'id']);
    assert.deepEqual(
      page.body.data.map((record: { Account_Name: string }) => record.Account_Name),
      ['Account 0000', 'Account 0001', 'Account 0002'],
    );
    const info = page.body.info;
    assert.equal(info.count, 3);
    assert.equal(info.more_records, true);
    assert.equal(info.sort_by, 'id');
    assert.equal(info.sort_order, 'asc');
    assert.equal(typeof info.next_page_token, 'string');
    assert.match(info.page_token_expiry, /\+0[12]:00$/);
    const descending = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name&per_page=1');
    assert.equal(descending.body.data[0].Account_Name, 'Account 2449');
  });

  test('page reaches only the first 2,000 records; page_token goes beyond, bound to its parameters', async () => {
    const lastDiscrete = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name&page=10&sort_order=asc');
    assert.equal(lastDiscrete.status, 200);
    assert.equal(lastDiscrete.body.data[199].Account_Name, 'Account 1999');
    const beyond = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name&page=11');
    assert.deepEqual(
      { status: beyond.status, code: beyond.body.code, details: beyond.body.details },
      {
        status: 400,
        code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        details: { limit: 2000 },
      },
    );
    const token = lastDiscrete.body.info.next_page_token as string;
    const next = await ctx.api(zoho, 'GET', `/crm/v8/Accounts?fields=Account_Name&sort_order=asc&page_token=${token}`);
    assert.equal(next.status, 200);
    assert.equal(next.body.data[0].Account_Name, 'Account 2000');
    assert.equal(next.body.info.page, 11);
    const middle = await ctx.api(
      zoho,
      'GET',
      `/crm/v8/Accounts?fields=Account_Name&sort_order=asc&page_token=${next.body.info.next_page_token}`,
    );
    const last = await ctx.api(
      zoho,
      'GET',
      `/crm/v8/Accounts?fields=Account_Name&sort_order=asc&page_token=${middle.body.info.next_page_token}`,
    );
    assert.equal(last.body.data.length, 50);
    assert.equal(last.body.data[49].Account_Name, 'Account 2449');
    assert.equal(last.body.info.more_records, false);
    assert.equal(last.body.info.next_page_token, null);

    const mismatch = await ctx.api(zoho, 'GET', `/crm/v8/Accounts?fields=Account_Name&sort_order=desc&page_token=${token}`);
    assert.equal(mismatch.body.code, 'TOKEN_BOUND_DATA_MISMATCH');
    const ambiguous = await ctx.api(zoho, 'GET', `/crm/v8/Accounts?fields=Account_Name&sort_order=asc&page=2&page_token=${token}`);
    assert.equal(ambiguous.body.code, 'AMBIGUITY_DURING_PROCESSING');
    await ctx.admin('POST', '/clock/advance', { seconds: 24 * 3600 });
    const refreshed = await ctx.connect(org);
    const expired = await ctx.api(refreshed, 'GET', `/crm/v8/Accounts?fields=Account_Name&sort_order=asc&page_token=${token}`);
    assert.equal(expired.body.code, 'EXPIRED_VALUE');
  });

  test('If-Modified-Since returns only records modified after it, and 304 when there are none', async () => {
    // Earlier tests move the clock a day on, past the lifetime of the suite's first token.
    const zoho = await ctx.connect(org);
    const [newest] = (await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Modified_Time&per_page=1&sort_by=Modified_Time')).body.data;
    const none = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name', undefined, {
      'If-Modified-Since': newest.Modified_Time,
    });
    assert.equal(none.status, 304);
    await ctx.admin('POST', '/clock/advance', { seconds: 2 });
    await ctx.admin('PATCH', `/orgs/${org.id}/modules/Accounts/records/${newest.id}`, { values: { Phone: '+49 30 1234' } });
    const changed = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Phone', undefined, { 'If-Modified-Since': newest.Modified_Time });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.data, [{ Phone: '+49 30 1234', id: newest.id }]);
    const malformed = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Phone', undefined, { 'If-Modified-Since': 'yesterday' });
    assert.equal(malformed.body.code, 'INVALID_DATA');
  });
  test('admin write log: every record written, by channel and OAuth client, an update that changed nothing included', async () => {
    const own = await ctx.newOrg('us');
    const first = await ctx.connect(own);
    const second = await ctx.connect(own);
    const since = new Date().toISOString();
    const [seeded] = await ctx.seed(own, 'Leads', [{ Last_Name: 'Seeded' }]);
    const inserted = await ctx.api(first, 'POST', '/crm/v8/Leads', { data: [{ Last_Name: 'By API' }, { First_Name: 'refused' }] });
    const insertedId = inserted.body.data[0].details.id as string;
    // The same value again: Zoho stamps Modified_Time, no value changes — still a write.
    assert.equal((await ctx.api(first, 'PUT', `/crm/v8/Leads/${insertedId}`, { data: [{ Last_Name: 'By API' }] })).status, 200);
    assert.equal((await ctx.api(second, 'PUT', `/crm/v8/Leads/${seeded}`, { data: [{ Last_Name: 'Renamed' }] })).status, 200);
    await ctx.admin('PATCH', `/orgs/${own.id}/modules/Leads/records/${insertedId}`, { values: { Company: 'Acme' } });
    assert.equal((await ctx.api(second, 'DELETE', `/crm/v8/Leads?ids=${insertedId}`)).status, 200);

    const all = await ctx.admin('GET', `/orgs/${own.id}/writes?module=Leads&since=${since}`);
    assert.equal(all.status, 200);
    const summary = (
      writes: { operation: string; recordId: string; changedFields: string[]; channel: { kind: string; clientId?: string } }[],
    ) =>
      writes.map((write) => [
        write.operation,
        write.recordId,
        write.changedFields.join(','),
        write.channel.kind,
        write.channel.clientId ?? null,
      ]);
    assert.deepEqual(summary(all.body.writes), [
      ['insert', seeded, 'Last_Name', 'ZOHO_USER', null],
      ['insert', insertedId, 'Last_Name', 'API', first.clientId],
      ['update', insertedId, '', 'API', first.clientId],
      ['update', seeded, 'Last_Name', 'API', second.clientId],
      ['update', insertedId, 'Company', 'ZOHO_USER', null],
      ['delete', insertedId, '', 'API', second.clientId],
    ]);
    assert.equal(all.body.dropped, 0);
    assert.equal((await ctx.admin('GET', `/orgs/${own.id}/writes?clientId=${first.clientId}`)).body.writes.length, 2);
    assert.equal((await ctx.admin('GET', `/orgs/${own.id}/writes?channel=ZOHO_USER`)).body.writes.length, 2);
    assert.equal((await ctx.admin('GET', `/orgs/${own.id}/writes?module=Deals`)).body.writes.length, 0);
    // Another org's log is its own.
    assert.equal((await ctx.admin('GET', `/orgs/${org.id}/writes?clientId=${first.clientId}`)).body.writes.length, 0);
    const refused = await ctx.admin('GET', `/orgs/${own.id}/writes?channel=UI`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'channel');
  });
});
