import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import type { ConflictClearedReason, ConflictResolution, RecordFieldValue, RecordModule } from '@crm-bridge/contracts';
import { ConflictStatus } from './conflict.enums';

/**
 * One field of one record that both the portal and Zoho changed since the last-synced snapshot
 * (ARCHITECTURE §6). The three values are kept as JSON because a field may hold a string, a
 * decimal string, a date, a boolean or a lookup object; they are the normalised canonical values.
 */
@Entity({ name: 'conflicts' })
@Index('IDX_conflicts_tenant_created', ['tenantId', 'createdAt', 'id'])
// At most one open conflict per field of a record: a re-detection updates it. Also serves
// `Deal.openConflicts` (tenant and record lead): only open conflicts are looked up by record, and
// they are a small share of all rows once resolutions accumulate.
@Index('UQ_conflicts_open_field', ['tenantId', 'portalRecordId', 'recordModule', 'fieldName', 'integrationId'], {
  unique: true,
  where: `status = 'OPEN'`,
})
export class ConflictEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  // Enums are stored as plain text: a new value needs no ALTER TYPE migration.
  @Column({ name: 'record_module', type: 'text' })
  recordModule: RecordModule;

  /** Id of the record in sync-engine's portal record store (e.g. a `Deal` id). */
  @Column({ name: 'portal_record_id', type: 'uuid' })
  portalRecordId: string;

  /** Only linked records can conflict: both sides must have changed since they were last in sync. */
  @Column({ name: 'zoho_record_id', type: 'text' })
  zohoRecordId: string;

  /** The canonical (portal-side) field name, e.g. `amount`. */
  @Column({ name: 'field_name', type: 'text' })
  fieldName: string;

  /** The last-synced value both sides started from; null when the field had none. */
  @Column({ name: 'base_value', type: 'jsonb', nullable: true })
  baseValue: RecordFieldValue;

  @Column({ name: 'portal_value', type: 'jsonb', nullable: true })
  portalValue: RecordFieldValue;

  @Column({ name: 'zoho_value', type: 'jsonb', nullable: true })
  zohoValue: RecordFieldValue;

  /** When the portal side changed the field (the latest detection's): the "latest change wins" policy compares these. */
  @Column({ name: 'portal_changed_at', type: 'timestamptz' })
  portalChangedAt: Date;

  @Column({ name: 'zoho_changed_at', type: 'timestamptz' })
  zohoChangedAt: Date;

  @Column({ type: 'text' })
  status: ConflictStatus;

  @Column({ type: 'text', nullable: true })
  resolution: ConflictResolution | null;

  /** The value sync-engine writes to both sides; null while open (or when the kept value is null). */
  @Column({ name: 'resolved_value', type: 'jsonb', nullable: true })
  resolvedValue: RecordFieldValue;

  /**
   * The reviewer's user id, `policy:<POLICY>` (e.g. `policy:ZOHO_WINS`) when a policy decided, or
   * `sync-engine` when the conflict was cleared.
   */
  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  /** When it was resolved or cleared; null while open. */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Why it was cleared (status `CLEARED`); null otherwise. */
  @Column({ name: 'cleared_reason', type: 'text', nullable: true })
  clearedReason: ConflictClearedReason | null;
}
