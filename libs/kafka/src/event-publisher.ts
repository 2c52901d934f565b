import { Partitioners, type Kafka, type Message, type Producer, type ProducerConfig } from 'kafkajs';
import { topicOfEventType, type CrmBridgeEvent } from '@crm-bridge/contracts';
import type { ServiceMetrics } from '@crm-bridge/observability';
import { toKafkaMessage } from './cloud-event-message';

/** Records already encoded for one topic (outbox rows, dead letters, replays). */
export interface TopicRecords {
  readonly topic: string;
  readonly messages: Message[];
}

/**
 * Ordering settings every producer of this system uses:
 * - `acks: -1` (all in-sync replicas) on every send, so an acknowledged event survives a broker loss;
 * - `maxInFlightRequests: 1`, so a retried request can never overtake a later one and per-key
 *   order holds under retries (kafkajs allows unlimited requests in flight by default). kafkajs's
 *   idempotent producer would also keep order, but it retries forever and is marked experimental;
 *   duplicates from a retry are absorbed by idempotent consumers instead;
 * - the Java client's murmur2 partitioner (kafkajs's default since v2, named here so kafkajs stops
 *   warning about the change at every start), so a key lands on the same partition whichever
 *   client produced it.
 */
export const ORDERED_PRODUCER_CONFIG: ProducerConfig = {
  maxInFlightRequests: 1,
  idempotent: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * Publishes events with the CloudEvents binary encoding and key = integrationId. Services do not
 * call this for state changes (they write to the outbox, see {@link OutboxRelay}); it is what the
 * relay and the dead-letter path publish through.
 */
export class EventPublisher {
  private readonly producer: Producer;

  /**
   * @param metrics the service's metrics: acknowledged records count towards
   *   `crm_bridge_kafka_messages_produced_total{topic}`.
   */
  constructor(
    kafka: Kafka,
    producerConfig: ProducerConfig = {},
    private readonly metrics?: ServiceMetrics,
  ) {
    this.producer = kafka.producer({ ...ORDERED_PRODUCER_CONFIG, ...producerConfig });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Publishes events to their catalogued topics; resolves once every broker acknowledged. */
  async publish(events: readonly CrmBridgeEvent[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const topic = topicOfEventType(event.type);
      const messages = byTopic.get(topic);
      if (messages) {
        messages.push(toKafkaMessage(event));
      } else {
        byTopic.set(topic, [toKafkaMessage(event)]);
      }
    }
    await this.publishRecords([...byTopic].map(([topic, messages]) => ({ topic, messages })));
  }

  /** Publishes pre-encoded records in the given order per topic and key. */
  async publishRecords(records: readonly TopicRecords[]): Promise<void> {
    const topicMessages = records.filter((records_) => records_.messages.length > 0);
    if (topicMessages.length === 0) {
      return;
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: topicMessages.map(({ topic, messages }) => ({ topic, messages })) });
    for (const { topic, messages } of topicMessages) {
      this.metrics?.kafkaMessagesProduced.inc({ topic }, messages.length);
    }
  }
}
