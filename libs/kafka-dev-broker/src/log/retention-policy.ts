/**
 * How much log a partition keeps. Whole segments are deleted, oldest first, as in Kafka, so a
 * partition holds up to one segment more than the limit.
 */
export interface RetentionPolicy {
  /** Delete old segments while the partition would still hold at least this many bytes without them. */
  maxBytesPerPartition?: number;
  /** Delete segments whose newest record timestamp is older than this. */
  maxAgeMs?: number;
  /** Start a new segment once the active one would exceed this size. Default 16 MiB. */
  segmentBytes?: number;
  /** Start a new segment once the active one is this old. Default 1 hour. */
  segmentMs?: number;
}

export interface ResolvedRetentionPolicy {
  maxBytesPerPartition: number | null;
  maxAgeMs: number | null;
  segmentBytes: number;
  segmentMs: number;
}

const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;
const DEFAULT_SEGMENT_MS = 60 * 60 * 1000;

export function resolveRetentionPolicy(policy: RetentionPolicy = {}): ResolvedRetentionPolicy {
  const positive = (name: string, value: number | undefined): number | null => {
    if (value === undefined) {
      return null;
    }
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`retention.${name} must be a positive number, got ${value}`);
    }
    return value;
  };
  return {
    maxBytesPerPartition: positive('maxBytesPerPartition', policy.maxBytesPerPartition),
    maxAgeMs: positive('maxAgeMs', policy.maxAgeMs),
    segmentBytes: positive('segmentBytes', policy.segmentBytes) ?? DEFAULT_SEGMENT_BYTES,
    segmentMs: positive('segmentMs', policy.segmentMs) ?? DEFAULT_SEGMENT_MS,
  };
}
