import { Column, Entity, Index } from 'typeorm';
import type { RecordModule } from '@crm-bridge/contracts';
import type { CanonicalValues } from '@crm-bridge/sync-domain';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * A portal record and its Zoho record, and the values both sides had when they last agreed: the
 * base that change detection, echo suppression and the three-way merge compare against
 * (ARCHITECTURE §6). It outlives a deletion on one side until the other side's record is deleted
 * too, so an outbound delete still knows which Zoho record to delete.
 */
@Entity({ name: 'record_links' })
@Index('UQ_record_links_portal_record', ['integrationId', 'module', 'portalRecordId'], { unique: true })
@Index('UQ_record_links_zoho_record', ['integrationId', 'module', 'zohoRecordId'], { unique: true })
export class RecordLinkEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  module: RecordModule;

  @Column({ name: 'portal_record_id', type: 'uuid' })
  portalRecordId: string;

  @Column({ name: 'zoho_record_id', type: 'text' })
  zohoRecordId: string;

  /** Canonical portal values of every mapped field (stage as the portal phase) at the last sync. */
  @Column({ type: 'jsonb' })
  snapshot: CanonicalValues;

  /** The mapping version the snapshot was taken under: a newer version re-syncs what it changes. */
  @Column({ name: 'mapping_version', type: 'integer' })
  mappingVersion: number;

  @Column({ name: 'synced_at', type: 'timestamptz', precision: 3 })
  syncedAt: Date;

  /** Zoho's `Modified_Time` of the record as last read or written; an older notification or poll result changes nothing. */
  @Column({ name: 'zoho_modified_at', type: 'timestamptz', precision: 3, nullable: true })
  zohoModifiedAt: Date | null;
}
