import type { WireReader } from '../wire-reader';
import type { WireWriter } from '../wire-writer';

/** InitProducerId v0: only idempotent (or transactional) kafkajs producers send it. */
export interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
}

export interface InitProducerIdResponse {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

export function decodeInitProducerIdRequest(reader: WireReader): InitProducerIdRequest {
  return { transactionalId: reader.readNullableString(), transactionTimeoutMs: reader.readInt32() };
}

export function encodeInitProducerIdResponse(writer: WireWriter, response: InitProducerIdResponse): void {
  writer.int32(0).int16(response.errorCode).int64(response.producerId).int16(response.producerEpoch);
}
