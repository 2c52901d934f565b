/* eslint-disable @typescript-eslint/no-unsafe-assignment -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@crm-bridge/testing';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync, zipSync } from 'fflate';
import { SandboxTestContext, type ApiResponse, type TestConnection, type TestOrg } from '../testing/sandbox-test-context';

/** A zip holding one CSV, deflated unless `stored` (some zip tools store small files uncompressed). */
function zip(name: string, csv: string, stored = false): Buffer {
  return Buffer.from(zipSync({ [name]: Buffer.from(csv) }, { level: stored ? 0 : 6 }));
}

describe('bulk write API', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;
  let zgid: string;
  let zoho: TestConnection;

  before(async () => {
    ctx = await SandboxTestContext.start();
    org = await ctx.newOrg('sa', { timeZone: 'Asia/Riyadh' });
    zgid = (await ctx.admin('GET', `/orgs/${org.id}`)).body.zgid as string;
    zoho = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.bulk.ALL', 'ZohoFiles.files.ALL']);
  });
  after(() => ctx.stop());

  async function upload(
    file: Buffer,
    headers: Record<string, string> = { feature: 'bulk-write', 'X-CRM-ORG': zgid },
  ): Promise<ApiResponse> {
    const boundary = 'sandbox-boundary-42';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.zip"\r\nContent-Type: application/zip\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await fetch(`${org.apiDomain}/content/crm/v8/upload`, {
      method: 'POST',
      headers: {
        authorization: `Zoho-oauthtoken ${zoho.accessToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...headers,
      },
      body,
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- contract tests read Zoho's untyped job details
  async function runJob(job: Record<string, unknown>): Promise<{ details: Record<string, any>; result: string[][] }> {
    const created = await ctx.api(zoho, 'POST', '/crm/bulk/v8/write', job);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.code, 'SUCCESS');
    const id = created.body.details.id as string;
    const details = await eventually(async () => {
      const status = await ctx.api(zoho, 'GET', `/crm/bulk/v8/write/${id}`);
      assert.equal(status.body.status, 'COMPLETED');
      return status.body as Record<string, unknown>;
    });
    const download = await fetch(`${org.apiDomain}${(details['result'] as { download_url: string }).download_url}`, {
      headers: { authorization: `Zoho-oauthtoken ${zoho.accessToken}` },
    });
    const [entry, ...others] = Object.values(unzipSync(new Uint8Array(await download.arrayBuffer())));
    assert.equal(others.length, 0);
    return { details, result: parseCsv(Buffer.from(entry ?? []).toString('utf8')) };
  }

  test('insert: rows are validated like API writes; lookups by name; MM/dd/yyyy dates; result CSV with ID, STATUS, ERRORS', async () => {
    const [initech] = await ctx.seed(org, 'Accounts', [{ Account_Name: 'Initech' }]);
    const csv =
      'Last_Name,Email,Account_Name.Account_Name,Date_of_Birth\nGibbons,peter@initech.example,Initech,02/28/1990\n,nobody@example.com,,\nBolton,michael@initech.example,,31/12/1990\n';
    const uploaded = await upload(zip('contacts.csv', csv));
    assert.equal(uploaded.status, 200);
    assert.deepEqual(
      { status: uploaded.body.status, code: uploaded.body.code, message: uploaded.body.message },
      { status: 'success', code: 'FILE_UPLOAD_SUCCESS', message: 'file uploaded.' },
    );
    const { details, result } = await runJob({
      operation: 'insert',
      resource: [{ type: 'data', module: { api_name: 'Contacts' }, file_id: uploaded.body.details.file_id }],
    });
    assert.deepEqual(details.resource[0].file, {
      status: 'COMPLETED',
      name: 'contacts.csv',
      added_count: 1,
      skipped_count: 2,
      updated_count: 0,
      total_count: 3,
    });
    assert.equal(details.operation, 'insert');
    assert.deepEqual(result[0], ['Last_Name', 'Email', 'Account_Name.Account_Name', 'Date_of_Birth', 'ID', 'STATUS', 'ERRORS']);
    assert.deepEqual(
      result.slice(1).map((row) => [row[5], row[6]]),
      [
        ['ADDED', ''],
        ['SKIPPED', 'MANDATORY_NOT_FOUND:Last_Name'],
        ['SKIPPED', 'INVALID_DATA:Date_of_Birth'],
      ],
    );
    const contact = await ctx.api(zoho, 'GET', `/crm/v8/Contacts/${result[1]?.[4] ?? ''}?fields=Account_Name,Date_of_Birth`);
    assert.deepEqual(contact.body.data[0].Account_Name, { name: 'Initech', id: initech });
    assert.equal(contact.body.data[0].Date_of_Birth, '1990-02-28');
  });

  test('upsert by a unique field with explicit field mappings and defaults', async () => {
    await ctx.seed(org, 'Accounts', [{ Account_Name: 'Existing Co', Phone: '1' }]);
    const csv = 'name;phone\nExisting Co;999\nNew Co;\n';
    const uploaded = await upload(zip('accounts.csv', csv, true));
    const { details, result } = await runJob({
      operation: 'upsert',
      ignore_empty: true,
      resource: [
        {
          type: 'data',
          module: { api_name: 'Accounts' },
          file_id: uploaded.body.details.file_id,
          find_by: 'Account_Name',
          field_mappings: [
            { api_name: 'Account_Name', index: 0 },
            { api_name: 'Phone', index: 1 },
            { api_name: 'Account_Type', default_value: { value: 'Partner' } },
          ],
        },
      ],
    });
    assert.deepEqual([details.resource[0].file.added_count, details.resource[0].file.updated_count], [1, 1]);
    assert.deepEqual(
      result.slice(1).map((row) => row[3]),
      ['UPDATED', 'ADDED'],
    );
    const rows = await ctx.api(zoho, 'GET', '/crm/v8/Accounts?fields=Account_Name,Phone,Account_Type&sort_order=asc');
    const records = rows.body.data as { Account_Name: string; Phone: string | null; Account_Type: string | null }[];
    const byName = Object.fromEntries(records.map((row) => [row.Account_Name, row]));
    assert.equal(byName['Existing Co']?.Phone, '999');
    assert.equal(byName['Existing Co']?.Account_Type, 'Partner');
    assert.equal(byName['New Co']?.Phone, null, 'an empty cell with ignore_empty leaves the field unset');
  });

  test('upload and job errors', async () => {
    const archive = zip('x.csv', 'Last_Name\nA\n');
    assert.equal((await upload(archive, { 'X-CRM-ORG': zgid })).body.details.param_name, 'feature');
    assert.equal((await upload(archive, { feature: 'bulk-write', 'X-CRM-ORG': '1' })).body.details.param_name, 'X-CRM-ORG');
    const invalidFormat = { status: 400, code: 'INVALID_FILE_FORMAT' };
    const notZip = await upload(Buffer.from('Last_Name\nA\n'));
    assert.deepEqual({ status: notZip.status, code: notZip.body.code }, invalidFormat);
    // The first deflate block header set to the reserved block type: no decoder reads it.
    const damaged = zip('x.csv', 'Last_Name\nA\n');
    damaged[30 + 'x.csv'.length] = (damaged[30 + 'x.csv'.length] ?? 0) | 0b110;
    const undecodable = await upload(damaged);
    assert.deepEqual({ status: undecodable.status, code: undecodable.body.code }, invalidFormat);
    const twoFiles = await upload(Buffer.from(zipSync({ 'a.csv': Buffer.from('Last_Name\nA\n'), 'b.csv': Buffer.from('Last_Name\nB\n') })));
    assert.deepEqual({ status: twoFiles.status, code: twoFiles.body.code }, invalidFormat);
    const unclosedQuote = await upload(zip('x.csv', 'Last_Name\n"A\n'));
    assert.deepEqual({ status: unclosedQuote.status, code: unclosedQuote.body.code }, invalidFormat);
    const fileId = (await upload(archive)).body.details.file_id as string;
    const noFindBy = await ctx.api(zoho, 'POST', '/crm/bulk/v8/write', {
      operation: 'update',
      resource: [{ module: { api_name: 'Leads' }, file_id: fileId }],
    });
    assert.deepEqual(noFindBy.body.details, { api_name: 'find_by', json_path: '$.resource[0].find_by' });
    const badFile = await ctx.api(zoho, 'POST', '/crm/bulk/v8/write', {
      operation: 'insert',
      resource: [{ module: { api_name: 'Leads' }, file_id: '123' }],
    });
    assert.equal(badFile.body.details.api_name, 'file_id');
    const badIndex = await ctx.api(zoho, 'POST', '/crm/bulk/v8/write', {
      operation: 'insert',
      resource: [{ module: { api_name: 'Leads' }, file_id: fileId, field_mappings: [{ api_name: 'Last_Name', index: 3 }] }],
    });
    assert.equal(badIndex.body.details.json_path, '$.resource[0].field_mappings[0].index');
    const noFilesScope = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.bulk.ALL']);
    const scoped = await fetch(`${org.apiDomain}/content/crm/v8/upload`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${noFilesScope.accessToken}` },
    });
    assert.equal(((await scoped.json()) as { code: string }).code, 'OAUTH_SCOPE_MISMATCH');
  });
});
