import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/** ListOffsets v1. Timestamp -1 asks for the latest offset, -2 for the earliest. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ListOffsetsRequest {
  replicaId: number;
  topics: Array<{ name: string; partitions: Array<{ partition: number; timestamp: number }> }>;
}

export interface ListOffsetsPartitionResult {
  partition: number;
  errorCode: number;
  timestamp: number;
  offset: number;
}

export interface ListOffsetsResponse {
  topics: Array<{ name: string; partitions: ListOffsetsPartitionResult[] }>;
}

export function decodeListOffsetsRequest(reader: WireReader): ListOffsetsRequest {
  return {
    replicaId: reader.readInt32(),
    topics: reader.readArray((r) => ({
      name: r.readString(),
      partitions: r.readArray((pr) => ({ partition: pr.readInt32(), timestamp: pr.readInt64() })),
    })),
  };
}

export function encodeListOffsetsResponse(writer: WireWriter, response: ListOffsetsResponse): void {
  writer.array(response.topics, (w, topic) => {
    w.string(topic.name).array(topic.partitions, (pw, partition) => {
      pw.int32(partition.partition).int16(partition.errorCode).int64(partition.timestamp).int64(partition.offset);
    });
  });
}
