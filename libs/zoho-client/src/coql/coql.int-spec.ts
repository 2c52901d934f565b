import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectSandboxOrg, ZohoSandboxProcess, type ConnectedSandboxOrg, type SandboxOrgHandle } from '@crm-bridge/testing';
import { ZohoQueryError } from '../errors/zoho-errors';
import { coql } from './coql-query';

/** Values a user might type to break out of a literal, with the one record each must match. */
const HOSTILE_NAMES = [
  "O'Brien",
  "' or Last_Name is not null or Last_Name = '",
  "x') or (Last_Name is not null",
  "a' limit 2000 offset 0 --",
  "\\' or 1=1 --",
  '%',
  "''",
];

describe('COQL against the sandbox', () => {
  let sandbox: ZohoSandboxProcess;
  let org: SandboxOrgHandle;
  let connected: ConnectedSandboxOrg;

  before(async () => {
    sandbox = await ZohoSandboxProcess.start();
    org = await sandbox.createOrg({ location: 'us' });
    connected = await connectSandboxOrg(sandbox, org);
    await sandbox.seedRecords(org, 'Leads', [
      ...HOSTILE_NAMES.map((name) => ({ Last_Name: name, Company: 'hostile' })),
      ...Array.from({ length: 4_493 }, (_, index) => ({ Last_Name: `Plain ${index}`, Company: 'plain' })),
    ]);
  });
  after(() => sandbox.stop());

  test('user values cannot inject: each hostile name matches exactly its own record', async () => {
    for (const name of HOSTILE_NAMES) {
      const rows: unknown[] = [];
      for await (const row of connected.zoho.coql.select(connected.orgRef, {
        select: ['Last_Name'],
        from: 'Leads',
        where: { field: 'Last_Name', op: '=', value: name },
      })) {
        rows.push(row['Last_Name']);
      }
      assert.deepEqual(rows, [name], `query for ${JSON.stringify(name)}`);
    }
  });

  test('the coql tag escapes interpolations the same way', async () => {
    const hostile = "' or Last_Name is not null or Last_Name = '";
    const { records } = await connected.zoho.coql.query(
      connected.orgRef,
      coql`select Last_Name from Leads where Last_Name = ${hostile} limit 10`,
      10,
    );
    assert.deepEqual(
      records.map((record) => record['Last_Name']),
      [hostile],
    );
  });

  test('pages of 2,000 by OFFSET read every row once at 3 credits a page', async () => {
    const before = (await sandbox.orgState(org)).credits.used;
    const ids = new Set<string>();
    let pages = 0;
    for await (const page of connected.zoho.coql.pages(connected.orgRef, {
      select: ['Last_Name', 'Company'],
      from: 'Leads',
      where: {
        or: [
          { field: 'Company', op: '=', value: 'plain' },
          { field: 'Company', op: '=', value: 'hostile' },
        ],
      },
      orderBy: [{ field: 'id', direction: 'asc' }],
    })) {
      pages += 1;
      for (const record of page.records) {
        ids.add(record.id);
      }
    }
    assert.equal(ids.size, 4_500);
    assert.equal(pages, 3);
    assert.equal((await sandbox.orgState(org)).credits.used - before, 9);
  });

  test('a query Zoho cannot parse is a typed query error', async () => {
    await assert.rejects(connected.zoho.coql.query(connected.orgRef, 'select from where', 10), (error: unknown) => {
      assert.ok(error instanceof ZohoQueryError, String(error));
      assert.equal(error.code, 'SYNTAX_ERROR');
      return true;
    });
  });
});
