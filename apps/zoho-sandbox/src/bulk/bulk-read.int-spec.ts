/* eslint-disable @typescript-eslint/no-unsafe-assignment -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { eventually } from '@crm-bridge/testing';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { ModuleDefinition } from '../metadata/metadata.model';
import { SandboxTestContext, type TestConnection, type TestOrg } from '../testing/sandbox-test-context';

describe('bulk read API', () => {
  let ctx: SandboxTestContext;
  let org: TestOrg;
  let zoho: TestConnection;
  let callbackServer: Server;
  let callbackUrl: string;
  const callbacks: Record<string, unknown>[] = [];

  before(async () => {
    callbackServer = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        callbacks.push(JSON.parse(text) as Record<string, unknown>);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/bulk`;
    ctx = await SandboxTestContext.start();
    org = await ctx.newOrg('us', { timeZone: 'UTC' });
    zoho = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.bulk.read']);
  });
  after(async () => {
    await ctx.stop();
    await new Promise<void>((resolve) => callbackServer.close(() => resolve()));
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- contract tests read Zoho's untyped job details
  async function runJob(body: Record<string, unknown>): Promise<{ id: string; rows: string[][]; details: Record<string, any> }> {
    const created = await ctx.api(zoho, 'POST', '/crm/bulk/v8/read', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.data[0].details.id as string;
    const details = await eventually(async () => {
      const status = await ctx.api(zoho, 'GET', `/crm/bulk/v8/read/${id}`);
      assert.equal(status.body.data[0].state, 'COMPLETED');
      return status.body.data[0] as Record<string, unknown>;
    });
    const download = await fetch(`${org.apiDomain}/crm/bulk/v8/read/${id}/result`, {
      headers: { authorization: `Zoho-oauthtoken ${zoho.accessToken}` },
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/zip');
    const entries = unzipSync(new Uint8Array(await download.arrayBuffer()));
    assert.deepEqual(Object.keys(entries), [`${id}.csv`]);
    return { id, rows: parseCsv(Buffer.from(entries[`${id}.csv`] ?? []).toString('utf8')), details };
  }

  test('a job goes ADDED → COMPLETED; the zip holds {job_id}.csv with id first; criteria filter; callback is POSTed', async () => {
    await ctx.seed(org, 'Deals', [
      { Deal_Name: 'Bulk one, quoted "x"', Pipeline: 'Standard', Stage: 'Qualification', Amount: 10 },
      { Deal_Name: 'Bulk two', Pipeline: 'Standard', Stage: 'Closed Won', Amount: 20 },
      { Deal_Name: 'Bulk three', Pipeline: 'Standard', Stage: 'Closed Lost', Amount: 30 },
    ]);
    const created = await ctx.api(zoho, 'POST', '/crm/bulk/v8/read', { query: { module: { api_name: 'Deals' } } });
    assert.deepEqual(
      {
        status: created.body.data[0].status,
        code: created.body.data[0].code,
        message: created.body.data[0].message,
        state: created.body.data[0].details.state,
      },
      { status: 'success', code: 'ADDED_SUCCESSFULLY', message: 'Added successfully.', state: 'ADDED' },
    );
    const { id, rows, details } = await runJob({
      callback: { url: callbackUrl, method: 'post' },
      query: {
        module: { api_name: 'Deals' },
        fields: ['Deal_Name', 'Amount', 'Modified_Time'],
        criteria: {
          group_operator: 'and',
          group: [
            { field: { api_name: 'Amount' }, comparator: 'greater_equal', value: 20 },
            { field: { api_name: 'Stage' }, comparator: 'in', value: ['Closed Won', 'Closed Lost', 'Qualification'] },
          ],
        },
      },
    });
    assert.deepEqual(rows[0], ['id', 'Deal_Name', 'Amount', 'Modified_Time']);
    assert.deepEqual(
      rows.slice(1).map((row) => [row[1], row[2]]),
      [
        ['Bulk two', '20'],
        ['Bulk three', '30'],
      ],
    );
    assert.match(rows[1]?.[3] ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    assert.deepEqual(details.result, {
      page: 1,
      per_page: 200000,
      count: 2,
      download_url: `/crm/bulk/v8/read/${id}/result`,
      more_records: false,
    });
    await eventually(() => assert.ok(callbacks.some((callback) => callback['id'] === id && callback['state'] === 'COMPLETED')));

    const all = await runJob({ query: { module: { api_name: 'Deals' }, fields: ['Deal_Name'] } });
    assert.deepEqual(
      all.rows.slice(1).map((row) => row[1]),
      ['Bulk one, quoted "x"', 'Bulk two', 'Bulk three'],
    );
  });

  test('validation errors, scope, and the download limit of 10 per minute', async () => {
    assert.equal((await ctx.api(zoho, 'POST', '/crm/bulk/v8/read', {})).body.code, 'MANDATORY_NOT_FOUND');
    assert.equal(
      (await ctx.api(zoho, 'POST', '/crm/bulk/v8/read', { query: { module: { api_name: 'Widgets' } } })).body.details.api_name,
      'module',
    );
    const badComparator = await ctx.api(zoho, 'POST', '/crm/bulk/v8/read', {
      query: { module: { api_name: 'Deals' }, criteria: { field: { api_name: 'Amount' }, comparator: 'roughly', value: 1 } },
    });
    assert.deepEqual(badComparator.body.details, { api_name: 'criteria', json_path: '$.query.criteria.comparator' });
    const badField = await ctx.api(zoho, 'POST', '/crm/bulk/v8/read', { query: { module: { api_name: 'Deals' }, fields: ['Nope'] } });
    assert.equal(badField.body.details.api_name, 'Nope');
    const noBulkScope = await ctx.connect(org, ['ZohoCRM.modules.ALL']);
    assert.equal(
      (await ctx.api(noBulkScope, 'POST', '/crm/bulk/v8/read', { query: { module: { api_name: 'Deals' } } })).body.code,
      'OAUTH_SCOPE_MISMATCH',
    );

    // A fresh minute: the job's own download is the first of ten.
    await ctx.admin('POST', '/clock/advance', { seconds: 61 });
    zoho = await ctx.connect(org, ['ZohoCRM.modules.ALL', 'ZohoCRM.bulk.read']);
    const { id } = await runJob({ query: { module: { api_name: 'Deals' }, fields: ['Deal_Name'] } });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      statuses.push((await ctx.api(zoho, 'GET', `/crm/bulk/v8/read/${id}/result`)).status);
    }
    assert.deepEqual(statuses, [...Array.from({ length: 9 }, () => 200), 429]);
    await ctx.admin('POST', '/clock/advance', { seconds: 61 });
    assert.equal((await ctx.api(zoho, 'GET', `/crm/bulk/v8/read/${id}/result`)).status, 200);
  });

  test('reads 200,000 records in one job within 1 GiB of memory', async () => {
    const sandboxOrg = ctx.sandbox.context.orgs.find(org.id)!;
    const leads = sandboxOrg.catalog.find('Leads') as ModuleDefinition;
    const writer = ctx.sandbox.context.recordWriter(sandboxOrg);
    for (let start = 0; start < 200_000; start += 100) {
      const batch = Array.from({ length: 100 }, (_, index) => ({
        Last_Name: `Lead ${start + index}`,
        Email: `lead${start + index}@example.com`,
      }));
      writer.insert(leads, batch, sandboxOrg.primaryUser);
      // Seeding takes seconds; blocking the loop throughout lets the server's keep-alive timer and
      // the client's idle-socket timer fire together afterwards, and the next request can go out
      // on a socket the server is closing (ECONNRESET). Yielding lets the client retire it first.
      if (start % 10_000 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const { rows, details } = await runJob({ query: { module: { api_name: 'Leads' }, fields: ['Last_Name', 'Email'] } });
    assert.equal(rows.length, 200_001);
    assert.equal(details.result.count, 200_000);
    assert.deepEqual(rows[200_000]?.slice(1), ['Lead 199999', 'lead199999@example.com']);
    assert.ok(process.memoryUsage().rss < 1024 ** 3, `rss ${process.memoryUsage().rss}`);
  });
});
