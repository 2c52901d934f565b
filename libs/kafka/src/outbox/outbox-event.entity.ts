import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event waiting to be published, written in the same transaction as the state change it
 * describes (transactional outbox). It lives in the producing service's own schema: a service
 * adds this entity to its `ServiceDatabaseDefinition.entities` and generates a migration.
 *
 * The row holds the Kafka record exactly as it will be sent (topic, key, CloudEvents headers,
 * value), so the relay never needs the event contracts. Rows are deleted once Kafka acknowledged
 * them; the table is a queue, not a history.
 */
@Entity({ name: 'outbox_events' })
export class OutboxEventEntity {
  /**
   * Publication order. Never used as a cursor: a sequence value is taken before commit, so a
   * lower id can become visible after a higher one (see {@link OutboxRelay}).
   */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  topic: string;

  /** The integration id: all events of an integration land on one partition, in order. */
  @Column({ name: 'message_key', type: 'text' })
  messageKey: string;

  @Column({ type: 'jsonb' })
  headers: Record<string, string>;

  /** The record value: the event's `data` as JSON text. */
  @Column({ type: 'text' })
  payload: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
