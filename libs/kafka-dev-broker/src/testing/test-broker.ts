import {
  Kafka,
  logLevel,
  type Admin,
  type AdminConfig,
  type Consumer,
  type ConsumerConfig,
  type IHeaders,
  type KafkaMessage,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import { KafkaDevBroker, type BrokerAddress, type KafkaDevBrokerStartOptions } from '../broker';
import { createCollectingLogger, type LogEntry } from './collecting-logger';

/**
 * Consumer settings small enough for fast tests: kafkajs's defaults (30 s session, 60 s
 * rebalance, 5 s max wait) would make every rebalance test take minutes.
 */
export const FAST_CONSUMER_SETTINGS = {
  sessionTimeout: 8000,
  heartbeatInterval: 500,
  rebalanceTimeout: 4000,
  maxWaitTimeInMs: 200,
  retry: { initialRetryTime: 100, retries: 8 },
} satisfies Partial<ConsumerConfig>;

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** A running broker plus kafkajs clients that are all disconnected by `stop()`. */
export class TestBroker {
  private readonly clients: Array<{ disconnect(): Promise<void> }> = [];
  private clientCounter = 0;

  private constructor(
    readonly broker: KafkaDevBroker,
    readonly address: BrokerAddress,
    readonly logs: LogEntry[],
  ) {}

  static async start(options: KafkaDevBrokerStartOptions = {}): Promise<TestBroker> {
    const { logger, entries } = createCollectingLogger();
    const broker = new KafkaDevBroker({ logger });
    const address = await broker.start({ port: 0, ...options });
    return new TestBroker(broker, address, entries);
  }

  get bootstrap(): string {
    return `${this.address.host}:${this.address.port}`;
  }

  kafka(clientId = `test-client-${++this.clientCounter}`): Kafka {
    return new Kafka({
      clientId,
      brokers: [this.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, retries: 5 },
    });
  }

  async admin(config: AdminConfig = {}): Promise<Admin> {
    const admin = this.kafka().admin(config);
    await admin.connect();
    this.clients.push(admin);
    return admin;
  }

  async producer(config: ProducerConfig = {}): Promise<Producer> {
    const producer = this.kafka().producer(config);
    await producer.connect();
    this.clients.push(producer);
    return producer;
  }

  async consumer(config: Partial<ConsumerConfig> & { groupId: string }, clientId?: string): Promise<Consumer> {
    const consumer = this.kafka(clientId).consumer({ ...FAST_CONSUMER_SETTINGS, ...config });
    await consumer.connect();
    this.clients.push(consumer);
    return consumer;
  }

  /** Disconnects every client created here, then stops the broker. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.clients.splice(0).map((client) => client.disconnect()));
    await this.broker.stop();
  }
}

/**
 * Follows one consumer: the partitions it was last assigned (from kafkajs's GROUP_JOIN event)
 * and every message it processed.
 */
export class ConsumerObserver {
  assignment: Record<string, number[]> = {};
  joins = 0;
  readonly messages: ReceivedMessage[] = [];

  constructor(readonly consumer: Consumer) {
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.joins += 1;
      this.assignment = event.payload.memberAssignment;
    });
  }

  partitionsOf(topic: string): number[] {
    return [...(this.assignment[topic] ?? [])].sort((a, b) => a - b);
  }

  /** `consumer.run` storing each message; `onMessage` may block to simulate slow processing. */
  async run(onMessage?: (message: ReceivedMessage) => Promise<void>): Promise<void> {
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const received = toReceivedMessage(topic, partition, message);
        if (onMessage !== undefined) {
          await onMessage(received);
        }
        this.messages.push(received);
      },
    });
  }
}

export function toReceivedMessage(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? null,
    headers: headersToStrings(message.headers ?? {}),
  };
}

function headersToStrings(headers: IHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) {
      continue;
    }
    result[key] = Array.isArray(value) ? value.map((item) => item.toString()).join(',') : value.toString();
  }
  return result;
}

/** Unique names keep tests in one broker from seeing each other's topics and groups. */
let nameCounter = 0;
export function uniqueName(prefix: string): string {
  nameCounter += 1;
  return `${prefix}-${process.pid}-${nameCounter}`;
}
