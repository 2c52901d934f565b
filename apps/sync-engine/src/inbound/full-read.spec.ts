import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countByProbes, fullReadMethod, syncRecordsFromInstant } from './full-read';

test('AUTOMATIC reads COQL pages up to the threshold and Bulk Read above it; forced strategies are kept', () => {
  assert.equal(fullReadMethod('AUTOMATIC', 33_000, 33_000), 'COQL');
  assert.equal(fullReadMethod('AUTOMATIC', 33_001, 33_000), 'BULK_READ');
  assert.equal(fullReadMethod('AUTOMATIC', null, 33_000), 'COQL');
  assert.equal(fullReadMethod('COQL', 500_000, 33_000), 'COQL');
  assert.equal(fullReadMethod('BULK_READ', 3, 33_000), 'BULK_READ');
  assert.equal(fullReadMethod('REST_LIST', 3, 33_000), 'REST_LIST');
});

test('probes count exactly, in about 2·log₂(n) calls, and stop at the reach', async () => {
  for (const total of [0, 1, 2, 7, 1_000, 33_001, 99_999]) {
    const probed: number[] = [];
    const result = await countByProbes((offset) => {
      probed.push(offset);
      return Promise.resolve(offset < total);
    }, 100_000);
    assert.deepEqual(result, { count: total, atLeast: false }, `${total} records`);
    assert.ok(probed.length <= 2 * Math.log2(total + 2) + 3, `${total} records took ${probed.length} probes`);
  }
  const beyond = await countByProbes((offset) => Promise.resolve(offset < 250_000), 100_000);
  assert.deepEqual(beyond, { count: 100_000, atLeast: true });
});

test('"sync records from" starts at midnight of its day in the integration time zone', () => {
  assert.equal(syncRecordsFromInstant(null, 'Europe/Berlin'), null);
  assert.equal(new Date(syncRecordsFromInstant('2026-01-15', 'Europe/Berlin') ?? 0).toISOString(), '2026-01-14T23:00:00.000Z');
  assert.equal(new Date(syncRecordsFromInstant('2026-07-15', 'America/Los_Angeles') ?? 0).toISOString(), '2026-07-15T07:00:00.000Z');
});
