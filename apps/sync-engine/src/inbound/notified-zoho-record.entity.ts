import { Column, Entity, Index } from 'typeorm';
import type { RecordModule } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * A Zoho record a notification named as changed, waiting for inbound sync to fetch it. One row per
 * record: a second notification before the fetch only moves `notifiedAt`. Inbound sync fetches
 * exactly these ids and deletes the rows in the transaction that applies them. A deal that failed
 * to apply (from the queue, a poll or a full sync) is queued here too, for another attempt at
 * `retryAt`; a new notification for it resets that (Zoho changed it: try now).
 */
@Entity({ name: 'notified_zoho_records' })
@Index('UQ_notified_zoho_records_record', ['integrationId', 'module', 'zohoRecordId'], { unique: true })
export class NotifiedZohoRecordEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  module: RecordModule;

  @Column({ name: 'zoho_record_id', type: 'text' })
  zohoRecordId: string;

  /** True when the notification said the record was deleted (nothing to fetch: its link is followed). */
  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  /** When the newest notification naming it arrived: the start of its Zoho → portal propagation. */
  @Column({ name: 'notified_at', type: 'timestamptz', precision: 3 })
  notifiedAt: Date;

  /** Failed attempts to apply it in a row since it was last notified; 0 for a plain notification. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** When the next attempt after a failure is due; null = due now (a notification, never failed); 'infinity' once sync gave up on it. */
  @Column({ name: 'retry_at', type: 'timestamptz', precision: 3, nullable: true })
  retryAt: Date | null;

  /**
   * The `Modified_Time` of the Zoho version that failed; null for a notification. A poll or full
   * read that meets the same version again before `retryAt` passes it over: the retry brings it.
   */
  @Column({ name: 'failed_modified_at', type: 'timestamptz', precision: 3, nullable: true })
  failedModifiedAt: Date | null;
}
