import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { EventValidationError, type CrmBridgeEvent } from '@crm-bridge/contracts';
import { fromKafkaMessage } from './cloud-event-message';
import { deadLetterRecord } from './dead-letter';
import type { EventPublisher } from './event-publisher';
import { stderrEventLogger, type EventLogger } from './event-logger';

/** Where a delivery came from and which attempt this is (1-based). */
export interface DeliveryContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempt: number;
}

/**
 * Applies one event. Must be idempotent (see {@link runOnce}): a message is redelivered after a
 * crash or rebalance, and a retry runs the handler again. Throwing means "try again later".
 */
export type EventHandler = (event: CrmBridgeEvent, delivery: DeliveryContext) => Promise<void>;

/**
 * Attempt `n` (1-based) that fails waits `min(maxBackoffMs, initialBackoffMs * 2^(n-1))` plus up
 * to 20 % jitter before attempt `n + 1`; after `maxAttempts` the message goes to `<topic>.dlq`.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 };

export interface EventConsumerOptions {
  /** Consumer group id; also the consumer's name in `processed_events`. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: EventHandler;
  /** Publishes dead letters; connected and disconnected by the caller. */
  readonly deadLetters: EventPublisher;
  readonly retry?: Partial<RetryPolicy>;
  /** Where a group without committed offsets starts; `false` (newest) by default, as in Kafka. */
  readonly fromBeginning?: boolean;
  /** kafkajs consumer settings (session timeout, heartbeat interval, max wait…). */
  readonly consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  readonly logger?: EventLogger;
}

/** A shutdown arrived while a failed message was waiting for its next attempt. */
class DeliveryInterrupted extends Error {}

/**
 * A consumer-group member that decodes and validates CloudEvents records, runs the handler with
 * retries and exponential backoff, and dead-letters what keeps failing so the partition keeps
 * flowing. Records of one partition are handled strictly one after another (per-key order).
 *
 * Offsets are committed after each batch and on stop; a message's offset is resolved only once it
 * was handled or dead-lettered, so a crash redelivers, never loses. Invalid events (a contract
 * violation cannot heal) are dead-lettered at once without retries.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly retry: RetryPolicy;
  private readonly logger: EventLogger;
  private stopping = false;
  private readonly wakeSleepers = new Set<() => void>();

  constructor(
    kafka: Kafka,
    private readonly options: EventConsumerOptions,
  ) {
    this.consumer = kafka.consumer({ ...options.consumerConfig, groupId: options.groupId });
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? stderrEventLogger;
  }

  /** Joins the group and starts consuming; resolves once the consumer runs (not when it has partitions). */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? false });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /**
   * Graceful stop: no new fetches, the batch in hand is finished (a message waiting out a retry
   * backoff is left uncommitted for the next owner), offsets are committed, the group is left.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakeSleepers) wake();
    await this.consumer.disconnect();
  }

  /** The underlying kafkajs consumer, e.g. to listen to `consumer.events.GROUP_JOIN`. */
  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (const message of batch.messages) {
      // A rebalance took the partition away: its new owner starts from the last resolved offset.
      if (payload.isStale()) return;
      try {
        await this.deliver(batch.topic, batch.partition, message, () => payload.heartbeat());
      } catch (error) {
        if (error instanceof DeliveryInterrupted) return;
        throw error;
      }
      payload.resolveOffset(message.offset);
      await payload.heartbeat();
    }
  }

  private async deliver(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    let event: CrmBridgeEvent;
    try {
      event = fromKafkaMessage(topic, message);
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error;
      await this.deadLetter(topic, partition, message, error, 1);
      return;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.handler(event, { topic, partition, offset: message.offset, attempt });
        return;
      } catch (error) {
        if (attempt >= this.retry.maxAttempts) {
          await this.deadLetter(topic, partition, message, error, attempt, event);
          return;
        }
        const backoffMs = this.backoffMs(attempt);
        this.logger.warn('event handler failed; retrying', {
          consumerGroup: this.options.groupId,
          topic,
          partition,
          offset: message.offset,
          eventId: event.eventId,
          eventType: event.type,
          tenantId: event.tenantId,
          integrationId: event.integrationId,
          correlationId: event.correlationId,
          attempt,
          backoffMs,
          error: describeError(error),
        });
        await this.sleepWithHeartbeats(backoffMs, heartbeat);
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
    event?: CrmBridgeEvent,
  ): Promise<void> {
    const record = deadLetterRecord({ topic, partition, message, consumerGroup: this.options.groupId, error, attempts });
    await this.options.deadLetters.publishRecords([{ topic: record.topic, messages: [record.message] }]);
    this.logger.error('event dead-lettered', {
      consumerGroup: this.options.groupId,
      topic,
      partition,
      offset: message.offset,
      deadLetterTopic: record.topic,
      eventId: event?.eventId,
      eventType: event?.type,
      tenantId: event?.tenantId,
      integrationId: event?.integrationId,
      correlationId: event?.correlationId,
      attempts,
      error: describeError(error),
    });
  }

  private backoffMs(failedAttempt: number): number {
    const exponential = Math.min(this.retry.maxBackoffMs, this.retry.initialBackoffMs * 2 ** (failedAttempt - 1));
    return Math.round(exponential * (1 + Math.random() * 0.2));
  }

  /** Waits out a backoff without losing group membership; a shutdown cuts it short. */
  private async sleepWithHeartbeats(durationMs: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + durationMs;
    while (Date.now() < until) {
      if (this.stopping) throw new DeliveryInterrupted();
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.wakeSleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(500, until - Date.now()));
        this.wakeSleepers.add(wake);
      });
      await heartbeat();
    }
    if (this.stopping) throw new DeliveryInterrupted();
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
