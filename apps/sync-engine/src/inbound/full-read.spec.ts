import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fullReadMethod, syncRecordsFromInstant } from './full-read';

test('AUTOMATIC reads COQL pages up to the threshold and Bulk Read above it; forced strategies are kept', () => {
  assert.equal(fullReadMethod('AUTOMATIC', 33_000, 33_000), 'COQL');
  assert.equal(fullReadMethod('AUTOMATIC', 33_001, 33_000), 'BULK_READ');
  assert.equal(fullReadMethod('AUTOMATIC', 0, 33_000), 'COQL');
  assert.equal(fullReadMethod('COQL', 500_000, 33_000), 'COQL');
  assert.equal(fullReadMethod('BULK_READ', 3, 33_000), 'BULK_READ');
  assert.equal(fullReadMethod('REST_LIST', 3, 33_000), 'REST_LIST');
});

test('"sync records from" starts at midnight of its day in the integration time zone', () => {
  assert.equal(syncRecordsFromInstant(null, 'Europe/Berlin'), null);
  assert.equal(new Date(syncRecordsFromInstant('2026-01-15', 'Europe/Berlin') ?? 0).toISOString(), '2026-01-14T23:00:00.000Z');
  assert.equal(new Date(syncRecordsFromInstant('2026-07-15', 'America/Los_Angeles') ?? 0).toISOString(), '2026-07-15T07:00:00.000Z');
});
