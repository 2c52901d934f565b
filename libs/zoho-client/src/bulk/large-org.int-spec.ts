import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connectSandboxOrg, ZohoSandboxProcess, type ConnectedSandboxOrg, type SandboxOrgHandle } from '@crm-bridge/testing';
import { ZohoPaginationError } from '../errors/zoho-errors';

const RECORDS = 200_000;

// Retained memory is what streaming bounds; garbage waiting for the next GC is not. A forced GC
// before each sample measures the former, so the assertion does not depend on GC timing.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('an org of 200,000 leads', () => {
  let sandbox: ZohoSandboxProcess;
  let org: SandboxOrgHandle;
  let connected: ConnectedSandboxOrg;

  before(async () => {
    sandbox = await ZohoSandboxProcess.start();
    org = await sandbox.createOrg({ location: 'us' });
    connected = await connectSandboxOrg(sandbox, org);
    // A 100-character description makes each CSV row ~150 bytes: a ~30 MB file.
    const padding = 'x'.repeat(100);
    await sandbox.seedRecords(
      org,
      'Leads',
      Array.from({ length: RECORDS }, (_, index) => ({
        Last_Name: `Lead ${index}`,
        Email: `lead${index}@example.com`,
        Description: padding,
      })),
    );
  });
  after(() => sandbox.stop());

  test('bulk read streams 200,000 rows with retained memory far below the file size', async (t) => {
    const baseline = retainedHeap();
    let peak = 0;
    let rows = 0;
    let bytes = 0;
    let last = '';
    for await (const row of connected.zoho.bulk.read(connected.orgRef, {
      module: 'Leads',
      fields: ['Last_Name', 'Email', 'Description'],
      pollIntervalMs: 100,
    })) {
      rows += 1;
      bytes +=
        (row['id'] ?? '').length + (row['Last_Name'] ?? '').length + (row['Email'] ?? '').length + (row['Description'] ?? '').length + 4;
      last = row['Last_Name'] ?? '';
      if (rows % 25_000 === 0) {
        peak = Math.max(peak, retainedHeap() - baseline);
      }
    }
    t.diagnostic(`read ${rows} rows, ${bytes} bytes of CSV; peak retained heap growth ${peak} bytes`);
    assert.equal(rows, RECORDS);
    assert.equal(last, `Lead ${RECORDS - 1}`);
    assert.ok(bytes > 25 * 1024 * 1024, `the CSV holds ${bytes} bytes`);
    // Holding the rows would retain well over the file's size; streaming retains a few buffers.
    assert.ok(peak < bytes / 5, `retained heap grew by ${peak} bytes while reading ${bytes} bytes of CSV`);
  });

  test('COQL pages by OFFSET up to 100,000 rows, then stops with a typed pagination error', async () => {
    let rows = 0;
    await assert.rejects(
      (async () => {
        for await (const page of connected.zoho.coql.pages(connected.orgRef, {
          select: ['Last_Name'],
          from: 'Leads',
          where: { field: 'Last_Name', op: 'is not null' },
        })) {
          rows += page.records.length;
        }
      })(),
      (error: unknown) => {
        assert.ok(error instanceof ZohoPaginationError, String(error));
        assert.equal(error.code, 'PAGINATION_LIMIT_EXCEEDED');
        return true;
      },
    );
    assert.equal(rows, 100_000);
  });

  test('COQL paging by id reads past the 100,000 wall: all 200,000 rows once, 1.5 credits per 1,000', async () => {
    const before = (await sandbox.orgState(org)).credits.used;
    const ids = new Set<string>();
    for await (const page of connected.zoho.coql.pagesById(connected.orgRef, {
      select: ['Last_Name'],
      from: 'Leads',
      where: { field: 'Last_Name', op: 'is not null' },
    })) {
      for (const record of page.records) {
        ids.add(record.id);
      }
    }
    assert.equal(ids.size, RECORDS);
    assert.equal((await sandbox.orgState(org)).credits.used - before, (RECORDS / 2_000) * 3);
  });
});
