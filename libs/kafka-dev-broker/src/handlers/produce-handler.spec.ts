import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode } from '../protocol/error-codes';
import { buildRecordBatch, corruptByte } from '../testing/record-batch-builder';
import { checkProducedRecords } from './produce-handler';

describe('checkProducedRecords', () => {
  test('accepts one or more valid batches and returns each one', () => {
    const first = buildRecordBatch([{ value: 'a' }, { value: 'b' }]);
    const second = buildRecordBatch([{ value: 'c' }]);
    const check = checkProducedRecords(Buffer.concat([first, second]));
    assert.ok(check.ok);
    assert.deepEqual(
      check.batches.map((batch) => batch.length),
      [first.length, second.length],
    );
  });

  test('rejects an empty or null record set as CORRUPT_MESSAGE', () => {
    assert.deepEqual(checkProducedRecords(null), { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: 'empty record set' });
    assert.equal(checkProducedRecords(Buffer.alloc(0)).ok, false);
  });

  test('rejects a batch whose CRC does not match its contents', () => {
    const batch = buildRecordBatch([{ value: 'payload' }]);
    corruptByte(batch, batch.length - 1);
    const check = checkProducedRecords(batch);
    assert.deepEqual(check, { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: 'CRC mismatch' });
  });

  test('rejects a truncated record set', () => {
    const batch = buildRecordBatch([{ value: 'payload' }]);
    const check = checkProducedRecords(batch.subarray(0, batch.length - 3));
    assert.equal(check.ok, false);
    assert.equal(check.ok ? null : check.errorCode, ErrorCode.CORRUPT_MESSAGE);
  });

  test('rejects a header int64 beyond 2^53 instead of failing the connection', () => {
    const batch = buildRecordBatch([{ value: 'x' }]);
    batch.writeBigInt64BE(2n ** 60n, 43); // producerId
    const check = checkProducedRecords(batch);
    assert.equal(check.ok ? null : check.errorCode, ErrorCode.CORRUPT_MESSAGE);
  });

  test('rejects legacy message formats (magic 0/1)', () => {
    const batch = buildRecordBatch([{ value: 'payload' }]);
    batch.writeInt8(1, 16);
    const check = checkProducedRecords(batch);
    assert.equal(check.ok ? null : check.errorCode, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  });

  test('rejects transactional batches: there is no transaction coordinator to ever commit them', () => {
    const check = checkProducedRecords(buildRecordBatch([{ value: 'x' }], { attributes: 0x10, producerId: 1, producerEpoch: 0 }));
    assert.equal(check.ok ? null : check.errorCode, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  });
});
