import type { ServiceDatabaseDefinition } from '@crm-bridge/persistence';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';
import { ProcessedEventEntity } from '../idempotency/processed-event.entity';
import { TestAppliedEffectEntity, TestKeySequenceEntity } from './kafka-platform-test.entities';
import { CreateKafkaPlatformTestTables1795334794921 } from './migrations/1795334794921-CreateKafkaPlatformTestTables';

/**
 * A stand-in service database for the library's tests and benchmark, declared the way a real
 * service includes the outbox and processed-events entities next to its own. The migration was
 * generated from the entities (the same schema-builder diff as `npm run migration:generate`), and
 * the tests check that no drift remains.
 */
export const kafkaPlatformTestDatabase: ServiceDatabaseDefinition = {
  schema: 'kafka_platform_test',
  entities: [OutboxEventEntity, ProcessedEventEntity, TestKeySequenceEntity, TestAppliedEffectEntity],
  migrations: [CreateKafkaPlatformTestTables1795334794921],
};
