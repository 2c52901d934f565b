import { Column, Entity, Index } from 'typeorm';
import type { SyncMode } from '@crm-bridge/contracts';
import type { MappingDefinition } from '@crm-bridge/sync-domain';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * Where inbound sync of one integration's deals stands: how far its polls of modified and deleted
 * Zoho deals have read, the full sync it owes (the initial one, or one a user asked for), and the
 * mapping its links were last brought up to date with. One row per integration, created by the
 * first full sync (or a `triggerSync`).
 */
@Entity({ name: 'inbound_cursors' })
@Index('UQ_inbound_cursors_integration', ['integrationId'], { unique: true })
export class InboundCursorEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The newest Zoho `Modified_Time` applied; polls read from it minus the overlap. Null until the initial sync finished. */
  @Column({ name: 'modified_cursor', type: 'timestamptz', precision: 3, nullable: true })
  modifiedCursor: Date | null;

  /** The newest `deleted_time` of a Zoho deletion applied; null until the initial sync finished. */
  @Column({ name: 'deleted_cursor', type: 'timestamptz', precision: 3, nullable: true })
  deletedCursor: Date | null;

  /**
   * Every Zoho change (modified or deleted) up to this instant has been listed: the start of the
   * last change read that listed to the end, minus the overlap. Change reads never list from
   * before it, however long the cursors stand still. Null until such a read finished.
   */
  @Column({ name: 'listed_through', type: 'timestamptz', precision: 3, nullable: true })
  listedThrough: Date | null;

  /** When the last poll finished; the next is due an interval later. */
  @Column({ name: 'last_poll_at', type: 'timestamptz', precision: 3, nullable: true })
  lastPollAt: Date | null;

  /** The full sync owed: its run (already started, shown RUNNING) and what it reads; null when none is. */
  @Column({ name: 'pending_run_id', type: 'uuid', nullable: true })
  pendingRunId: string | null;

  @Column({ name: 'pending_mode', type: 'text', nullable: true })
  pendingMode: SyncMode | null;

  /** The mapping version (and its definition) the links were last brought up to date with; a newer active one re-syncs what it changed. */
  @Column({ name: 'synced_mapping_version', type: 'integer', nullable: true })
  syncedMappingVersion: number | null;

  @Column({ name: 'synced_mapping_definition', type: 'jsonb', nullable: true })
  syncedMappingDefinition: MappingDefinition | null;
}
