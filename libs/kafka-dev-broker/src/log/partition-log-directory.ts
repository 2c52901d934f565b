import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { BrokerLogger } from '../logger';
import { RECORD_BATCH_HEADER_BYTES, RECORD_BATCH_LOG_OVERHEAD_BYTES, RECORD_BATCH_MAGIC, hasValidCrc } from '../protocol/record-batch';

const SEGMENT_SUFFIX = '.log';

export interface LoadedSegment {
  baseOffset: number;
  batches: Buffer[];
}

/**
 * One partition's directory of append-only segment files, named like Kafka's by the
 * zero-padded offset of their first batch (`00000000000000000042.log`). Each file is the stored
 * batches back to back, byte for byte as served to consumers.
 *
 * Writes are synchronous `write(2)` calls: they survive a broker crash or restart (the data is
 * in the OS page cache) but not a power loss, which is the right trade-off for a dev broker.
 */
export class PartitionLogDirectory {
  private activeSegmentBaseOffset: number | null = null;
  private activeFd: number | null = null;

  constructor(
    readonly path: string,
    private readonly logger: BrokerLogger,
  ) {
    mkdirSync(path, { recursive: true });
  }

  /**
   * Reads every segment. A torn tail (the broker died mid-write) or a batch failing its CRC is
   * cut off, and any later segment is deleted, which is what Kafka's log recovery does: the log
   * stays a clean prefix of what was acknowledged.
   */
  loadSegments(): LoadedSegment[] {
    const baseOffsets = readdirSync(this.path)
      .filter((name) => name.endsWith(SEGMENT_SUFFIX))
      .map((name) => Number.parseInt(name.slice(0, -SEGMENT_SUFFIX.length), 10))
      .filter((offset) => Number.isSafeInteger(offset) && offset >= 0)
      .sort((a, b) => a - b);
    const segments: LoadedSegment[] = [];
    for (let index = 0; index < baseOffsets.length; index += 1) {
      const baseOffset = baseOffsets[index] as number;
      const file = this.segmentPath(baseOffset);
      const content = readFileSync(file);
      const { batches, validLength } = scanSegment(content);
      segments.push({ baseOffset, batches });
      if (validLength < content.length) {
        this.logger.warn('truncating damaged segment tail', {
          segment: file,
          keptBytes: validLength,
          droppedBytes: content.length - validLength,
        });
        const fd = openSync(file, 'r+');
        try {
          ftruncateSync(fd, validLength);
        } finally {
          closeSync(fd);
        }
        for (const later of baseOffsets.slice(index + 1)) {
          this.logger.warn('deleting segment after damaged one', { segment: this.segmentPath(later) });
          unlinkSync(this.segmentPath(later));
        }
        break;
      }
    }
    return segments;
  }

  /** Creates (or reopens) the segment that receives appends from now on. */
  openActiveSegment(baseOffset: number): void {
    this.closeActive();
    this.activeFd = openSync(this.segmentPath(baseOffset), 'a');
    this.activeSegmentBaseOffset = baseOffset;
  }

  append(bytes: Buffer): void {
    if (this.activeFd === null) {
      throw new Error(`no active segment open in ${this.path}`);
    }
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(this.activeFd, bytes, written, bytes.length - written);
    }
  }

  deleteSegment(baseOffset: number): void {
    if (baseOffset === this.activeSegmentBaseOffset) {
      this.closeActive();
    }
    rmSync(this.segmentPath(baseOffset), { force: true });
  }

  close(): void {
    this.closeActive();
  }

  /** Deletes the directory and everything in it (topic deletion). */
  remove(): void {
    this.close();
    if (existsSync(this.path)) {
      rmSync(this.path, { recursive: true, force: true });
    }
  }

  private closeActive(): void {
    if (this.activeFd !== null) {
      closeSync(this.activeFd);
    }
    this.activeFd = null;
    this.activeSegmentBaseOffset = null;
  }

  private segmentPath(baseOffset: number): string {
    return join(this.path, `${String(baseOffset).padStart(20, '0')}${SEGMENT_SUFFIX}`);
  }
}

function scanSegment(content: Buffer): { batches: Buffer[]; validLength: number } {
  const batches: Buffer[] = [];
  let position = 0;
  while (position < content.length) {
    if (content.length - position < RECORD_BATCH_HEADER_BYTES) {
      break;
    }
    const total = RECORD_BATCH_LOG_OVERHEAD_BYTES + content.readInt32BE(position + 8);
    if (total < RECORD_BATCH_HEADER_BYTES || position + total > content.length) {
      break;
    }
    const batch = content.subarray(position, position + total);
    if (batch.readInt8(16) !== RECORD_BATCH_MAGIC || !hasValidCrc(batch)) {
      break;
    }
    batches.push(batch);
    position += total;
  }
  return { batches, validLength: position };
}
