import { Column, Entity, Index } from 'typeorm';
import type { RecordModule } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * A conflicting field sync-engine last reported in `conflict.detected`, with a fingerprint of the
 * base, portal and Zoho values it reported. An open conflict is found again by every sync of its
 * record (a poll's overlap, each outbound flush, a full sync); it is published again only when its
 * values changed, so a record waiting for review costs one event per change, not one per read.
 * The row goes when the conflict is no longer found or its resolution is applied.
 */
@Entity({ name: 'reported_conflicts' })
@Index('UQ_reported_conflicts_field', ['integrationId', 'module', 'portalRecordId', 'field'], { unique: true })
export class ReportedConflictEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  module: RecordModule;

  @Column({ name: 'portal_record_id', type: 'uuid' })
  portalRecordId: string;

  /** The portal field name. */
  @Column({ type: 'text' })
  field: string;

  /** SHA-256 of the reported base, portal and Zoho values. */
  @Column({ type: 'text' })
  fingerprint: string;
}
