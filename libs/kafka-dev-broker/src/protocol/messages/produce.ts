import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/** Produce v3: the first version whose RECORDS are RecordBatch v2 (with headers). */
export interface ProduceRequest {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topics: Array<{ name: string; partitions: Array<{ partition: number; records: Buffer | null }> }>;
}

export interface ProducePartitionResult {
  partition: number;
  errorCode: number;
  baseOffset: number;
}

export interface ProduceResponse {
  topics: Array<{ name: string; partitions: ProducePartitionResult[] }>;
}

export function decodeProduceRequest(reader: WireReader): ProduceRequest {
  return {
    transactionalId: reader.readNullableString(),
    acks: reader.readInt16(),
    timeoutMs: reader.readInt32(),
    topics: reader.readArray((r) => ({
      name: r.readString(),
      partitions: r.readArray((pr) => ({ partition: pr.readInt32(), records: pr.readNullableBytes() })),
    })),
  };
}

export function encodeProduceResponse(writer: WireWriter, response: ProduceResponse): void {
  writer
    .array(response.topics, (w, topic) => {
      w.string(topic.name).array(topic.partitions, (pw, partition) => {
        // log_append_time -1: the broker keeps the producer's CreateTime (rewriting timestamps
        // would invalidate the batch CRC).
        pw.int32(partition.partition).int16(partition.errorCode).int64(partition.baseOffset).int64(-1);
      });
    })
    .int32(0);
}
