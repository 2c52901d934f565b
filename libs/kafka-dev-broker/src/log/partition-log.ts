import {
  CompressionCodec,
  InvalidRecordBatchError,
  compressionCodecOf,
  decodeUncompressedRecords,
  readRecordBatchHeader,
  withBaseOffset,
  type DecodedRecord,
} from '../protocol/record-batch';
import { InvalidVarIntError } from '../protocol/varint';
import type { PartitionLogDirectory } from './partition-log-directory';
import type { ResolvedRetentionPolicy } from './retention-policy';

interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  bytes: Buffer;
}

class LogSegment {
  readonly batches: StoredBatch[] = [];
  sizeBytes = 0;

  constructor(
    readonly baseOffset: number,
    readonly createdAtMs: number,
  ) {}

  get nextOffset(): number {
    const last = this.batches[this.batches.length - 1];
    return last === undefined ? this.baseOffset : last.lastOffset + 1;
  }

  get largestTimestamp(): number {
    let largest = Number.NEGATIVE_INFINITY;
    for (const batch of this.batches) {
      largest = Math.max(largest, batch.maxTimestamp);
    }
    return largest;
  }

  add(batch: StoredBatch): void {
    this.batches.push(batch);
    this.sizeBytes += batch.bytes.length;
  }
}

/** Last batch appended by an idempotent producer, used to recognise a retried send. */
interface ProducerBatchState {
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  baseOffset: number;
}

export interface AppendResult {
  /** Offset of the first appended (or previously appended, for a duplicate) record. */
  baseOffset: number;
  /** True when an idempotent producer re-sent a batch the log already holds. */
  duplicate: boolean;
}

export interface TimestampLookup {
  offset: number;
  timestamp: number;
}

/**
 * The log of one topic partition: batches in offset order, grouped into segments so retention
 * can drop whole old segments. All batches are kept in memory for serving fetches; when a
 * {@link PartitionLogDirectory} is given every append is also written to its segment files, and
 * the log is rebuilt from them on start. Keeping reads in memory keeps Fetch simple and fast;
 * retention bounds the memory a long-running dev broker uses.
 *
 * Offsets: the log end offset (next offset to assign) doubles as the high watermark and the
 * last stable offset, since there is one replica and no transactions.
 */
export class PartitionLog {
  private readonly segments: LogSegment[];
  private readonly appendListeners = new Set<() => void>();
  private readonly producerStates = new Map<number, ProducerBatchState>();
  private closed = false;

