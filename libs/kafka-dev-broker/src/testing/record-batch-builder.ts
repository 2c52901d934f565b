import { computeRecordBatchCrc } from '../protocol/record-batch';
import { encodeVarInt, encodeVarLong } from '../protocol/varint';

export interface TestRecord {
  key?: string | null;
  value: string | null;
  headers?: Record<string, string>;
  /** Defaults to the batch's base timestamp. */
  timestamp?: number;
}

export interface TestBatchOptions {
  baseOffset?: number;
  baseTimestamp?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  attributes?: number;
}

/**
 * Builds an uncompressed RecordBatch v2 exactly as a producer would, CRC included, for tests
 * that talk to the broker below kafkajs (raw sockets, the log itself).
 */
export function buildRecordBatch(records: readonly TestRecord[], options: TestBatchOptions = {}): Buffer {
  const baseTimestamp = options.baseTimestamp ?? 1_700_000_000_000;
  const encodedRecords = records.map((record, index) => encodeRecord(record, index, baseTimestamp));
  const maxTimestamp = Math.max(baseTimestamp, ...records.map((record) => record.timestamp ?? baseTimestamp));
  const body = Buffer.concat(encodedRecords);
  const batch = Buffer.alloc(61 + body.length);
  batch.writeBigInt64BE(BigInt(options.baseOffset ?? 0), 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(0, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(options.attributes ?? 0, 21);
  batch.writeInt32BE(Math.max(records.length - 1, 0), 23);
  batch.writeBigInt64BE(BigInt(baseTimestamp), 27);
  batch.writeBigInt64BE(BigInt(maxTimestamp), 35);
  batch.writeBigInt64BE(BigInt(options.producerId ?? -1), 43);
  batch.writeInt16BE(options.producerEpoch ?? -1, 51);
  batch.writeInt32BE(options.baseSequence ?? -1, 53);
  batch.writeInt32BE(records.length, 57);
  body.copy(batch, 61);
  batch.writeUInt32BE(computeRecordBatchCrc(batch), 17);
  return batch;
}

function encodeRecord(record: TestRecord, offsetDelta: number, baseTimestamp: number): Buffer {
  const varBytes = (value: string | null | undefined): Buffer => {
    if (value === null || value === undefined) {
      return encodeVarInt(-1);
    }
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([encodeVarInt(bytes.length), bytes]);
  };
  const headers = Object.entries(record.headers ?? {});
  const body = Buffer.concat([
    Buffer.from([0]),
    encodeVarLong((record.timestamp ?? baseTimestamp) - baseTimestamp),
    encodeVarInt(offsetDelta),
    varBytes(record.key),
    varBytes(record.value),
    encodeVarInt(headers.length),
    ...headers.flatMap(([key, value]) => [varBytes(key), varBytes(value)]),
  ]);
  return Buffer.concat([encodeVarInt(body.length), body]);
}

/** Inverts the bits of one byte in place, e.g. to corrupt a batch after its CRC was computed. */
export function corruptByte(buffer: Buffer, index: number, mask = 0xff): void {
  buffer.writeUInt8(buffer.readUInt8(index) ^ mask, index);
}
