import { Global } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TransactionalOutbox } from '@crm-bridge/persistence';
import { SubgraphFeature } from '@crm-bridge/service-runtime';
import { kafkaConfigSchema } from '../kafka-client';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';
import { ProcessedEventEntity } from '../idempotency/processed-event.entity';
import { KafkaOutbox } from './kafka-outbox';
import { ServiceKafkaRuntime } from './service-kafka.runtime';

/**
 * Kafka as a feature of a service: list it in the service definition's `features` and the service
 * gets `KAFKA_BROKERS` in its validated configuration, the `outbox_events` and `processed_events`
 * tables in its schema (generate the migration once), a `TransactionalOutbox` its repositories
 * inject, a Kafka check in `/health/ready`, and a consumer for every `@OnEvents` method of its
 * providers, all started and stopped with the service (see {@link ServiceKafkaRuntime}).
 */
@Global()
@SubgraphFeature({
  imports: [DiscoveryModule],
  providers: [ServiceKafkaRuntime, { provide: TransactionalOutbox, useClass: KafkaOutbox }],
  exports: [TransactionalOutbox],
  entities: [OutboxEventEntity, ProcessedEventEntity],
  config: kafkaConfigSchema.shape,
})
export class ServiceKafkaModule {}
