import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/** Metadata v1: `null` topics means "all topics"; an empty array means none. */
export interface MetadataRequest {
  topics: string[] | null;
}

export interface MetadataBroker {
  nodeId: number;
  host: string;
  port: number;
}

export interface MetadataPartition {
  errorCode: number;
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface MetadataTopic {
  errorCode: number;
  name: string;
  isInternal: boolean;
  partitions: MetadataPartition[];
}

export interface MetadataResponse {
  brokers: MetadataBroker[];
  controllerId: number;
  topics: MetadataTopic[];
}

export function decodeMetadataRequest(reader: WireReader): MetadataRequest {
  return { topics: reader.readNullableArray((r) => r.readString()) };
}

export function encodeMetadataResponse(writer: WireWriter, response: MetadataResponse): void {
  writer
    .array(response.brokers, (w, broker) => {
      w.int32(broker.nodeId).string(broker.host).int32(broker.port).nullableString(null);
    })
    .int32(response.controllerId)
    .array(response.topics, (w, topic) => {
      w.int16(topic.errorCode)
        .string(topic.name)
        .boolean(topic.isInternal)
        .array(topic.partitions, (pw, partition) => {
          pw.int16(partition.errorCode)
            .int32(partition.partition)
            .int32(partition.leader)
            .array(partition.replicas, (rw, id) => rw.int32(id))
            .array(partition.isr, (iw, id) => iw.int32(id));
        });
    });
}
