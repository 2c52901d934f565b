import { Column, Entity, Index } from 'typeorm';
import type { ConflictClearedReason, ConflictPolicy, ConflictResolution, RecordFieldValue } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * The audit of one resolution: who settled which conflict, when, with what value, by which policy
 * or person, and the values the conflict had then — or of its clearing, when it ended without a
 * resolution (no resolution or value, `resolvedBy` `sync-engine`, `clearedReason` why). Written in
 * the transaction that settled it and never changed; the conflict row says where it stands now,
 * these rows say how it got there.
 */
@Entity({ name: 'conflict_resolution_records' })
@Index('IDX_conflict_resolution_records_conflict', ['tenantId', 'conflictId', 'resolvedAt'])
export class ConflictResolutionRecordEntity extends TenantScopedEntity {
  @Column({ name: 'conflict_id', type: 'uuid' })
  conflictId: string;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** Which value was kept; null for a clearing. */
  @Column({ type: 'text', nullable: true })
  resolution: ConflictResolution | null;

  /** Why the conflict was cleared; null for a resolution. */
  @Column({ name: 'cleared_reason', type: 'text', nullable: true })
  clearedReason: ConflictClearedReason | null;

  @Column({ name: 'resolved_value', type: 'jsonb', nullable: true })
  resolvedValue: RecordFieldValue;

  /** The policy that decided; null when a person did. */
  @Column({ type: 'text', nullable: true })
  policy: ConflictPolicy | null;

  /** The reviewer's user id, `policy:<POLICY>`, or `sync-engine` for a clearing. */
  @Column({ name: 'resolved_by', type: 'text' })
  resolvedBy: string;

  @Column({ name: 'resolved_at', type: 'timestamptz' })
  resolvedAt: Date;

  /** The conflict's values when it was resolved or cleared: what the decision was made between. */
  @Column({ name: 'base_value', type: 'jsonb', nullable: true })
  baseValue: RecordFieldValue;

  @Column({ name: 'portal_value', type: 'jsonb', nullable: true })
  portalValue: RecordFieldValue;

  @Column({ name: 'zoho_value', type: 'jsonb', nullable: true })
  zohoValue: RecordFieldValue;
}
