import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/** CreateTopics v0 and DeleteTopics v0. */
export interface CreateTopicsRequest {
  topics: Array<{
    name: string;
    /** -1 (kafkajs's default) means "use the broker default". */
    numPartitions: number;
    replicationFactor: number;
    replicaAssignment: Array<{ partition: number; replicas: number[] }>;
    configEntries: Array<{ name: string; value: string | null }>;
  }>;
  timeoutMs: number;
}

export interface TopicErrorResult {
  name: string;
  errorCode: number;
}

export interface DeleteTopicsRequest {
  topics: string[];
  timeoutMs: number;
}

export function decodeCreateTopicsRequest(reader: WireReader): CreateTopicsRequest {
  return {
    topics: reader.readArray((r) => ({
      name: r.readString(),
      numPartitions: r.readInt32(),
      replicationFactor: r.readInt16(),
      replicaAssignment: r.readArray((ar) => ({
        partition: ar.readInt32(),
        replicas: ar.readArray((rr) => rr.readInt32()),
      })),
      configEntries: r.readArray((cr) => ({ name: cr.readString(), value: cr.readNullableString() })),
    })),
    timeoutMs: reader.readInt32(),
  };
}

export function decodeDeleteTopicsRequest(reader: WireReader): DeleteTopicsRequest {
  return { topics: reader.readArray((r) => r.readString()), timeoutMs: reader.readInt32() };
}

/** CreateTopics v0 and DeleteTopics v0 responses share this shape: [name error_code]. */
export function encodeTopicErrorsResponse(writer: WireWriter, results: readonly TopicErrorResult[]): void {
  writer.array(results, (w, result) => {
    w.string(result.name).int16(result.errorCode);
  });
}
