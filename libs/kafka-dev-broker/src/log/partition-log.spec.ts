import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeUncompressedRecords, hasValidCrc, readRecordBatchHeader } from '../protocol/record-batch';
import { buildRecordBatch, type TestRecord } from '../testing/record-batch-builder';
import { PartitionLog } from './partition-log';
import { resolveRetentionPolicy, type RetentionPolicy } from './retention-policy';

function memoryLog(policy: RetentionPolicy = {}, now: () => number = Date.now): PartitionLog {
  return PartitionLog.create({ topic: 'orders', partition: 0, retention: resolveRetentionPolicy(policy), now });
}

function values(batches: readonly Buffer[]): string[] {
  return batches.flatMap((batch) =>
    decodeUncompressedRecords(batch).map((record) => `${record.offset}:${record.value?.toString() ?? 'null'}`),
  );
}

const records = (...items: string[]): TestRecord[] => items.map((value) => ({ value }));

describe('PartitionLog (in memory)', () => {
  test('assigns consecutive offsets across batches and keeps each batch CRC-valid', () => {
    const log = memoryLog();
    assert.equal(log.append([buildRecordBatch(records('a', 'b', 'c'))]).baseOffset, 0);
    assert.equal(log.append([buildRecordBatch(records('d'))]).baseOffset, 3);
    assert.equal(log.logEndOffset, 4);
    const stored = log.read(0, 1 << 20);
    assert.deepEqual(values(stored), ['0:a', '1:b', '2:c', '3:d']);
    assert.ok(stored.every(hasValidCrc));
  });

  test('reads from the batch containing the fetch offset', () => {
    const log = memoryLog();
    log.append([buildRecordBatch(records('a', 'b'))]);
    log.append([buildRecordBatch(records('c', 'd'))]);
    log.append([buildRecordBatch(records('e'))]);
    assert.deepEqual(values(log.read(3, 1 << 20)), ['2:c', '3:d', '4:e']);
    assert.deepEqual(log.read(5, 1 << 20), []);
  });

  test('respects maxBytes with whole batches but always returns the first one (KIP-74)', () => {
    const log = memoryLog();
    const big = buildRecordBatch(records('x'.repeat(500)));
    log.append([big]);
    log.append([buildRecordBatch(records('small'))]);
    assert.equal(log.read(0, 10).length, 1, 'an oversized first batch is still returned');
    assert.equal(log.read(0, big.length + 10).length, 1, 'the second batch does not fit');
    assert.equal(log.read(0, 1 << 20).length, 2);
  });

  test('size retention deletes whole old segments and moves the log start offset', () => {
    const batch = buildRecordBatch(records('0123456789'));
    const log = memoryLog({ segmentBytes: batch.length * 2, maxBytesPerPartition: batch.length * 4 });
    for (let index = 0; index < 10; index += 1) {
      log.append([buildRecordBatch(records(`m${index}`))]);
    }
    assert.equal(log.logEndOffset, 10);
    assert.ok(log.logStartOffset > 0, `log start moved, got ${log.logStartOffset}`);
    assert.ok(log.sizeBytes >= batch.length * 4 - batch.length, 'keeps at least the retention limit minus a segment');
    assert.ok(log.sizeBytes <= batch.length * 6, `stays under limit plus one segment, got ${log.sizeBytes}`);
    assert.equal(values(log.read(log.logStartOffset, 1 << 20))[0]?.split(':')[0], String(log.logStartOffset));
  });

  test('age retention deletes expired segments, including the active one once everything expired', () => {
    let now = 1_000_000;
    const log = memoryLog({ maxAgeMs: 1000, segmentBytes: 1 }, () => now);
    log.append([buildRecordBatch(records('old'), { baseTimestamp: now })]);
    now += 600;
    log.append([buildRecordBatch(records('newer'), { baseTimestamp: now })]);
    now += 500; // first record is 1100 ms old, second 500 ms
    assert.equal(log.enforceRetention(), 1);
    assert.deepEqual([log.logStartOffset, log.logEndOffset], [1, 2]);
    now += 600;
    log.enforceRetention();
    assert.deepEqual([log.logStartOffset, log.logEndOffset], [2, 2], 'empty log keeps its end offset');
    assert.equal(log.append([buildRecordBatch(records('after'), { baseTimestamp: now })]).baseOffset, 2);
  });

  test('a retried idempotent batch is stored once and answered with its original offset', () => {
    const log = memoryLog();
    const batch = buildRecordBatch(records('a', 'b'), { producerId: 7, producerEpoch: 0, baseSequence: 0 });
    assert.deepEqual(log.append([batch]), { baseOffset: 0, duplicate: false });
    assert.deepEqual(log.append([batch]), { baseOffset: 0, duplicate: true });
    const next = buildRecordBatch(records('c'), { producerId: 7, producerEpoch: 0, baseSequence: 2 });
    assert.deepEqual(log.append([next]), { baseOffset: 2, duplicate: false });
    assert.equal(log.logEndOffset, 3);
    assert.equal(log.largestProducerId, 7);
  });

  test('finds the first offset at or after a timestamp', () => {
    const log = memoryLog();
    log.append([
      buildRecordBatch(
        [
          { value: 'a', timestamp: 100 },
          { value: 'b', timestamp: 200 },
        ],
        { baseTimestamp: 100 },
      ),
    ]);
    log.append([buildRecordBatch([{ value: 'c', timestamp: 300 }], { baseTimestamp: 300 })]);
    assert.deepEqual(log.offsetForTimestamp(150), { offset: 1, timestamp: 200 });
    assert.deepEqual(log.offsetForTimestamp(300), { offset: 2, timestamp: 300 });
    assert.equal(log.offsetForTimestamp(301), null);
  });

  test('a batch with unparseable records is answered by its base offset, not an exception', () => {
    const log = memoryLog();
    log.append([buildRecordBatch([{ value: 'ok', timestamp: 100 }], { baseTimestamp: 100 })]);
    const garbled = buildRecordBatch([{ value: 'abc', timestamp: 200 }], { baseTimestamp: 200 });
    garbled.writeUInt8(0x7f, 61); // first record's length varint now points past the batch
    log.append([garbled]);
    assert.deepEqual(log.offsetForTimestamp(150), { offset: 1, timestamp: 200 });
  });

  test('append listeners fire on append and on close, and can unsubscribe', () => {
    const log = memoryLog();
    let calls = 0;
    const unsubscribe = log.onAppend(() => (calls += 1));
    log.append([buildRecordBatch(records('a'))]);
    assert.equal(calls, 1);
    unsubscribe();
    log.append([buildRecordBatch(records('b'))]);
    assert.equal(calls, 1);
    log.onAppend(() => (calls += 10));
    log.close();
    assert.equal(calls, 11);
    assert.throws(() => log.append([buildRecordBatch(records('c'))]), /closed/);
  });

  test('stored batches carry the offset the log assigned, whatever the producer sent', () => {
    const log = memoryLog();
    log.append([buildRecordBatch(records('a'), { baseOffset: 999 })]);
    log.append([buildRecordBatch(records('b'), { baseOffset: 999 })]);
    assert.deepEqual(
      log.read(0, 1 << 20).map((batch) => readRecordBatchHeader(batch).baseOffset),
      [0, 1],
    );
  });
});
