import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedRequestError, WireReader } from './wire-reader';
import { WireWriter } from './wire-writer';

describe('WireWriter and WireReader', () => {
  test('round-trip every primitive, including nulls and growth past the initial capacity', () => {
    const bytes = Buffer.alloc(1000, 7);
    const written = new WireWriter(4)
      .int8(-5)
      .boolean(true)
      .int16(-1234)
      .int32(2_000_000_000)
      .int64(-1)
      .int64(1_700_000_000_123)
      .string('héllo')
      .nullableString(null)
      .bytes(bytes)
      .bytes(null)
      .array(['a', 'bb'], (w, item) => w.string(item))
      .toBuffer();
    const reader = new WireReader(written);
    assert.equal(reader.readInt8(), -5);
    assert.equal(reader.readBoolean(), true);
    assert.equal(reader.readInt16(), -1234);
    assert.equal(reader.readInt32(), 2_000_000_000);
    assert.equal(reader.readInt64(), -1);
    assert.equal(reader.readInt64(), 1_700_000_000_123);
    assert.equal(reader.readString(), 'héllo');
    assert.equal(reader.readNullableString(), null);
    assert.deepEqual(reader.readBytes(), bytes);
    assert.equal(reader.readNullableBytes(), null);
    assert.deepEqual(
      reader.readArray((r) => r.readString()),
      ['a', 'bb'],
    );
    reader.expectEnd();
  });

  test('a null array is distinguished from an empty one', () => {
    const reader = new WireReader(new WireWriter().int32(-1).int32(0).toBuffer());
    assert.equal(
      reader.readNullableArray((r) => r.readInt32()),
      null,
    );
    assert.deepEqual(
      reader.readNullableArray((r) => r.readInt32()),
      [],
    );
  });

  test('reading past the end is a MalformedRequestError, not a RangeError', () => {
    assert.throws(() => new WireReader(Buffer.from([0, 1])).readInt32(), MalformedRequestError);
    assert.throws(() => new WireReader(new WireWriter().int16(10).toBuffer()).readString(), MalformedRequestError);
  });

  test('an array count larger than the remaining bytes is rejected before allocating', () => {
    const reader = new WireReader(new WireWriter().int32(1_000_000).int32(1).toBuffer());
    assert.throws(() => reader.readArray((r) => r.readInt32()), /invalid array length/);
  });

  test('leftover bytes after a decode are reported', () => {
    const reader = new WireReader(Buffer.from([0, 1, 2]));
    reader.readInt16();
    assert.throws(() => reader.expectEnd(), /1 unexpected trailing bytes/);
  });

  test('int64 values beyond 2^53 are rejected instead of rounded', () => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64BE(2n ** 60n);
    assert.throws(() => new WireReader(buffer).readInt64(), MalformedRequestError);
  });
});
