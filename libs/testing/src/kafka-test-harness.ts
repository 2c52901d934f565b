import { randomUUID } from 'node:crypto';
import { logLevel, type Consumer, type Kafka, type KafkaMessage } from 'kafkajs';
import { KafkaDevBroker } from '@crm-bridge/kafka-dev-broker';
import type { ServiceMetrics } from '@crm-bridge/observability';
import { createKafkaClient, EventPublisher, type EventLogger } from '@crm-bridge/kafka';

/**
 * kafkajs settings that keep tests fast: a group notices a gone member within seconds, and an
 * idle fetch returns within 200 ms. Production keeps kafkajs's defaults.
 */
export const FAST_CONSUMER_CONFIG = {
  sessionTimeout: 6_000,
  rebalanceTimeout: 6_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 200,
} as const;

/** A development broker on a free loopback port and a kafkajs client pointed at it. */
export class KafkaTestBroker {
  private constructor(
    private readonly broker: KafkaDevBroker,
    readonly bootstrap: string,
    readonly kafka: Kafka,
  ) {}

  /** On a free loopback port, or on `port` (e.g. to bring a stopped broker back where its clients expect it). */
  static async start(options: { defaultPartitions?: number; port?: number } = {}): Promise<KafkaTestBroker> {
    const broker = new KafkaDevBroker({ logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    const { host, port } = await broker.start({ port: options.port ?? 0, defaultPartitions: options.defaultPartitions ?? 1 });
    const bootstrap = `${host}:${port}`;
    return new KafkaTestBroker(
      broker,
      bootstrap,
      createKafkaClient({ clientId: 'kafka-lib-test', brokers: [bootstrap], logLevel: logLevel.NOTHING }),
    );
  }

  async createTopics(topics: readonly string[], numPartitions: number): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })) });
    } finally {
      await admin.disconnect();
    }
  }

  /** Committed offset per partition of `topic` for `groupId` (-1 when none). */
  async committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return new Map((offsets?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]));
    } finally {
      await admin.disconnect();
    }
  }

  stop(): Promise<void> {
    return this.broker.stop();
  }
}

/** A record as a test reads it back: strings instead of Buffers. */
export interface RecordedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | undefined;
  readonly value: string | undefined;
  readonly headers: Record<string, string>;
}

/** Reads topics from the beginning with a plain kafkajs consumer: what any other subscriber would see. */
export class TopicRecorder {
  readonly records: RecordedMessage[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly topics: readonly string[],
  ) {
    this.consumer = kafka.consumer({ ...FAST_CONSUMER_CONFIG, groupId: `recorder-${randomUUID()}` });
  }

  async start(): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        this.records.push(toRecorded(topic, partition, message));
        return Promise.resolve();
      },
    });
    return this;
  }

  on(topic: string): RecordedMessage[] {
    return this.records.filter((record) => record.topic === topic);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

function toRecorded(topic: string, partition: number, message: KafkaMessage): RecordedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) {
      headers[name] = (Array.isArray(value) ? value[0] : value)?.toString() ?? '';
    }
  }
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key?.toString(),
    value: message.value?.toString(),
    headers,
  };
}

/** Keeps what the library logged, so a test can assert on it and the output stays quiet. */
export class CollectingLogger implements EventLogger {
  readonly entries: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.entries.push({ level: 'error', message, fields });
  }
}

/**
 * Registers cleanups that run last-in-first-out when the test ends (node:test runs `t.after`
 * hooks in registration order): consumers must leave before the broker they talk to stops, or
 * kafkajs spends seconds retrying against a closed port.
 */
export function cleanupStack(t: { after(fn: () => Promise<void>): void }): DeferCleanup {
  const cleanups: (() => Promise<void>)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup();
    }
  });
  return (cleanup) => void cleanups.push(cleanup);
}

/** Registers a cleanup to run when the test ends (cleanups run last-registered first). */
export type DeferCleanup = (cleanup: () => Promise<void>) => void;

/**
 * A broker and a connected publisher for one test, both stopped when the test ends; further
 * cleanups go through the returned `defer`.
 */
export async function startBrokerWithPublisher(
  t: { after(fn: () => Promise<void>): void },
  options: { metrics?: ServiceMetrics } = {},
): Promise<{ broker: KafkaTestBroker; publisher: EventPublisher; defer: DeferCleanup }> {
  const defer = cleanupStack(t);
  const broker = await KafkaTestBroker.start();
  defer(() => broker.stop());
  const publisher = new EventPublisher(broker.kafka, {}, options.metrics);
  await publisher.connect();
  defer(() => publisher.disconnect());
  return { broker, publisher, defer };
}
