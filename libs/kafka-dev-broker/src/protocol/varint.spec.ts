import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidVarIntError, decodeVarInt, decodeVarLong, encodeVarInt, encodeVarLong } from './varint';

describe('zig-zag varint', () => {
  test('encodes small values with zig-zag so negatives stay short', () => {
    assert.deepEqual([...encodeVarInt(0)], [0x00]);
    assert.deepEqual([...encodeVarInt(-1)], [0x01]);
    assert.deepEqual([...encodeVarInt(1)], [0x02]);
    assert.deepEqual([...encodeVarInt(-64)], [0x7f]);
    assert.deepEqual([...encodeVarInt(64)], [0x80, 0x01]);
    assert.deepEqual([...encodeVarInt(300)], [0xd8, 0x04]);
  });

  test('round-trips the int32 extremes in at most five bytes', () => {
    for (const value of [0x7fffffff, -0x80000000, 123456789, -987654321]) {
      const encoded = encodeVarInt(value);
      assert.ok(encoded.length <= 5);
      assert.deepEqual(decodeVarInt(encoded, 0), { value, byteLength: encoded.length });
    }
  });

  test('decodes at an offset inside a larger buffer', () => {
    const buffer = Buffer.concat([Buffer.from([0xff, 0xff]), encodeVarInt(-150), Buffer.from([0x09])]);
    assert.deepEqual(decodeVarInt(buffer, 2), { value: -150, byteLength: 2 });
  });

  test('rejects a varint that runs off the end or is longer than five bytes', () => {
    assert.throws(() => decodeVarInt(Buffer.from([0x80, 0x80]), 0), InvalidVarIntError);
    assert.throws(() => decodeVarInt(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 0), InvalidVarIntError);
  });

  test('refuses to encode values outside int32', () => {
    assert.throws(() => encodeVarInt(2 ** 31), RangeError);
    assert.throws(() => encodeVarInt(1.5), RangeError);
  });
});

describe('zig-zag varlong', () => {
  test('round-trips int64 values including the extremes', () => {
    for (const value of [0n, -1n, 1n, 1_700_000_000_000n, -(2n ** 63n), 2n ** 63n - 1n]) {
      const encoded = encodeVarLong(value);
      assert.ok(encoded.length <= 10);
      assert.deepEqual(decodeVarLong(encoded, 0), { value, byteLength: encoded.length });
    }
  });

  test('matches varint encoding for values in int32 range', () => {
    for (const value of [0, -1, 63, -64, 300, -300]) {
      assert.deepEqual(encodeVarLong(value), encodeVarInt(value));
    }
  });

  test('rejects a varlong longer than ten bytes', () => {
    assert.throws(() => decodeVarLong(Buffer.alloc(11, 0x80), 0), InvalidVarIntError);
  });
});
