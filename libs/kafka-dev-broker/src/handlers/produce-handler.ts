import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { decodeProduceRequest, encodeProduceResponse, type ProducePartitionResult } from '../protocol/messages/produce';
import {
  InvalidRecordBatchError,
  RECORD_BATCH_MAGIC,
  hasValidCrc,
  isControlBatch,
  isTransactional,
  readRecordBatchHeader,
  splitRecordBatches,
} from '../protocol/record-batch';
import { NO_RESPONSE, defineApi, type ApiHandler } from './api-handler';
import type { BrokerServices } from './broker-services';

export type ProducedRecordsCheck = { ok: true; batches: Buffer[] } | { ok: false; errorCode: ErrorCode; reason: string };

/**
 * Checks a Produce RECORDS field before anything is stored: well-formed RecordBatch v2 framing,
 * a valid CRC (so a corrupted batch is refused rather than served to Java or librdkafka
 * consumers, which verify it), and no transactional or control batches, because this broker
 * has no transaction coordinator to ever commit or abort them.
 */
export function checkProducedRecords(records: Buffer | null): ProducedRecordsCheck {
  if (records === null || records.length === 0) {
    return { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: 'empty record set' };
  }
  try {
    return checkBatches(splitRecordBatches(records));
  } catch (error) {
    // Bad framing, or a header int64 (offset, timestamp, producer id) beyond 2^53.
    if (error instanceof InvalidRecordBatchError) {
      return { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: error.message };
    }
    throw error;
  }
}

function checkBatches(batches: Buffer[]): ProducedRecordsCheck {
  for (const batch of batches) {
    const header = readRecordBatchHeader(batch);
    if (header.magic !== RECORD_BATCH_MAGIC) {
      return { ok: false, errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, reason: `magic ${header.magic} is not 2` };
    }
    if (!hasValidCrc(batch)) {
      return { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: 'CRC mismatch' };
    }
    if (header.lastOffsetDelta < 0 || header.recordCount < 0) {
      return { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: 'negative record count' };
    }
    if (isTransactional(header.attributes) || isControlBatch(header.attributes)) {
      return { ok: false, errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, reason: 'transactions are not supported' };
    }
  }
  return { ok: true, batches };
}

/**
 * Produce v3, the first version whose records are RecordBatch v2 (record headers). Batches are
 * stored verbatim (any compression passes through untouched). With acks=0 kafkajs expects no
 * response at all, so none is sent; acks 1 and -1 are equivalent on a single replica.
 */
export function produceHandler(services: BrokerServices): ApiHandler {
  return defineApi({
    apiKey: ApiKey.Produce,
    name: 'Produce',
    minVersion: 3,
    maxVersion: 3,
    decode: decodeProduceRequest,
    handle: (request, context) => {
      const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
      const topics = request.topics.map((topicData) => ({
        name: topicData.name,
        partitions: topicData.partitions.map((partitionData): ProducePartitionResult => {
          const failed = (errorCode: ErrorCode, reason?: string): ProducePartitionResult => {
            services.logger.warn('produce rejected', {
              topic: topicData.name,
              partition: partitionData.partition,
              errorCode,
              reason,
              clientId: context.clientId,
            });
            return { partition: partitionData.partition, errorCode, baseOffset: -1 };
          };
          if (!validAcks) {
            return failed(ErrorCode.INVALID_REQUIRED_ACKS, `acks=${request.acks}`);
          }
          const log = services.topics.get(topicData.name)?.partition(partitionData.partition);
          if (log === undefined) {
            return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          }
          const check = checkProducedRecords(partitionData.records);
          if (!check.ok) {
            return failed(check.errorCode, check.reason);
          }
          const { baseOffset } = log.append(check.batches);
          return { partition: partitionData.partition, errorCode: ErrorCode.NONE, baseOffset };
        }),
      }));
      return request.acks === 0 ? NO_RESPONSE : { topics };
    },
    encode: encodeProduceResponse,
  });
}
