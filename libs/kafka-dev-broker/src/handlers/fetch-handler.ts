import type { PartitionLog } from '../log/partition-log';
import type { TopicRegistry } from '../log/topic-registry';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import {
  decodeFetchRequest,
  encodeFetchResponse,
  type FetchPartitionResult,
  type FetchRequest,
  type FetchResponse,
} from '../protocol/messages/fetch';
import { defineApi, type ApiHandler } from './api-handler';
import type { BrokerServices } from './broker-services';

interface FetchSnapshot {
  response: FetchResponse;
  bytes: number;
  hasError: boolean;
  logs: PartitionLog[];
}

/**
 * Fetch v4 with Kafka's long-poll semantics: the response is held until at least `minBytes`
 * of records are available, `maxWaitMs` has passed, or a requested partition fails. This
 * matters for kafkajs: when a fetch comes back empty its runner immediately fetches again, so a
 * broker that answered empty at once would make every idle consumer spin at full CPU.
 */
export function fetchHandler(services: BrokerServices): ApiHandler {
  return defineApi({
    apiKey: ApiKey.Fetch,
    name: 'Fetch',
    minVersion: 4,
    maxVersion: 4,
    decode: decodeFetchRequest,
    handle: async (request, context) => {
      const deadline = Date.now() + Math.max(0, request.maxWaitMs);
      for (;;) {
        const snapshot = collectFetch(services.topics, request);
        const remainingMs = deadline - Date.now();
        if (snapshot.bytes >= request.minBytes || snapshot.hasError || remainingMs <= 0 || context.signal.aborted) {
          return snapshot.response;
        }
        await waitForAppend(snapshot.logs, remainingMs, context.signal);
      }
    },
    encode: encodeFetchResponse,
  });
}

/**
 * Reads what is available now. Within the response's `maxBytes`, each partition gets whole
 * batches up to its own `maxBytes`; only the first partition with data may exceed the limits
 * with a single oversized batch (KIP-74), so a big batch can never stall a consumer.
 */
export function collectFetch(topics: TopicRegistry, request: FetchRequest): FetchSnapshot {
  let bytes = 0;
  let hasError = false;
  const logs: PartitionLog[] = [];
  const response: FetchResponse = {
    topics: request.topics.map((topicRequest) => ({
      name: topicRequest.name,
      partitions: topicRequest.partitions.map((partitionRequest): FetchPartitionResult => {
        const log = topics.get(topicRequest.name)?.partition(partitionRequest.partition);
        if (log === undefined || log.isClosed) {
          hasError = true;
          return failedPartition(partitionRequest.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1);
        }
        logs.push(log);
        const highWatermark = log.logEndOffset;
        if (partitionRequest.fetchOffset < log.logStartOffset || partitionRequest.fetchOffset > highWatermark) {
          hasError = true;
          return failedPartition(partitionRequest.partition, ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark);
        }
        const budget = Math.min(partitionRequest.maxBytes, request.maxBytes - bytes);
        let batches = log.read(partitionRequest.fetchOffset, Math.max(0, budget));
        const size = batches.reduce((sum, batch) => sum + batch.length, 0);
        if (bytes > 0 && size > budget) {
          batches = [];
        } else {
          bytes += size;
        }
        return {
          partition: partitionRequest.partition,
          errorCode: ErrorCode.NONE,
          highWatermark,
          lastStableOffset: highWatermark,
          batches,
        };
      }),
    })),
  };
  return { response, bytes, hasError, logs };
}

function failedPartition(partition: number, errorCode: ErrorCode, highWatermark: number): FetchPartitionResult {
  return { partition, errorCode, highWatermark, lastStableOffset: highWatermark, batches: [] };
}

/** Resolves on the first append to (or close of) any of the logs, the timeout, or abort. */
function waitForAppend(logs: readonly PartitionLog[], timeoutMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribers: Array<() => void> = [];
    const finish = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      for (const unsubscribe of unsubscribers) {
        unsubscribe();
      }
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    signal.addEventListener('abort', finish, { once: true });
    for (const log of logs) {
      unsubscribers.push(log.onAppend(finish));
    }
  });
}
