/**
 * Builds a response body from Kafka's fixed-width, big-endian primitives into one growable
 * buffer. Methods chain so encoders read like the protocol's field list.
 */
export class WireWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = Buffer.allocUnsafe(initialCapacity);
  }

  int8(value: number): this {
    this.ensure(1);
    this.buffer.writeInt8(value, this.length);
    this.length += 1;
    return this;
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    this.ensure(2);
    this.buffer.writeInt16BE(value, this.length);
    this.length += 2;
    return this;
  }

  int32(value: number): this {
    this.ensure(4);
    this.buffer.writeInt32BE(value, this.length);
    this.length += 4;
    return this;
  }

  int64(value: number): this {
    this.ensure(8);
    this.buffer.writeBigInt64BE(BigInt(value), this.length);
    this.length += 8;
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  nullableString(value: string | null): this {
    if (value === null) {
      return this.int16(-1);
    }
    const byteLength = Buffer.byteLength(value, 'utf8');
    this.int16(byteLength);
    this.ensure(byteLength);
    this.buffer.write(value, this.length, 'utf8');
    this.length += byteLength;
    return this;
  }

  bytes(value: Buffer | null): this {
    if (value === null) {
      return this.int32(-1);
    }
    this.int32(value.length);
    return this.raw(value);
  }

  /** Writes bytes with no length prefix, e.g. record batches already counted by the caller. */
  raw(value: Buffer): this {
    this.ensure(value.length);
    value.copy(this.buffer, this.length);
    this.length += value.length;
    return this;
  }

  array<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) {
      writeItem(this, item);
    }
    return this;
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private ensure(byteCount: number): void {
    if (this.length + byteCount <= this.buffer.length) {
      return;
    }
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + byteCount) {
      capacity *= 2;
    }
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
