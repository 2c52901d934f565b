import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/**
 * OffsetCommit v2 and OffsetFetch v1. OffsetFetch has no v0 in kafkajs: advertising a maximum
 * below 1 would crash kafkajs with a TypeError, so v1 is the floor.
 */
export interface OffsetCommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  retentionTimeMs: number;
  topics: Array<{ name: string; partitions: Array<{ partition: number; offset: number; metadata: string | null }> }>;
}

export interface PartitionErrorResponse {
  topics: Array<{ name: string; partitions: Array<{ partition: number; errorCode: number }> }>;
}

export interface OffsetFetchRequest {
  groupId: string;
  topics: Array<{ name: string; partitions: number[] }>;
}

export interface OffsetFetchResponse {
  topics: Array<{
    name: string;
    partitions: Array<{ partition: number; offset: number; metadata: string | null; errorCode: number }>;
  }>;
}

export function decodeOffsetCommitRequest(reader: WireReader): OffsetCommitRequest {
  return {
    groupId: reader.readString(),
    generationId: reader.readInt32(),
    memberId: reader.readString(),
    retentionTimeMs: reader.readInt64(),
    topics: reader.readArray((r) => ({
      name: r.readString(),
      partitions: r.readArray((pr) => ({
        partition: pr.readInt32(),
        offset: pr.readInt64(),
        metadata: pr.readNullableString(),
      })),
    })),
  };
}

export function encodeOffsetCommitResponse(writer: WireWriter, response: PartitionErrorResponse): void {
  writer.array(response.topics, (w, topic) => {
    w.string(topic.name).array(topic.partitions, (pw, partition) => {
      pw.int32(partition.partition).int16(partition.errorCode);
    });
  });
}

export function decodeOffsetFetchRequest(reader: WireReader): OffsetFetchRequest {
  return {
    groupId: reader.readString(),
    topics: reader.readArray((r) => ({ name: r.readString(), partitions: r.readArray((pr) => pr.readInt32()) })),
  };
}

export function encodeOffsetFetchResponse(writer: WireWriter, response: OffsetFetchResponse): void {
  writer.array(response.topics, (w, topic) => {
    w.string(topic.name).array(topic.partitions, (pw, partition) => {
      pw.int32(partition.partition).int64(partition.offset).nullableString(partition.metadata).int16(partition.errorCode);
    });
  });
}
