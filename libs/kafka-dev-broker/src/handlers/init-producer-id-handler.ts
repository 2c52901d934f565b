import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { decodeInitProducerIdRequest, encodeInitProducerIdResponse } from '../protocol/messages/init-producer-id';
import { defineApi, type ApiHandler } from './api-handler';
import type { BrokerServices } from './broker-services';

/**
 * InitProducerId v0 for idempotent producers: a fresh producer id with epoch 0 each time. The
 * log uses (producer id, epoch, sequence) to drop retried duplicates. A transactional id is
 * accepted but gives no transactional guarantees; the transaction APIs are not advertised, so
 * kafkajs fails a transactional producer with "server does not support" before it sends data.
 */
export function initProducerIdHandler(services: BrokerServices): ApiHandler {
  return defineApi({
    apiKey: ApiKey.InitProducerId,
    name: 'InitProducerId',
    minVersion: 0,
    maxVersion: 0,
    decode: decodeInitProducerIdRequest,
    handle: () => ({ errorCode: ErrorCode.NONE, producerId: services.nextProducerId(), producerEpoch: 0 }),
    encode: encodeInitProducerIdResponse,
  });
}
