export { createKafkaClient, kafkaBrokersVariable, kafkaConfigSchema, type KafkaClientOptions } from './kafka-client';
export {
  CloudEventHeaders,
  toKafkaMessage,
  fromKafkaMessage,
  headerText,
  traceContextOfRecord,
  type ConsumedRecord,
} from './cloud-event-message';
export { EventPublisher, ORDERED_PRODUCER_CONFIG, type TopicRecords } from './event-publisher';
export {
  EventConsumer,
  DEFAULT_RETRY_POLICY,
  type EventConsumerOptions,
  type EventHandler,
  type DeliveryContext,
  type RetryPolicy,
} from './event-consumer';
export { DeadLetterHeaders, deadLetterRecord, withoutDeadLetterHeaders, type DeadLetterFailure } from './dead-letter';
export { replayDeadLetters, type ReplayDeadLettersOptions, type ReplayReport } from './dead-letter-replay';
export { OutboxEventEntity } from './outbox/outbox-event.entity';
export { appendToOutbox } from './outbox/outbox-writer';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
export { ProcessedEventEntity } from './idempotency/processed-event.entity';
export { runOnce, type RunOnceOutcome } from './idempotency/run-once';
export { kafkaReadinessCheck } from './kafka-readiness';
export { stderrEventLogger, type EventLogger } from './event-logger';
export { ServiceKafkaModule } from './service/service-kafka.module';
export { ServiceKafkaRuntime } from './service/service-kafka.runtime';
export { OnEvents, type EventSubscription } from './service/on-events.decorator';
export { KafkaOutbox } from './service/kafka-outbox';
