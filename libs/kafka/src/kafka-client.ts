import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig } from 'kafkajs';
import { listVariable, z } from '@crm-bridge/config';

const BROKER_ADDRESS = /^[^\s:,/]+:\d{1,5}$/;

/**
 * `KAFKA_BROKERS`: the bootstrap brokers as `host:port` entries separated by commas, e.g.
 * `KAFKA_BROKERS=kafka-1:9092,kafka-2:9092`. Add it to a service's config schema:
 *
 * @example
 *   const schema = subgraphServiceConfigSchema(4003).extend({ KAFKA_BROKERS: kafkaBrokersVariable() });
 */
export function kafkaBrokersVariable() {
  return listVariable()
    .refine((brokers) => brokers.length > 0, { message: 'must name at least one broker, e.g. 127.0.0.1:9092' })
    .refine((brokers) => brokers.every((broker) => BROKER_ADDRESS.test(broker)), {
      message: 'must be host:port entries separated by commas, e.g. kafka-1:9092,kafka-2:9092',
    });
}

export const kafkaConfigSchema = z.object({
  KAFKA_BROKERS: kafkaBrokersVariable(),
});

export interface KafkaClientOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** kafkajs's own log level; default WARN (kafkajs logs JSON to stdout). */
  readonly logLevel?: KafkaLogLevel;
  /** Any other kafkajs client setting (retry, request timeouts, ssl, sasl). */
  readonly overrides?: Omit<KafkaConfig, 'clientId' | 'brokers' | 'logLevel'>;
}

/** The kafkajs client for a service: the only place that constructs one. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    ...options.overrides,
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.logLevel ?? KafkaLogLevel.WARN,
  });
}
