import type { EntityManager } from 'typeorm';
import type { CrmBridgeEvent } from '@crm-bridge/contracts';
import { topicOfEventType } from '@crm-bridge/contracts';
import { SpanAttributes, SpanKind, inSpan, traceContextHeaders } from '@crm-bridge/observability';
import { toKafkaMessage } from '../cloud-event-message';
import { OutboxEventEntity } from './outbox-event.entity';

/**
 * Adds events to the outbox inside the caller's transaction, so they are published if and only
 * if the state change commits.
 *
 * With tracing on, the rows are written in a PRODUCER span (child of the request's span) whose
 * trace context is stored with each row as `ce_traceparent`: the event carries the trace of the
 * change that caused it, however late the relay publishes it.
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
  if (events.length === 0) {
    return;
  }
  const topics = [...new Set(events.map((event) => topicOfEventType(event.type)))];
  await inSpan(
    `create ${topics.join(',')}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [SpanAttributes.messagingSystem]: 'kafka',
        [SpanAttributes.messagingOperationType]: 'create',
        [SpanAttributes.messagingDestinationName]: topics.join(','),
      },
    },
    async () => {
      const traceContext = traceContextHeaders();
      await manager.getRepository(OutboxEventEntity).insert(
        events.map((event) => {
          const message = toKafkaMessage(event, traceContext);
          return {
            eventId: event.eventId,
            topic: topicOfEventType(event.type),
            messageKey: message.key,
            headers: message.headers,
            payload: message.value,
          };
        }),
      );
    },
  );
}
