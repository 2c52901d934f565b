import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Test-only aggregate: one row per Kafka key with the next sequence number. Writers update it in
 * the same transaction as their outbox row, as a real service updates a deal, so writers of one
 * key serialise on its row lock and every event carries its key's sequence number.
 */
@Entity({ name: 'test_key_sequences' })
export class TestKeySequenceEntity {
  @PrimaryColumn({ name: 'message_key', type: 'text' })
  messageKey: string;

  @Column({ name: 'next_sequence', type: 'integer' })
  nextSequence: number;
}

/** Test-only effect of a consumer: one row per application of an event (duplicates would show). */
@Entity({ name: 'test_applied_effects' })
export class TestAppliedEffectEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  consumer: string;
}
