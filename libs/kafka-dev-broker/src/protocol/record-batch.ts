import { crc32c } from './crc32c';
import { decodeVarInt, decodeVarLong } from './varint';

/**
 * RecordBatch v2 ("magic 2") helpers. The broker stores batches verbatim and never
 * decompresses them: it only reads the fixed 61-byte header, checks the CRC and rewrites
 * `baseOffset`, which the CRC deliberately does not cover (the CRC spans `attributes` to the end
 * of the batch), so the stored bytes stay valid for every client.
 *
 * Header layout (byte offsets within the batch):
 * ```
 *  0 baseOffset int64        21 attributes int16         43 producerId int64
 *  8 batchLength int32       23 lastOffsetDelta int32     51 producerEpoch int16
 * 12 partitionLeaderEpoch    27 baseTimestamp int64       53 baseSequence int32
 * 16 magic int8              35 maxTimestamp int64        57 recordCount int32
 * 17 crc uint32                                           61 records...
 * ```
 */
export const RECORD_BATCH_HEADER_BYTES = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const RECORD_BATCH_LOG_OVERHEAD_BYTES = 12;
export const RECORD_BATCH_MAGIC = 2;

const OFFSET_BATCH_LENGTH = 8;
const OFFSET_LEADER_EPOCH = 12;
const OFFSET_MAGIC = 16;
const OFFSET_CRC = 17;
const OFFSET_ATTRIBUTES = 21;
const OFFSET_LAST_OFFSET_DELTA = 23;
const OFFSET_BASE_TIMESTAMP = 27;
const OFFSET_MAX_TIMESTAMP = 35;
const OFFSET_PRODUCER_ID = 43;
const OFFSET_PRODUCER_EPOCH = 51;
const OFFSET_BASE_SEQUENCE = 53;
const OFFSET_RECORD_COUNT = 57;

export enum CompressionCodec {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

export interface RecordBatchHeader {
  baseOffset: number;
  /** Bytes after the batchLength field; the whole batch is this plus 12. */
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export class InvalidRecordBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRecordBatchError';
  }
}

export function readRecordBatchHeader(batch: Buffer, start = 0): RecordBatchHeader {
  if (batch.length - start < RECORD_BATCH_HEADER_BYTES) {
    throw new InvalidRecordBatchError(`record batch header needs ${RECORD_BATCH_HEADER_BYTES} bytes, have ${batch.length - start}`);
  }
  return {
    baseOffset: readSafeInt64(batch, start),
    batchLength: batch.readInt32BE(start + OFFSET_BATCH_LENGTH),
    partitionLeaderEpoch: batch.readInt32BE(start + OFFSET_LEADER_EPOCH),
    magic: batch.readInt8(start + OFFSET_MAGIC),
    crc: batch.readUInt32BE(start + OFFSET_CRC),
    attributes: batch.readInt16BE(start + OFFSET_ATTRIBUTES),
    lastOffsetDelta: batch.readInt32BE(start + OFFSET_LAST_OFFSET_DELTA),
    baseTimestamp: readSafeInt64(batch, start + OFFSET_BASE_TIMESTAMP),
    maxTimestamp: readSafeInt64(batch, start + OFFSET_MAX_TIMESTAMP),
    producerId: readSafeInt64(batch, start + OFFSET_PRODUCER_ID),
    producerEpoch: batch.readInt16BE(start + OFFSET_PRODUCER_EPOCH),
    baseSequence: batch.readInt32BE(start + OFFSET_BASE_SEQUENCE),
    recordCount: batch.readInt32BE(start + OFFSET_RECORD_COUNT),
  };
}

export function compressionCodecOf(attributes: number): CompressionCodec {
  return attributes & 0x07;
}

export function isTransactional(attributes: number): boolean {
  return (attributes & 0x10) !== 0;
}

export function isControlBatch(attributes: number): boolean {
  return (attributes & 0x20) !== 0;
}

/**
 * Splits a RECORDS field (one or more concatenated batches) into individual batch buffers
 * (views, not copies). Unlike a Fetch response, a Produce record set must not end with a
 * truncated batch, so any leftover or inconsistent length is an error.
 */
