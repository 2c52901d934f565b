import type { ConsumerConfig, Kafka } from 'kafkajs';
import { DeadLetterHeaders, withoutDeadLetterHeaders } from './dead-letter';
import type { EventPublisher } from './event-publisher';
import { headerText } from './cloud-event-message';

export interface ReplayDeadLettersOptions {
  /** e.g. `crm-bridge.mappings.v1.dlq`. */
  readonly deadLetterTopic: string;
  /** Publishes the replayed records; connected by the caller. */
  readonly publisher: EventPublisher;
  /**
   * Consumer group that remembers how far replays got, so a dead letter is replayed once.
   * Default `crm-bridge.dlq-replay.<deadLetterTopic>`.
   */
  readonly groupId?: string;
  readonly consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Give up waiting for the dead letters present at the start after this long. Default 60 s. */
  readonly timeoutMs?: number;
}

export interface ReplayReport {
  readonly replayed: number;
  /** Replayed records per original topic. */
  readonly byTopic: Readonly<Record<string, number>>;
}

/**
 * Re-publishes every dead letter not replayed before to its original topic, with its original
 * key, value and headers (the `dlq_*` diagnosis is dropped), then returns. Only records present
 * when the call starts are replayed; later dead letters wait for the next replay.
 *
 * The record reaches every consumer group of the original topic again: groups that had applied it
 * skip it through `processed_events`, the group that dead-lettered it gets another chance (fix
 * the cause first).
 */
export async function replayDeadLetters(kafka: Kafka, options: ReplayDeadLettersOptions): Promise<ReplayReport> {
  const groupId = options.groupId ?? `crm-bridge.dlq-replay.${options.deadLetterTopic}`;
  const admin = kafka.admin();
  await admin.connect();
  let remaining: Map<number, bigint>;
  try {
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(options.deadLetterTopic),
      admin.fetchOffsets({ groupId, topics: [options.deadLetterTopic] }),
    ]);
    const committedByPartition = new Map(
      committed.flatMap((topic) => topic.partitions).map((entry) => [entry.partition, BigInt(entry.offset)]),
    );
    // Per partition: the offset the replay must reach (the high watermark at the start).
    remaining = new Map(
      ends
        .filter((end) => BigInt(end.high) > maxBigInt(BigInt(end.low), committedByPartition.get(end.partition) ?? -1n))
        .map((end) => [end.partition, BigInt(end.high)]),
    );
  } finally {
    await admin.disconnect();
  }
  const byTopic: Record<string, number> = {};
  let replayed = 0;
  if (remaining.size === 0) {
    return { replayed, byTopic };
  }

  const consumer = kafka.consumer({ ...options.consumerConfig, groupId });
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [options.deadLetterTopic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`replay of ${options.deadLetterTopic} did not reach the end within ${timeoutMs} ms (${replayed} replayed)`)),
        timeoutMs,
      );
      consumer
        .run({
          eachBatchAutoResolve: false,
          eachBatch: async (payload) => {
            const { batch } = payload;
            const target = remaining.get(batch.partition);
            for (const message of batch.messages) {
              if (target === undefined || BigInt(message.offset) >= target) {
                break;
              }
              const originalTopic =
                headerText(message.headers, DeadLetterHeaders.originalTopic) ?? options.deadLetterTopic.replace(/\.dlq$/, '');
              await options.publisher.publishRecords([
                {
                  topic: originalTopic,
                  messages: [{ key: message.key, value: message.value, headers: withoutDeadLetterHeaders(message.headers) }],
                },
              ]);
              payload.resolveOffset(message.offset);
              replayed += 1;
              byTopic[originalTopic] = (byTopic[originalTopic] ?? 0) + 1;
              if (BigInt(message.offset) + 1n >= (target ?? 0n)) {
                remaining.delete(batch.partition);
              }
              await payload.heartbeat();
            }
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    // Commits the resolved offsets, so the next replay starts after what this one sent.
    await consumer.disconnect();
  }
  return { replayed, byTopic };
}

function maxBigInt(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
