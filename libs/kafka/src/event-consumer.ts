import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { backoffDelayMs } from '@crm-bridge/backoff';
import { EventValidationError, type CrmBridgeEvent } from '@crm-bridge/contracts';
import { SpanAttributes, SpanKind, inSpan, type Span, type ServiceMetrics } from '@crm-bridge/observability';
import { fromKafkaMessage, traceContextOfRecord } from './cloud-event-message';
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
 * Attempt `n` (1-based) that fails waits `min(maxBackoffMs, initialBackoffMs * 2^(n-1))` with
 * equal jitter (half of that to all of it, `@crm-bridge/backoff`) before attempt `n + 1`; after
 * `maxAttempts` the message goes to `<topic>.dlq`.
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
  /**
   * The service's metrics: records consumed, handling time, retries, dead letters and consumer lag
   * per partition (`crm_bridge_kafka_*`).
   */
  readonly metrics?: ServiceMetrics;
}

type DeliveryOutcome = 'handled' | 'dead_lettered';

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
  /** `topic|partition` of every lag series this member has set, to drop those it no longer owns. */
  private readonly lagSeries = new Set<string>();

  constructor(
    kafka: Kafka,
    private readonly options: EventConsumerOptions,
  ) {
    this.consumer = kafka.consumer({ ...options.consumerConfig, groupId: options.groupId });
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? stderrEventLogger;
    if (options.metrics) {
      // After a rebalance another member reports the partitions this one lost; a stale value here
      // would double-count lag in dashboards and could fire an alert for a partition nobody lags on.
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.forgetLagOfLostPartitions(payload.memberAssignment));
    }
  }

  /** Joins the group and starts consuming; resolves once the consumer runs (not when it has partitions). */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? false });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /**
   * Graceful stop: no new fetches, the event in hand is finished and the rest of its batch left
   * (as is a message waiting out a retry backoff) uncommitted for the next owner, offsets of what
   * was handled are committed, the group is left.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakeSleepers) {
      wake();
    }
    await this.consumer.disconnect();
    this.forgetLagOfLostPartitions({});
  }

  /** The underlying kafkajs consumer, e.g. to listen to `consumer.events.GROUP_JOIN`. */
  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (const message of batch.messages) {
      // A rebalance took the partition away: its new owner starts from the last resolved offset.
      // On shutdown the rest of the batch is left, unresolved, to whoever consumes next, so a
      // service stops within one event's handling time instead of one batch's.
      if (payload.isStale() || this.stopping) {
        return;
      }
      try {
        await this.deliver(batch.topic, batch.partition, message, () => payload.heartbeat());
      } catch (error) {
        if (error instanceof DeliveryInterrupted) {
          return;
        }
        throw error;
      }
      payload.resolveOffset(message.offset);
      this.recordLag(batch.topic, batch.partition, batch.highWatermark, message.offset);
      await payload.heartbeat();
    }
  }

  /**
   * Handles one record in a CONSUMER span, child of the producer's context carried in
   * `ce_traceparent` (a new trace when the record has none): the handler's log lines, database
   * work and Zoho calls join the trace of the change that caused the event.
   */
  private async deliver(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const startedAt = process.hrtime.bigint();
    const outcome = await inSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        parent: traceContextOfRecord(message.headers),
        attributes: {
          [SpanAttributes.messagingSystem]: 'kafka',
          [SpanAttributes.messagingOperationType]: 'process',
          [SpanAttributes.messagingDestinationName]: topic,
          [SpanAttributes.messagingDestinationPartitionId]: String(partition),
          [SpanAttributes.messagingConsumerGroupName]: this.options.groupId,
          [SpanAttributes.messagingKafkaOffset]: Number(message.offset),
        },
      },
      (span) => this.deliverInSpan(topic, partition, message, heartbeat, span),
    );
    const labels = { topic, consumer_group: this.options.groupId, outcome };
    this.options.metrics?.kafkaMessagesConsumed.inc(labels);
    this.options.metrics?.kafkaMessageHandlingSeconds.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
  }

  private async deliverInSpan(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    span: Span,
  ): Promise<DeliveryOutcome> {
    let event: CrmBridgeEvent;
    try {
      event = fromKafkaMessage(topic, message);
    } catch (error) {
      if (!(error instanceof EventValidationError)) {
        throw error;
      }
      await this.deadLetter(topic, partition, message, error, 1);
      this.options.metrics?.kafkaDeadLetters.inc({ topic, consumer_group: this.options.groupId, reason: 'invalid_event' });
      span.setAttribute(SpanAttributes.eventAttempts, 0);
      return 'dead_lettered';
    }
    span.setAttributes({ [SpanAttributes.messagingMessageId]: event.eventId, [SpanAttributes.eventType]: event.type });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.handler(event, { topic, partition, offset: message.offset, attempt });
        span.setAttribute(SpanAttributes.eventAttempts, attempt);
        return 'handled';
      } catch (error) {
        if (attempt >= this.retry.maxAttempts) {
          await this.deadLetter(topic, partition, message, error, attempt, event);
          this.options.metrics?.kafkaDeadLetters.inc({ topic, consumer_group: this.options.groupId, reason: 'handler_failed' });
          span.setAttribute(SpanAttributes.eventAttempts, attempt);
          return 'dead_lettered';
        }
        this.options.metrics?.kafkaHandlerRetries.inc({ topic, consumer_group: this.options.groupId });
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

  /** Records left after `offset` in the partition, as of the batch's high watermark. */
  private recordLag(topic: string, partition: number, highWatermark: string, offset: string): void {
    if (!this.options.metrics) {
      return;
    }
    const lag = Math.max(0, Number(highWatermark) - (Number(offset) + 1));
    this.options.metrics.kafkaConsumerLag.set({ topic, partition: String(partition), consumer_group: this.options.groupId }, lag);
    this.lagSeries.add(`${topic}|${partition}`);
  }

  private forgetLagOfLostPartitions(assignment: Record<string, number[]>): void {
    for (const series of [...this.lagSeries]) {
      const separator = series.lastIndexOf('|');
      const topic = series.slice(0, separator);
      const partition = Number(series.slice(separator + 1));
      if (assignment[topic]?.includes(partition)) {
        continue;
      }
      this.options.metrics?.kafkaConsumerLag.remove({ topic, partition: String(partition), consumer_group: this.options.groupId });
      this.lagSeries.delete(series);
    }
  }

  private backoffMs(failedAttempt: number): number {
    return backoffDelayMs(failedAttempt, {
      initialDelayMs: this.retry.initialBackoffMs,
      maxDelayMs: this.retry.maxBackoffMs,
      jitter: 'equal',
    });
  }

  /** Waits out a backoff without losing group membership; a shutdown cuts it short. */
  private async sleepWithHeartbeats(durationMs: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + durationMs;
    while (Date.now() < until) {
      if (this.stopping) {
        throw new DeliveryInterrupted();
      }
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
    if (this.stopping) {
      throw new DeliveryInterrupted();
    }
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
