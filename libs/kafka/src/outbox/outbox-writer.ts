import type { EntityManager } from 'typeorm';
import type { CrmBridgeEvent } from '@crm-bridge/contracts';
import { topicOfEventType } from '@crm-bridge/contracts';
import { toKafkaMessage } from '../cloud-event-message';
import { OutboxEventEntity } from './outbox-event.entity';

/**
 * Adds events to the outbox inside the caller's transaction, so they are published if and only
 * if the state change commits.
 *
 * Per-key order is the order of the outbox ids among committed rows. Writers that change the same
 * aggregate serialise on its row lock, so write the state change first and the outbox row after
 * it (as below): the later transaction then also takes the later id.
 *
 * @example
 *   await dataSource.transaction(async (manager) => {
 *     await manager.getRepository(DealEntity).update(deal.id, { phase });
 *     await appendToOutbox(manager, [createEvent('portal-record.changed', { ... })]);
 *   });
 */
export async function appendToOutbox(manager: EntityManager, events: readonly CrmBridgeEvent[]): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendToOutbox needs the EntityManager of an open transaction (dataSource.transaction(manager => …))');
  }
  if (events.length === 0) return;
  await manager.getRepository(OutboxEventEntity).insert(
    events.map((event) => {
      const message = toKafkaMessage(event);
      return {
        eventId: event.eventId,
        topic: topicOfEventType(event.type),
        messageKey: message.key,
        headers: message.headers,
        payload: message.value,
      };
    }),
  );
}
