/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SandboxTestContext, type TestConnection, type TestOrg } from '../testing/sandbox-test-context';

describe('COQL API', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;
  let zoho: TestConnection;
  const query = (selectQuery: string, version = 'v8') => ctx.api(zoho, 'POST', `/crm/${version}/coql`, { select_query: selectQuery });

  before(async () => {
    ctx = await SandboxTestContext.start();
    org = await ctx.newOrg('jp', { timeZone: 'Asia/Tokyo' });
    zoho = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.coql.READ']);
    const [acme, globex] = await ctx.seed(org, 'Accounts', [{ Account_Name: 'Acme' }, { Account_Name: 'Globex' }]);
    await ctx.seed(org, 'Deals', [
      {
        Deal_Name: 'Alpha',
        Pipeline: 'Standard',
        Stage: 'Qualification',
        Amount: 100,
        Account_Name: { id: acme },
        Closing_Date: '2026-01-10',
      },
      {
        Deal_Name: 'Beta',
        Pipeline: 'Standard',
        Stage: 'Closed Won',
        Amount: 5000,
        Account_Name: { id: globex },
        Closing_Date: '2026-02-10',
      },
      { Deal_Name: 'Gamma', Pipeline: 'Standard', Stage: 'Closed Lost', Amount: 250, Closing_Date: '2026-03-10' },
      { Deal_Name: 'Delta ray', Pipeline: 'Standard', Stage: 'Qualification', Closing_Date: '2026-04-10' },
    ]);
  });
  after(() => ctx.stop());

  test('selects columns plus id, lookups as ids, lookup columns by dot, date-times in the user time zone', async () => {
    const response = await query(
      "select Deal_Name, Account_Name, Account_Name.Account_Name, Modified_Time from Deals where Deal_Name = 'alpha'",
    );
    assert.equal(response.status, 200);
    const [row] = response.body.data;
    assert.deepEqual(Object.keys(row).sort(), ['Account_Name', 'Account_Name.Account_Name', 'Deal_Name', 'Modified_Time', 'id']);
    assert.equal(row['Account_Name.Account_Name'], 'Acme');
    assert.deepEqual(Object.keys(row.Account_Name), ['id']);
    assert.match(row.Modified_Time, /\+09:00$/);
    assert.deepEqual(response.body.info, { count: 1, more_records: false });
  });

  test('where with in, like, between, is null, comparisons on dates; order by, limit and offset', async () => {
    const names = async (text: string): Promise<string[]> => {
      const rows = ((await query(text)).body?.data ?? []) as { Deal_Name: string }[];
      return rows.map((row) => row.Deal_Name);
    };
    assert.deepEqual(await names("select Deal_Name from Deals where Stage in ('Closed Won', 'Closed Lost') order by Amount desc"), [
      'Beta',
      'Gamma',
    ]);
    assert.deepEqual(await names("select Deal_Name from Deals where Deal_Name like '%ray'"), ['Delta ray']);
    assert.deepEqual(await names('select Deal_Name from Deals where Amount between 100 and 300 order by Amount'), ['Alpha', 'Gamma']);
    assert.deepEqual(await names('select Deal_Name from Deals where Amount is null'), ['Delta ray']);
    assert.deepEqual(await names("select Deal_Name from Deals where (Closing_Date >= '2026-02-01' and Stage != 'Closed Lost')"), [
      'Beta',
      'Delta ray',
    ]);
    assert.deepEqual(
      await names("select Deal_Name from Deals where Created_Time >= '2000-01-01T00:00:00+05:30' order by Deal_Name limit 1, 2"),
      ['Beta', 'Delta ray'],
    );
    const paged = await query("select Deal_Name from Deals where Stage != 'x' limit 2");
    assert.deepEqual(paged.body.info, { count: 2, more_records: true });
    assert.equal((await query("select Deal_Name from Deals where Deal_Name = 'nothing'")).status, 204);
  });

  test('errors: unknown column, wrong operator for the type, bad values, limits by version, scope', async () => {
    const unknown = await query("select Nope from Deals where Deal_Name = 'a'");
    assert.deepEqual(unknown.body, {
      code: 'INVALID_QUERY',
      details: { column_name: 'Nope' },
      message: 'column given seems to be invalid',
      status: 'error',
    });
    const operator = await query("select id from Deals where Deal_Name > 'a'");
    assert.equal(operator.body.code, 'INVALID_QUERY');
    assert.equal(operator.body.details.operator, '>');
    const value = await query("select id from Deals where Modified_Time > '2024-01-01'");
    assert.equal(value.body.message, 'value given seems to be invalid for the column');
    const syntax = await query('select id from Deals');
    assert.deepEqual({ status: syntax.status, code: syntax.body.code }, { status: 400, code: 'SYNTAX_ERROR' });
    assert.equal((await query("select id from Deals where Stage = 'a' limit 2001")).body.details.limit, 2000);
    assert.equal((await query("select id from Deals where Stage = 'a' limit 201", 'v6')).body.details.limit, 200);
    assert.deepEqual((await query("select id from Deals where Stage = 'a' limit 2000 offset 98001")).body.details, {
      by: 'offset',
      limit: 100000,
    });
    assert.equal((await query("select id from Widgets where Stage = 'a'")).body.code, 'INVALID_QUERY');
    assert.equal((await ctx.api(zoho, 'POST', '/crm/v8/coql', {})).body.code, 'MANDATORY_NOT_FOUND');
    const noCoqlScope = await ctx.connect(org, ['ZohoCRM.modules.ALL']);
    assert.equal(
      (await ctx.api(noCoqlScope, 'POST', '/crm/v8/coql', { select_query: "select id from Deals where Stage = 'a'" })).body.code,
      'OAUTH_SCOPE_MISMATCH',
    );
  });
});
