import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import type { RecordModule } from '@crm-bridge/contracts';
import { ConflictResolution, ConflictStatus } from './conflict.enums';

/**
 * One field of one record that both the portal and Zoho changed since the last-synced snapshot
 * (ARCHITECTURE §6). The three values are kept as JSON because a field may hold a string, a
 * decimal string, a date, a boolean or a lookup object; they are the normalised canonical values.
 */
@Entity({ name: 'conflicts' })
@Index('IDX_conflicts_tenant_created', ['tenantId', 'createdAt', 'id'])
// Serves `Deal.openConflicts` (and the same lookup for the other modules): only open conflicts
// are looked up by record, and they are a small share of all rows once resolutions accumulate.
@Index('IDX_conflicts_tenant_record_open', ['tenantId', 'portalRecordId'], { where: `status = 'OPEN'` })
export class ConflictEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  // Enums are stored as plain text: a new value needs no ALTER TYPE migration.
  @Column({ name: 'record_module', type: 'text' })
  recordModule: RecordModule;

  /** Id of the record in sync-engine's portal record store (e.g. a `Deal` id). */
  @Column({ name: 'portal_record_id', type: 'uuid' })
  portalRecordId: string;

  /** Null when the record has not been linked to a Zoho record. */
  @Column({ name: 'zoho_record_id', type: 'text', nullable: true })
  zohoRecordId: string | null;

  /** The canonical (portal-side) field name, e.g. `amount`. */
  @Column({ name: 'field_name', type: 'text' })
  fieldName: string;

  /** The last-synced value both sides started from; null when the field had none. */
  @Column({ name: 'base_value', type: 'jsonb', nullable: true })
  baseValue: unknown;

  @Column({ name: 'portal_value', type: 'jsonb', nullable: true })
  portalValue: unknown;

  @Column({ name: 'zoho_value', type: 'jsonb', nullable: true })
  zohoValue: unknown;

  /** When the portal side changed the field: the "latest change wins" policy compares these. */
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
  resolvedValue: unknown;

  /** The reviewer's user id, or `policy:<POLICY>` (e.g. `policy:ZOHO_WINS`) when a policy decided. */
  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
