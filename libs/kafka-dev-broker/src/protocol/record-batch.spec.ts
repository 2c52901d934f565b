import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRecordBatch } from '../testing/record-batch-builder';
import { crc32c } from './crc32c';
import {
  CompressionCodec,
  InvalidRecordBatchError,
  compressionCodecOf,
  decodeUncompressedRecords,
  hasValidCrc,
  readRecordBatchHeader,
  splitRecordBatches,
  withBaseOffset,
} from './record-batch';

describe('crc32c', () => {
  test('matches the published CRC-32C check value', () => {
    // The standard check input "123456789" has CRC-32C 0xE3069283 (RFC 3720 appendix B.4).
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.alloc(0)), 0);
  });
});

describe('RecordBatch v2 header', () => {
  const batch = buildRecordBatch(
    [
      { key: 'k1', value: 'v1', headers: { trace: 'abc' }, timestamp: 1_700_000_000_000 },
      { key: null, value: 'v2', timestamp: 1_700_000_000_250 },
      { key: 'k3', value: null, timestamp: 1_700_000_000_100 },
    ],
    { baseOffset: 0, baseTimestamp: 1_700_000_000_000, producerId: 42, producerEpoch: 3, baseSequence: 7 },
  );

  test('reads every fixed field', () => {
    const header = readRecordBatchHeader(batch);
    assert.equal(header.baseOffset, 0);
    assert.equal(header.batchLength, batch.length - 12);
    assert.equal(header.magic, 2);
    assert.equal(header.lastOffsetDelta, 2);
    assert.equal(header.baseTimestamp, 1_700_000_000_000);
    assert.equal(header.maxTimestamp, 1_700_000_000_250);
    assert.equal(header.producerId, 42);
    assert.equal(header.producerEpoch, 3);
    assert.equal(header.baseSequence, 7);
    assert.equal(header.recordCount, 3);
    assert.equal(compressionCodecOf(header.attributes), CompressionCodec.None);
  });

  test('rewriting baseOffset keeps the CRC valid because the CRC does not cover it', () => {
    assert.ok(hasValidCrc(batch));
    const moved = withBaseOffset(batch, 1234);
    assert.equal(readRecordBatchHeader(moved).baseOffset, 1234);
    assert.ok(hasValidCrc(moved));
    assert.equal(readRecordBatchHeader(batch).baseOffset, 0, 'the original buffer is untouched');
  });

  test('changing covered bytes (attributes onwards) breaks the CRC', () => {
    const tampered = Buffer.from(batch);
    tampered.writeInt32BE(99, 23); // lastOffsetDelta
    assert.equal(hasValidCrc(tampered), false);
  });

  test('decodes records with keys, null values, headers and absolute offsets', () => {
    const records = decodeUncompressedRecords(withBaseOffset(batch, 10));
    assert.deepEqual(
      records.map((record) => ({
        offset: record.offset,
        timestamp: record.timestamp,
        key: record.key?.toString() ?? null,
        value: record.value?.toString() ?? null,
        headers: record.headers.map((header) => [header.key, header.value?.toString()]),
      })),
      [
        { offset: 10, timestamp: 1_700_000_000_000, key: 'k1', value: 'v1', headers: [['trace', 'abc']] },
        { offset: 11, timestamp: 1_700_000_000_250, key: null, value: 'v2', headers: [] },
        { offset: 12, timestamp: 1_700_000_000_100, key: 'k3', value: null, headers: [] },
      ],
    );
  });

  test('splits concatenated batches and rejects a truncated tail', () => {
    const second = buildRecordBatch([{ value: 'x' }]);
    const both = Buffer.concat([batch, second]);
    assert.deepEqual(
      splitRecordBatches(both).map((part) => part.length),
      [batch.length, second.length],
    );
    assert.throws(() => splitRecordBatches(both.subarray(0, both.length - 1)), InvalidRecordBatchError);
    assert.throws(() => splitRecordBatches(batch.subarray(0, 30)), InvalidRecordBatchError);
  });

  test('rejects a batch whose declared length is smaller than its header', () => {
    const broken = Buffer.from(batch);
    broken.writeInt32BE(10, 8);
    assert.throws(() => splitRecordBatches(broken), InvalidRecordBatchError);
  });

  test('refuses to decode records of a compressed batch', () => {
    const gzip = buildRecordBatch([{ value: 'x' }], { attributes: CompressionCodec.Gzip });
    assert.throws(() => decodeUncompressedRecords(gzip), InvalidRecordBatchError);
  });
});