  private constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly retention: ResolvedRetentionPolicy,
    private readonly directory: PartitionLogDirectory | null,
    private readonly now: () => number,
    segments: LogSegment[],
  ) {
    this.segments = segments;
    for (const segment of segments) {
      for (const batch of segment.batches) {
        this.trackProducer(batch.bytes);
      }
    }
  }

  static create(options: {
    topic: string;
    partition: number;
    retention: ResolvedRetentionPolicy;
    directory?: PartitionLogDirectory;
    now?: () => number;
  }): PartitionLog {
    const now = options.now ?? Date.now;
    const directory = options.directory ?? null;
    const loaded = directory?.loadSegments() ?? [];
    const segments = loaded.map(({ baseOffset, batches }) => {
      const segment = new LogSegment(baseOffset, now());
      for (const bytes of batches) {
        segment.add(describeBatch(bytes));
      }
      return segment;
    });
    if (segments.length === 0) {
      segments.push(new LogSegment(0, now()));
    }
    const active = segments[segments.length - 1] as LogSegment;
    directory?.openActiveSegment(active.baseOffset);
    return new PartitionLog(options.topic, options.partition, options.retention, directory, now, segments);
  }

  get logStartOffset(): number {
    return this.firstSegment.baseOffset;
  }

  /** Next offset to be assigned; also the high watermark. */
  get logEndOffset(): number {
    return this.activeSegment.nextOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.sizeBytes, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The largest producer id seen in this partition, so a restarted broker never hands out an
   * id that already owns batches here (which would make a new producer's batch look like a
   * retry of an old one).
   */
  get largestProducerId(): number {
    let largest = -1;
    for (const producerId of this.producerStates.keys()) {
      largest = Math.max(largest, producerId);
    }
    return largest;
  }

  /**
   * Appends validated batches, assigning each the next offsets. A batch from an idempotent
   * producer that repeats the last batch it stored here (same epoch and sequence range: kafkajs
   * retried after a lost response) is not stored twice; the original offset is returned.
   */
  append(batches: readonly Buffer[]): AppendResult {
    if (this.closed) {
      throw new Error(`partition ${this.topic}-${this.partition} is closed`);
    }
    let firstOffset: number | null = null;
    let appendedAny = false;
    for (const batch of batches) {
      const header = readRecordBatchHeader(batch);
      const previous = header.producerId >= 0 ? this.producerStates.get(header.producerId) : undefined;
      if (
        previous !== undefined &&
        previous.producerEpoch === header.producerEpoch &&
        previous.baseSequence === header.baseSequence &&
        previous.lastOffsetDelta === header.lastOffsetDelta
      ) {
        firstOffset ??= previous.baseOffset;
        continue;
      }
      const stored = withBaseOffset(batch, this.logEndOffset);
      this.rollIfNeeded(stored.length);
      const described = describeBatch(stored);
      this.activeSegment.add(described);
      this.directory?.append(stored);
      this.trackProducer(stored);
      firstOffset ??= described.baseOffset;
      appendedAny = true;
    }
    if (appendedAny) {
      this.enforceSizeRetention();
      for (const listener of [...this.appendListeners]) {
        listener();
      }
    }
    return { baseOffset: firstOffset ?? this.logEndOffset, duplicate: !appendedAny };
  }

  /**
   * Whole batches starting with the one that contains `fetchOffset`, up to `maxBytes`. The first
   * batch is returned even when it alone exceeds `maxBytes` (Kafka's KIP-74 rule), otherwise a
   * large batch would block the consumer forever. kafkajs drops the records of that first batch
   * that precede `fetchOffset`.
   */
  read(fetchOffset: number, maxBytes: number): Buffer[] {
    const result: Buffer[] = [];
    let bytes = 0;
    const segmentIndex = this.segments.findIndex((segment) => segment.nextOffset > fetchOffset);
    if (segmentIndex < 0) {
      return result;
    }
    for (let index = segmentIndex; index < this.segments.length; index += 1) {
      const segment = this.segments[index] as LogSegment;
      const start = index === segmentIndex ? firstBatchEndingAtOrAfter(segment.batches, fetchOffset) : 0;
      for (let batchIndex = start; batchIndex < segment.batches.length; batchIndex += 1) {
        const batch = segment.batches[batchIndex] as StoredBatch;
        if (result.length > 0 && bytes + batch.bytes.length > maxBytes) {
          return result;
        }
        result.push(batch.bytes);
        bytes += batch.bytes.length;
      }
    }
    return result;
  }

  /**
   * The earliest offset whose timestamp is at or after `timestamp`, or null if none. Records of
   * uncompressed batches are inspected for an exact answer; a compressed batch is answered with
   * its base offset (the broker never decompresses), which may include a few earlier records.
   */
  offsetForTimestamp(timestamp: number): TimestampLookup | null {
    for (const segment of this.segments) {
      for (const batch of segment.batches) {
        if (batch.maxTimestamp < timestamp) {
          continue;
        }
        const header = readRecordBatchHeader(batch.bytes);
        if (compressionCodecOf(header.attributes) !== CompressionCodec.None) {
          return { offset: batch.baseOffset, timestamp: batch.maxTimestamp };
        }
        const record = recordsOrNull(batch.bytes)?.find((candidate) => candidate.timestamp >= timestamp);
        if (record !== undefined) {
          return { offset: record.offset, timestamp: record.timestamp };
        }
        // A batch whose CRC is fine but whose records cannot be parsed (a buggy producer) is
        // answered like a compressed one rather than failing the whole request.
        if (recordsOrNull(batch.bytes) === null) {
          return { offset: batch.baseOffset, timestamp: batch.maxTimestamp };
        }
      }
    }
    return null;
  }

  /**
   * Applies the age and size limits. When every record has expired, the active segment is
   * rolled first so it can be deleted too, leaving an empty log whose start offset equals its
   * end offset, as Kafka does.
   */
  enforceRetention(): number {
    if (this.closed) {
      return 0;
    }
    let deleted = 0;
    const { maxAgeMs } = this.retention;
    if (maxAgeMs !== null) {
      const cutoff = this.now() - maxAgeMs;
      while (this.firstSegment.batches.length > 0 && this.firstSegment.largestTimestamp < cutoff) {
        if (this.segments.length === 1) {
          this.roll();
        }
        this.deleteFirstSegment();
        deleted += 1;
      }
    }
    return deleted + this.enforceSizeRetention();
  }

  /** Registers a callback run after each append and on close; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Stops the log; waiters are woken so a pending Fetch notices (e.g. the topic was deleted). */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.directory?.close();
    for (const listener of [...this.appendListeners]) {
      listener();
    }
    this.appendListeners.clear();
  }

  /** Closes the log and deletes its files. */
  destroy(): void {
    this.close();
    this.directory?.remove();
  }

  private enforceSizeRetention(): number {
    const { maxBytesPerPartition } = this.retention;
    if (maxBytesPerPartition === null) {
      return 0;
    }
    let deleted = 0;
    let total = this.sizeBytes;
    while (this.segments.length > 1 && total - this.firstSegment.sizeBytes >= maxBytesPerPartition) {
      total -= this.firstSegment.sizeBytes;
      this.deleteFirstSegment();
      deleted += 1;
    }
    return deleted;
  }

  private rollIfNeeded(incomingBytes: number): void {
    const active = this.activeSegment;
    if (active.batches.length === 0) {
      return;
    }
    const tooBig = active.sizeBytes + incomingBytes > this.retention.segmentBytes;
    const tooOld = this.now() - active.createdAtMs >= this.retention.segmentMs;
    if (tooBig || tooOld) {
      this.roll();
    }
  }

  private roll(): void {
    const segment = new LogSegment(this.logEndOffset, this.now());
    this.segments.push(segment);
    this.directory?.openActiveSegment(segment.baseOffset);
  }

  private deleteFirstSegment(): void {
    const first = this.segments.shift();
    if (first !== undefined) {
      this.directory?.deleteSegment(first.baseOffset);
    }
  }

  private trackProducer(batch: Buffer): void {
    const header = readRecordBatchHeader(batch);
    if (header.producerId < 0) {
      return;
    }
    this.producerStates.set(header.producerId, {
      producerEpoch: header.producerEpoch,
      baseSequence: header.baseSequence,
      lastOffsetDelta: header.lastOffsetDelta,
      baseOffset: header.baseOffset,
    });
  }

  private get firstSegment(): LogSegment {
    return this.segments[0] as LogSegment;
  }

  private get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1] as LogSegment;
  }
}

function recordsOrNull(batch: Buffer): DecodedRecord[] | null {
  try {
    return decodeUncompressedRecords(batch);
  } catch (error) {
    if (error instanceof InvalidRecordBatchError || error instanceof InvalidVarIntError) {
      return null;
    }
    throw error;
  }
}

function describeBatch(bytes: Buffer): StoredBatch {
  const header = readRecordBatchHeader(bytes);
  return {
    baseOffset: header.baseOffset,
    lastOffset: header.baseOffset + header.lastOffsetDelta,
    maxTimestamp: header.maxTimestamp,
    bytes,
  };
}

function firstBatchEndingAtOrAfter(batches: readonly StoredBatch[], offset: number): number {
  let low = 0;
  let high = batches.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((batches[middle] as StoredBatch).lastOffset < offset) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
