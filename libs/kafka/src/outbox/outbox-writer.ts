import type { EntityManager, QueryRunner } from 'typeorm';
import type { CrmBridgeEvent } from '@crm-bridge/contracts';
import { topicOfEventType } from '@crm-bridge/contracts';
import { SpanAttributes, SpanKind, inSpan, traceContextHeaders } from '@crm-bridge/observability';
import { toKafkaMessage } from '../cloud-event-message';
import { OutboxEventEntity } from './outbox-event.entity';

/**
 * Adds events to the outbox inside the caller's transaction, so they are published if and only
 * if the state change commits. However many events, they are written with ONE set-based INSERT
 * (a page of 2,000 deal changes is one statement, not 2,000), in the order given.
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
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error('appendToOutbox needs the EntityManager of an open transaction (dataSource.transaction(manager => …))');
  }
  if (events.length === 0) {
    return;
  }
  (queryRunner.data as Record<symbol, unknown>)[WROTE_OUTBOX_ROWS] = true;
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
      const messages = events.map((event) => ({ event, message: toKafkaMessage(event, traceContext) }));
      const outbox = manager.getRepository(OutboxEventEntity);
      // One array per column: one statement of five parameters however many events (a VALUES list
      // takes five per event, past PostgreSQL's 65,535 at 13,108 events), ids taken in array order.
      await outbox.query(
        `INSERT INTO ${outbox.metadata.tablePath} (event_id, topic, message_key, headers, payload)
         SELECT event_id, topic, message_key, headers::jsonb, payload
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
           AS event(event_id, topic, message_key, headers, payload, position)
         ORDER BY position`,
        [
          messages.map(({ event }) => event.eventId),
          messages.map(({ event }) => topicOfEventType(event.type)),
          messages.map(({ message }) => message.key),
          messages.map(({ message }) => JSON.stringify(message.headers)),
          messages.map(({ message }) => message.value),
        ],
      );
    },
  );
}

const WROTE_OUTBOX_ROWS = Symbol('crm-bridge:wrote-outbox-rows');

/**
 * Whether this transaction's query runner appended outbox rows: after its commit the service's
 * relay is woken ({@link OutboxRelay.wake}) instead of finding them on its next idle poll.
 */
export function wroteOutboxRows(queryRunner: QueryRunner | undefined): boolean {
  return (queryRunner?.data as Record<symbol, unknown> | undefined)?.[WROTE_OUTBOX_ROWS] === true;
}