export function splitRecordBatches(recordSet: Buffer): Buffer[] {
  const batches: Buffer[] = [];
  let position = 0;
  while (position < recordSet.length) {
    if (recordSet.length - position < RECORD_BATCH_HEADER_BYTES) {
      throw new InvalidRecordBatchError(`truncated record batch at byte ${position}`);
    }
    const batchLength = recordSet.readInt32BE(position + OFFSET_BATCH_LENGTH);
    const totalLength = RECORD_BATCH_LOG_OVERHEAD_BYTES + batchLength;
    if (totalLength < RECORD_BATCH_HEADER_BYTES || position + totalLength > recordSet.length) {
      throw new InvalidRecordBatchError(`record batch at byte ${position} declares impossible length ${batchLength}`);
    }
    batches.push(recordSet.subarray(position, position + totalLength));
    position += totalLength;
  }
  return batches;
}

/** The CRC the batch should carry: CRC-32C from `attributes` to the end of the batch. */
export function computeRecordBatchCrc(batch: Buffer): number {
  return crc32c(batch.subarray(OFFSET_ATTRIBUTES));
}

export function hasValidCrc(batch: Buffer): boolean {
  return batch.length >= RECORD_BATCH_HEADER_BYTES && computeRecordBatchCrc(batch) === batch.readUInt32BE(OFFSET_CRC);
}

/**
 * Returns a copy of the batch with `baseOffset` set to where the log places it. Nothing else
 * changes, so the CRC computed by the producer remains correct.
 */
export function withBaseOffset(batch: Buffer, baseOffset: number): Buffer {
  const copy = Buffer.from(batch);
  copy.writeBigInt64BE(BigInt(baseOffset), 0);
  return copy;
}

export interface DecodedRecordHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: DecodedRecordHeader[];
}

/**
 * Decodes the records of an uncompressed batch. The broker itself only needs this to answer
 * ListOffsets by timestamp precisely; compressed batches are never opened (see callers).
 */
export function decodeUncompressedRecords(batch: Buffer): DecodedRecord[] {
  const header = readRecordBatchHeader(batch);
  if (compressionCodecOf(header.attributes) !== CompressionCodec.None) {
    throw new InvalidRecordBatchError('cannot decode records of a compressed batch');
  }
  const records: DecodedRecord[] = [];
  let position = RECORD_BATCH_HEADER_BYTES;
  const readVarInt = (): number => {
    const decoded = decodeVarInt(batch, position);
    position += decoded.byteLength;
    return decoded.value;
  };
  const readVarBytes = (): Buffer | null => {
    const length = readVarInt();
    if (length < 0) {
      return null;
    }
    if (position + length > batch.length) {
      throw new InvalidRecordBatchError('record field runs past the batch');
    }
    const value = batch.subarray(position, position + length);
    position += length;
    return value;
  };
  for (let index = 0; index < header.recordCount; index += 1) {
    const length = readVarInt();
    const recordEnd = position + length;
    if (recordEnd > batch.length) {
      throw new InvalidRecordBatchError(`record ${index} runs past the batch`);
    }
    position += 1; // record attributes: unused in magic 2
    const timestampDelta = decodeVarLong(batch, position);
    position += timestampDelta.byteLength;
    const offsetDelta = readVarInt();
    const key = readVarBytes();
    const value = readVarBytes();
    const headerCount = readVarInt();
    const headers: DecodedRecordHeader[] = [];
    for (let headerIndex = 0; headerIndex < headerCount; headerIndex += 1) {
      const headerKey = readVarBytes();
      headers.push({ key: headerKey === null ? '' : headerKey.toString('utf8'), value: readVarBytes() });
    }
    if (position !== recordEnd) {
      throw new InvalidRecordBatchError(`record ${index} length does not match its fields`);
    }
    records.push({
      offset: header.baseOffset + offsetDelta,
      timestamp: header.baseTimestamp + Number(timestampDelta.value),
      key,
      value,
      headers,
    });
  }
  return records;
}

function readSafeInt64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigInt64BE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new InvalidRecordBatchError(`int64 field at byte ${offset} is outside the supported range`);
  }
  return Number(value);
}
