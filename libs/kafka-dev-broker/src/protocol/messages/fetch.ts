import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/**
 * Fetch v4: kafkajs's v0–3 decoders read only the legacy MessageSet, v4 is the first that reads
 * RecordBatch v2. v4 has no fetch sessions.
 */
export interface FetchRequest {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topics: Array<{ name: string; partitions: Array<{ partition: number; fetchOffset: number; maxBytes: number }> }>;
}

export interface FetchPartitionResult {
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  /** Whole stored batches, concatenated in the response as one RECORDS field. */
  batches: Buffer[];
}

export interface FetchResponse {
  topics: Array<{ name: string; partitions: FetchPartitionResult[] }>;
}

export function decodeFetchRequest(reader: WireReader): FetchRequest {
  return {
    replicaId: reader.readInt32(),
    maxWaitMs: reader.readInt32(),
    minBytes: reader.readInt32(),
    maxBytes: reader.readInt32(),
    isolationLevel: reader.readInt8(),
    topics: reader.readArray((r) => ({
      name: r.readString(),
      partitions: r.readArray((pr) => ({
        partition: pr.readInt32(),
        fetchOffset: pr.readInt64(),
        maxBytes: pr.readInt32(),
      })),
    })),
  };
}

export function encodeFetchResponse(writer: WireWriter, response: FetchResponse): void {
  writer.int32(0).array(response.topics, (w, topic) => {
    w.string(topic.name).array(topic.partitions, (pw, partition) => {
      pw.int32(partition.partition).int16(partition.errorCode).int64(partition.highWatermark).int64(partition.lastStableOffset).int32(0); // aborted_transactions: none, this broker has no transactions
      const size = partition.batches.reduce((sum, batch) => sum + batch.length, 0);
      pw.int32(size);
      for (const batch of partition.batches) {
        pw.raw(batch);
      }
    });
  });
}
