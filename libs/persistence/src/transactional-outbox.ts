import type { EntityManager } from 'typeorm';
import type { CrmBridgeEvent } from '@crm-bridge/contracts';

/**
 * Appends events to the service's outbox inside a transaction, so they are published if and only
 * if the state change commits (ARCHITECTURE §3). An abstract class so it is its own Nest injection
 * token: `@crm-bridge/kafka`'s `ServiceKafkaModule` provides the implementation, repositories take
 * it in their constructor and hand it to {@link TenantScopedRepository}.
 */
export abstract class TransactionalOutbox {
  abstract append(manager: EntityManager, events: readonly CrmBridgeEvent[]): Promise<void>;
}
