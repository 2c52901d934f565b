import { Column, Entity, Index } from 'typeorm';
import type { RecordModule } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/** What to do with a portal record in Zoho: write its current values (create or update), or delete it. */
export const OUTBOUND_OPERATIONS = ['UPSERT', 'DELETE'] as const;
export type OutboundOperation = (typeof OUTBOUND_OPERATIONS)[number];

/**
 * A portal record with changes not yet pushed to Zoho. One row per record: a later change only
 * moves `lastChangedAt` and `dueAt` (the debounce) and bumps `revision`. The row is deleted in the
 * transaction that records the record's outcome — and only if no change came in meanwhile — so a
 * crash at any point leaves the change queued (see the README's "Outbound sync").
 */
@Entity({ name: 'outbound_changes' })
@Index('UQ_outbound_changes_record', ['integrationId', 'module', 'portalRecordId'], { unique: true })
@Index('IDX_outbound_changes_integration_due', ['integrationId', 'dueAt'])
export class OutboundChangeEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  module: RecordModule;

  @Column({ name: 'portal_record_id', type: 'uuid' })
  portalRecordId: string;

  @Column({ type: 'text' })
  operation: OutboundOperation;

  /** The first change not yet in Zoho: the debounce never holds a record longer than ten periods after it. */
  @Column({ name: 'first_changed_at', type: 'timestamptz', precision: 3 })
  firstChangedAt: Date;

  /** The newest change: the start of its portal → Zoho propagation. */
  @Column({ name: 'last_changed_at', type: 'timestamptz', precision: 3 })
  lastChangedAt: Date;

  /** When the debounce lets it go (`outboundDueAt`). */
  @Column({ name: 'due_at', type: 'timestamptz', precision: 3 })
  dueAt: Date;

  /** Failed pushes since the last success. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** After a failure: not before this (back-off). A new change clears it. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** Why the last push failed, readable. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Bumped by every change: an outcome recorded for an older revision leaves the row for the newer change. */
  @Column({ type: 'integer', default: 1 })
  revision: number;
}
