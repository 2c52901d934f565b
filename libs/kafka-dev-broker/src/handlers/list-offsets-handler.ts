import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  decodeListOffsetsRequest,
  encodeListOffsetsResponse,
  type ListOffsetsPartitionResult,
} from '../protocol/messages/list-offsets';
import { defineApi, type ApiHandler } from './api-handler';
import type { BrokerServices } from './broker-services';

/**
 * ListOffsets v1: -1 answers the log end offset (high watermark), -2 the log start offset
 * (which moves forward as retention deletes segments), any other value the first offset with
 * a timestamp at or after it, or -1 when there is none.
 */
export function listOffsetsHandler(services: BrokerServices): ApiHandler {
  return defineApi({
    apiKey: ApiKey.ListOffsets,
    name: 'ListOffsets',
    minVersion: 1,
    maxVersion: 1,
    decode: decodeListOffsetsRequest,
    handle: (request) => ({
      topics: request.topics.map((topicRequest) => ({
        name: topicRequest.name,
        partitions: topicRequest.partitions.map(({ partition, timestamp }): ListOffsetsPartitionResult => {
          const log = services.topics.get(topicRequest.name)?.partition(partition);
          if (log === undefined) {
            return { partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1 };
          }
          if (timestamp === LATEST_TIMESTAMP) {
            return { partition, errorCode: ErrorCode.NONE, timestamp: -1, offset: log.logEndOffset };
          }
          if (timestamp === EARLIEST_TIMESTAMP) {
            return { partition, errorCode: ErrorCode.NONE, timestamp: -1, offset: log.logStartOffset };
          }
          const found = log.offsetForTimestamp(timestamp);
          return {
            partition,
            errorCode: ErrorCode.NONE,
            timestamp: found?.timestamp ?? -1,
            offset: found?.offset ?? -1,
          };
        }),
      })),
    }),
    encode: encodeListOffsetsResponse,
  });
}
