import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { connectSandboxOrg, ZohoSandboxProcess, type ConnectedSandboxOrg, type SandboxOrgHandle } from '@crm-bridge/testing';
import { ZohoArgumentError, ZohoConflictError, ZohoError, ZohoValidationError } from '../errors/zoho-errors';
import { formatZohoDateTime, parseZohoDateTime } from '../time/zoho-time';
import type { ZohoWriteOutcome } from './zoho-records-client';

function successes(outcomes: ZohoWriteOutcome[]): Extract<ZohoWriteOutcome, { status: 'success' }>[] {
  return outcomes.filter((outcome): outcome is Extract<ZohoWriteOutcome, { status: 'success' }> => outcome.status === 'success');
}

describe('records against the sandbox', () => {
  let sandbox: ZohoSandboxProcess;
  let org: SandboxOrgHandle;
  let connected: ConnectedSandboxOrg;
  const registry = new Registry();

  before(async () => {
    sandbox = await ZohoSandboxProcess.start();
    org = await sandbox.createOrg({ location: 'us', timeZone: 'Asia/Kolkata' });
    connected = await connectSandboxOrg(sandbox, org, { timeZone: 'Asia/Kolkata', metricsRegistry: registry });
  });
  after(() => sandbox.stop());

  test('list walks `page` to 2,000 records, then `page_token`, and yields every record once', async () => {
    await sandbox.seedRecords(
      org,
      'Leads',
      Array.from({ length: 2_450 }, (_, index) => ({ Last_Name: `Lead ${index}`, Email: `lead${index}@example.com` })),
    );
    const seen = new Set<string>();
    const pages: number[] = [];
    for await (const page of connected.zoho.records.listPages(connected.orgRef, 'Leads', {
      fields: ['Last_Name', 'Email'],
      sortOrder: 'asc',
    })) {
      pages.push(page.records.length);
      for (const record of page.records) {
        seen.add(record.id);
      }
    }
    assert.equal(seen.size, 2_450);
    // Converted leads are excluded unless asked for; the sandbox validates the parameter as Zoho does.
    const first = await connected.zoho.records
      .listPages(connected.orgRef, 'Leads', { fields: ['Last_Name'], converted: 'both', perPage: 10 })
      .next();
    assert.equal(first.value?.records.length, 10);
    // Ten pages by number reach exactly 2,000; pages 11–13 could only come by token (Zoho refuses page 11).
    assert.deepEqual(pages, [...Array.from({ length: 12 }, () => 200), 50]);
  });

  test('more than 50 fields are read in chunks of 50 and merged by id', async () => {
    const extra = Array.from({ length: 60 }, (_, index) => `Extra_${String(index).padStart(2, '0')}`);
    for (const apiName of extra) {
      await sandbox.addField(org, 'Contacts', { apiName, dataType: 'text' });
    }
    await sandbox.seedRecords(
      org,
      'Contacts',
      Array.from({ length: 230 }, (_, row) => ({
        Last_Name: `Contact ${row}`,
        ...Object.fromEntries(extra.map((field, column) => [field, `r${row}c${column}`])),
      })),
    );
    const fields = ['Last_Name', ...extra];
    let count = 0;
    for await (const contact of connected.zoho.records.list(connected.orgRef, 'Contacts', { fields })) {
      count += 1;
      const row = /^Contact (\d+)$/.exec(String(contact['Last_Name']))?.[1];
      assert.ok(row !== undefined, `unexpected contact ${JSON.stringify(contact['Last_Name'])}`);
      for (const [column, field] of extra.entries()) {
        assert.equal(contact[field], `r${row}c${column}`, `${field} of contact ${row}`);
      }
    }
    assert.equal(count, 230);
  });

  test('get returns the record, or null when Zoho has none; ids are validated before calling', async () => {
    const [outcome] = await connected.zoho.records.insert(connected.orgRef, 'Accounts', [{ Account_Name: 'Acme (Holdings), Ltd' }]);
    assert.equal(outcome?.status, 'success');
    const id = (outcome as { id: string }).id;
    const account = await connected.zoho.records.get(connected.orgRef, 'Accounts', id);
    assert.equal(account?.['Account_Name'], 'Acme (Holdings), Ltd');
    assert.equal(await connected.zoho.records.get(connected.orgRef, 'Accounts', '1234567890123456789'), null);
    await assert.rejects(connected.zoho.records.get(connected.orgRef, 'Accounts', '1 or 1=1'), (error: unknown) => {
      assert.ok(error instanceof ZohoArgumentError);
      assert.equal(error.field, 'id');
      return true;
    });
  });

  test('list with ids reads exactly those records in one call (unknown ids are left out); ids are validated before calling', async () => {
    const outcomes = await connected.zoho.records.insert(connected.orgRef, 'Accounts', [
      { Account_Name: 'Ids One' },
      { Account_Name: 'Ids Two' },
      { Account_Name: 'Ids Three' },
    ]);
    const ids = outcomes.map((outcome) => (outcome as { id: string }).id);
    const read: string[] = [];
    for await (const account of connected.zoho.records.list(connected.orgRef, 'Accounts', {
      fields: ['Account_Name'],
      ids: [ids[0] as string, ids[2] as string, '1234567890123456789'],
    })) {
      read.push(String(account['Account_Name']));
    }
    assert.deepEqual(read.sort(), ['Ids One', 'Ids Three']);
    await assert.rejects(
      connected.zoho.records.list(connected.orgRef, 'Accounts', { fields: ['Account_Name'], ids: ['1) or (1'] }).next(),
      (error: unknown) => error instanceof ZohoArgumentError && error.field === 'ids[0]',
    );
  });

  test('insert of 250 records goes in batches of ≤ 100 with one outcome per record; partial failures (207) name code and field', async () => {
    const records = Array.from({ length: 250 }, (_, index) =>
      // Every 50th lead lacks the mandatory Last_Name.
      index % 50 === 7 ? { First_Name: `Nameless ${index}` } : { Last_Name: `Batch ${index}`, Email: `batch${index}@example.com` },
    );
    const outcomes = await connected.zoho.records.insert(connected.orgRef, 'Leads', records, { triggers: [] });
    assert.equal(outcomes.length, 250);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.index),
      records.map((_, index) => index),
    );
    const failed = outcomes.filter((outcome) => outcome.status === 'error');
    assert.deepEqual(
      failed.map((outcome) => outcome.index),
      [7, 57, 107, 157, 207],
    );
    for (const failure of failed) {
      if (failure.status !== 'error') {
        continue;
      }
      assert.ok(failure.error instanceof ZohoValidationError);
      assert.equal(failure.error.code, 'MANDATORY_NOT_FOUND');
      assert.equal(failure.error.field, 'Last_Name');
    }
    const stored = await connected.zoho.records.get(connected.orgRef, 'Leads', successes(outcomes)[0]?.id ?? '');
    assert.equal(stored?.['Last_Name'], 'Batch 0');
  });

  test('an all-failed batch (HTTP 400) is still per-record outcomes, not a thrown error', async () => {
    const outcomes = await connected.zoho.records.insert(connected.orgRef, 'Leads', [{ First_Name: 'a' }, { First_Name: 'b' }]);
    assert.deepEqual(
      outcomes.map((outcome) => (outcome.status === 'error' ? outcome.error.code : outcome.status)),
      ['MANDATORY_NOT_FOUND', 'MANDATORY_NOT_FOUND'],
    );
  });

  test('upsert with duplicate_check_fields inserts then updates, reporting action and matched field', async () => {
    const first = await connected.zoho.records.upsert(
      connected.orgRef,
      'Leads',
      [{ Last_Name: 'Upsert', Email: 'upsert@example.com', Company: 'One' }],
      {
        duplicateCheckFields: ['Email'],
      },
    );
    assert.equal(first[0]?.status, 'success');
    assert.equal((first[0] as { action: string }).action, 'insert');
    const second = await connected.zoho.records.upsert(
      connected.orgRef,
      'Leads',
      [{ Last_Name: 'Upsert', Email: 'upsert@example.com', Company: 'Two' }],
      {
        duplicateCheckFields: ['Email'],
      },
    );
    assert.deepEqual(
      {
        action: (second[0] as { action: string }).action,
        field: (second[0] as { duplicateField: string }).duplicateField,
        id: (second[0] as { id: string }).id,
      },
      { action: 'update', field: 'Email', id: (first[0] as { id: string }).id },
    );
    assert.equal((await connected.zoho.records.get(connected.orgRef, 'Leads', (first[0] as { id: string }).id))?.['Company'], 'Two');
  });

  test('upsert by external id (X-EXTERNAL)', async () => {
    await sandbox.addField(org, 'Accounts', { apiName: 'Portal_Account_Id', dataType: 'text', unique: true, external: true });
    const insert = await connected.zoho.records.upsert(
      connected.orgRef,
      'Accounts',
      [{ Account_Name: 'External One', Portal_Account_Id: 'P-1' }],
      {
        externalIdField: 'Portal_Account_Id',
      },
    );
    const update = await connected.zoho.records.upsert(
      connected.orgRef,
      'Accounts',
      [{ Account_Name: 'External Renamed', Portal_Account_Id: 'P-1' }],
      {
        externalIdField: 'Portal_Account_Id',
      },
    );
    assert.equal((insert[0] as { action: string }).action, 'insert');
    assert.equal((update[0] as { action: string }).action, 'update');
    assert.equal((update[0] as { id: string }).id, (insert[0] as { id: string }).id);
  });

  test('update by id; a stale If-Unmodified-Since style conflict maps to a conflict error class', async () => {
    const [created] = await connected.zoho.records.insert(connected.orgRef, 'Leads', [{ Last_Name: 'Before' }]);
    const id = (created as { id: string }).id;
    const [updated] = await connected.zoho.records.update(connected.orgRef, 'Leads', [{ id, Last_Name: 'After' }]);
    assert.equal(updated?.status, 'success');
    assert.equal((await connected.zoho.records.get(connected.orgRef, 'Leads', id))?.['Last_Name'], 'After');
    const [duplicate] = await connected.zoho.records.insert(connected.orgRef, 'Accounts', [
      { Account_Name: 'External Renamed', Portal_Account_Id: 'P-1' },
    ]);
    assert.equal(duplicate?.status, 'error');
    assert.ok(duplicate?.status === 'error' && duplicate.error instanceof ZohoConflictError);
    assert.equal(duplicate.error.code, 'DUPLICATE_DATA');
  });

  test('If-Modified-Since reads only records modified after the instant; nothing newer ends the iteration (304)', async () => {
    const [older, newer] = await connected.zoho.records.insert(connected.orgRef, 'Contacts', [
      { Last_Name: 'Older' },
      { Last_Name: 'Newer' },
    ]);
    assert.equal(older?.status, 'success', JSON.stringify(older));
    await sandbox.advanceClock(120);
    await connected.zoho.records.update(connected.orgRef, 'Contacts', [{ id: (newer as { id: string }).id, First_Name: 'Touched' }]);
    const touched = await connected.zoho.records.get(connected.orgRef, 'Contacts', (newer as { id: string }).id);
    // Rendered in the org's zone (+05:30); compared as an instant.
    const modifiedTime = String(touched?.['Modified_Time']);
    assert.match(modifiedTime, /\+05:30$/);
    const since = parseZohoDateTime(modifiedTime).epochMs - 60_000;
    const names: unknown[] = [];
    for await (const contact of connected.zoho.records.list(connected.orgRef, 'Contacts', {
      fields: ['Last_Name'],
      modifiedSince: since,
    })) {
      names.push(contact['Last_Name']);
    }
    assert.deepEqual(names, ['Newer']);
    const none: unknown[] = [];
    for await (const contact of connected.zoho.records.list(connected.orgRef, 'Contacts', {
      fields: ['Last_Name'],
      modifiedSince: since + 3_600_000,
    })) {
      none.push(contact);
    }
    assert.deepEqual(none, []);
  });

  test('delete in batches; deleted records list them with who and when', async () => {
    const created = successes(
      await connected.zoho.records.insert(
        connected.orgRef,
        'Leads',
        Array.from({ length: 120 }, (_, index) => ({ Last_Name: `Doomed ${index}` })),
      ),
    );
    const ids = created.map((outcome) => outcome.id);
    const deleted = await connected.zoho.records.delete(connected.orgRef, 'Leads', [...ids, '1234567890123456789'], { triggers: [] });
    assert.equal(deleted.length, 121);
    assert.equal(deleted.filter((outcome) => outcome.status === 'success').length, 120);
    assert.equal(deleted[120]?.status, 'error');
    const listed = new Set<string>();
    for await (const entry of connected.zoho.records.deleted(connected.orgRef, 'Leads', { type: 'recycle' })) {
      listed.add(entry.id);
      assert.equal(entry.type, 'recycle');
      assert.ok(Number.isFinite(parseZohoDateTime(entry.deletedTime).epochMs));
    }
    for (const id of ids) {
      assert.ok(listed.has(id), `deleted lead ${id} listed`);
    }
  });

  test('search escapes ( ) and , in values and finds the record', async () => {
    const found: unknown[] = [];
    for await (const account of connected.zoho.records.search(connected.orgRef, 'Accounts', {
      criteria: [{ field: 'Account_Name', operator: 'equals', value: 'Acme (Holdings), Ltd' }],
    })) {
      found.push(account['Account_Name']);
    }
    assert.deepEqual(found, ['Acme (Holdings), Ltd']);
    const byEmail: unknown[] = [];
    for await (const lead of connected.zoho.records.search(connected.orgRef, 'Leads', { email: 'upsert@example.com' })) {
      byEmail.push(lead['Company']);
    }
    assert.deepEqual(byEmail, ['Two']);
  });

  test('count is one call for 1 credit: every record of a module, or those modified from an instant by criteria', async () => {
    const listed: string[] = [];
    for await (const contact of connected.zoho.records.list(connected.orgRef, 'Contacts', { fields: ['Last_Name'] })) {
      listed.push(contact.id);
    }
    const { now } = (await sandbox.advanceClock(3_600)) as { now: string };
    await sandbox.seedRecords(org, 'Contacts', [{ Last_Name: 'Counted 1' }, { Last_Name: 'Counted 2' }, { Last_Name: 'Counted 3' }]);
    const usedBefore = (await sandbox.orgState(org)).credits.used;
    const fromNow = await connected.zoho.records.count(connected.orgRef, 'Contacts', {
      criteria: [{ field: 'Modified_Time', operator: 'greater_equal', value: formatZohoDateTime(Date.parse(now), 'Asia/Kolkata') }],
    });
    assert.equal(fromNow, 3);
    assert.equal(await connected.zoho.records.count(connected.orgRef, 'Contacts'), listed.length + 3);
    assert.equal(await connected.zoho.records.count(connected.orgRef, 'Contacts', { word: 'nobody-has-this' }), 0);
    assert.equal((await sandbox.orgState(org)).credits.used - usedBefore, 3);
    assert.match(await registry.metrics(), /crm_bridge_zoho_api_credits_total\{operation="records.count"\} 3\b/);
    await assert.rejects(
      connected.zoho.records.count(connected.orgRef, 'Contacts', { criteria: [{ field: 'Nope', operator: 'equals', value: 'x' }] }),
      (error: unknown) => error instanceof ZohoError && error.code === 'INVALID_QUERY',
    );
  });

  test('metrics count calls, credits and latency per operation', async () => {
    const text = await registry.metrics();
    assert.match(text, /crm_bridge_zoho_api_calls_total\{operation="records.list",outcome="ok"\} \d+/);
    assert.match(text, /crm_bridge_zoho_api_credits_total\{operation="records.insert"\} \d+/);
    assert.match(text, /crm_bridge_zoho_api_call_duration_seconds_count\{operation="records.get"\} \d+/);
  });
});
