/**
 * Thrown when a request frame cannot be decoded: a length runs past the end of the frame, an
 * array count is impossible, or bytes are left over. The connection that sent it is closed,
 * exactly as a real broker does, because after a framing error nothing later on that socket can
 * be trusted.
 */
export class MalformedRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedRequestError';
  }
}

/**
 * Reads the fixed-width, big-endian primitives of the (non-flexible) Kafka protocol from one
 * request body. Every read is bounds-checked so a hostile or buggy frame raises
 * {@link MalformedRequestError} instead of a RangeError deep inside a handler.
 */
export class WireReader {
  private position = 0;

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.position;
  }

  readInt8(): number {
    this.require(1, 'int8');
    const value = this.buffer.readInt8(this.position);
    this.position += 1;
    return value;
  }

  readBoolean(): boolean {
    return this.readInt8() !== 0;
  }

  readInt16(): number {
    this.require(2, 'int16');
    const value = this.buffer.readInt16BE(this.position);
    this.position += 2;
    return value;
  }

  readInt32(): number {
    this.require(4, 'int32');
    const value = this.buffer.readInt32BE(this.position);
    this.position += 4;
    return value;
  }

  /**
   * Offsets, timestamps and producer ids are int64 on the wire. A development log never gets
   * near 2^53, so they are handled as plain numbers; a value outside the safe range is rejected
   * rather than silently rounded.
   */
  readInt64(): number {
    this.require(8, 'int64');
    const value = this.buffer.readBigInt64BE(this.position);
    this.position += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new MalformedRequestError(`int64 ${value} is outside the supported range`);
    }
    return Number(value);
  }

  readString(): string {
    const value = this.readNullableString();
    if (value === null) {
      throw new MalformedRequestError('expected a string, got null');
    }
    return value;
  }

  readNullableString(): string | null {
    const length = this.readInt16();
    if (length === -1) {
      return null;
    }
    if (length < 0) {
      throw new MalformedRequestError(`invalid string length ${length}`);
    }
    this.require(length, 'string');
    const value = this.buffer.toString('utf8', this.position, this.position + length);
    this.position += length;
    return value;
  }

  readBytes(): Buffer {
    const value = this.readNullableBytes();
    if (value === null) {
      throw new MalformedRequestError('expected bytes, got null');
    }
    return value;
  }

  /** Returns a copy, so stored data never aliases the socket's receive buffer. */
  readNullableBytes(): Buffer | null {
    const length = this.readInt32();
    if (length === -1) {
      return null;
    }
    if (length < 0) {
      throw new MalformedRequestError(`invalid bytes length ${length}`);
    }
    this.require(length, 'bytes');
    const value = Buffer.from(this.buffer.subarray(this.position, this.position + length));
    this.position += length;
    return value;
  }

  readArray<T>(readItem: (reader: WireReader) => T): T[] {
    const items = this.readNullableArray(readItem);
    if (items === null) {
      throw new MalformedRequestError('expected an array, got null');
    }
    return items;
  }

  /**
   * Every array element in the APIs served here is at least one byte long, so a count larger
   * than the bytes left is malformed; checking first avoids allocating for a forged count.
   */
  readNullableArray<T>(readItem: (reader: WireReader) => T): T[] | null {
    const count = this.readInt32();
    if (count === -1) {
      return null;
    }
    if (count < 0 || count > this.remaining) {
      throw new MalformedRequestError(`invalid array length ${count}`);
    }
    const items: T[] = [];
    for (let index = 0; index < count; index += 1) {
      items.push(readItem(this));
    }
    return items;
  }

  /** Requests are decoded at exactly the versions advertised, so leftover bytes mean a bad frame. */
  expectEnd(): void {
    if (this.remaining !== 0) {
      throw new MalformedRequestError(`${this.remaining} unexpected trailing bytes`);
    }
  }

  private require(byteCount: number, what: string): void {
    if (this.position + byteCount > this.buffer.length) {
      throw new MalformedRequestError(
        `frame too short reading ${what}: need ${byteCount} bytes at ${this.position}, have ${this.remaining}`,
      );
    }
  }
}
