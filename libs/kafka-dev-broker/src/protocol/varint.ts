/**
 * Zig-zag variable-length integers as used inside RecordBatch v2 records (lengths, deltas,
 * header counts). Kafka's `varint` is a zig-zag int32 in at most 5 bytes and `varlong` a
 * zig-zag int64 in at most 10 bytes; both are little-endian base-128.
 */
export interface DecodedVarInt {
  value: number;
  /** Number of bytes the encoded integer occupied. */
  byteLength: number;
}

export class InvalidVarIntError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidVarIntError';
  }
}

export function encodeVarInt(value: number): Buffer {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`varint out of int32 range: ${value}`);
  }
  let zigZag = ((value << 1) ^ (value >> 31)) >>> 0;
  const bytes: number[] = [];
  while (zigZag > 0x7f) {
    bytes.push((zigZag & 0x7f) | 0x80);
    zigZag >>>= 7;
  }
  bytes.push(zigZag);
  return Buffer.from(bytes);
}

export function decodeVarInt(buffer: Buffer, offset: number): DecodedVarInt {
  let unsigned = 0;
  for (let index = 0; index < 5; index += 1) {
    const byte = buffer[offset + index];
    if (byte === undefined) {
      throw new InvalidVarIntError(`varint runs past the end at ${offset}`);
    }
    unsigned += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) {
      if (unsigned > 0xffffffff) {
        throw new InvalidVarIntError(`varint overflows int32 at ${offset}`);
      }
      const value = (unsigned >>> 1) ^ -(unsigned & 1);
      return { value, byteLength: index + 1 };
    }
  }
  throw new InvalidVarIntError(`varint longer than 5 bytes at ${offset}`);
}

export function encodeVarLong(value: bigint | number): Buffer {
  const signed = BigInt(value);
  if (signed < -(1n << 63n) || signed >= 1n << 63n) {
    throw new RangeError(`varlong out of int64 range: ${value}`);
  }
  let zigZag = BigInt.asUintN(64, (signed << 1n) ^ (signed >> 63n));
  const bytes: number[] = [];
  while (zigZag > 0x7fn) {
    bytes.push(Number(zigZag & 0x7fn) | 0x80);
    zigZag >>= 7n;
  }
  bytes.push(Number(zigZag));
  return Buffer.from(bytes);
}

/** Decodes a varlong; the value is a bigint because timestamps deltas may exceed 2^53 in theory. */
export function decodeVarLong(buffer: Buffer, offset: number): { value: bigint; byteLength: number } {
  let unsigned = 0n;
  for (let index = 0; index < 10; index += 1) {
    const byte = buffer[offset + index];
    if (byte === undefined) {
      throw new InvalidVarIntError(`varlong runs past the end at ${offset}`);
    }
    unsigned |= BigInt(byte & 0x7f) << BigInt(7 * index);
    if ((byte & 0x80) === 0) {
      const value = (unsigned >> 1n) ^ -(unsigned & 1n);
      return { value: BigInt.asIntN(64, value), byteLength: index + 1 };
    }
  }
  throw new InvalidVarIntError(`varlong longer than 10 bytes at ${offset}`);
}
