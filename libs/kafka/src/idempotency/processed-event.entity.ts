import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which events a consumer has already applied. The row is inserted in the same transaction as the
 * effect (see {@link runOnce}), so "applied" and "recorded as applied" cannot disagree. Lives in
 * the consuming service's schema: add the entity to its `ServiceDatabaseDefinition`.
 */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  /** The consumer group id: two consumers in one service may each apply the same event once. */
  @PrimaryColumn({ type: 'text' })
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz', precision: 3 })
  processedAt: Date;
}
