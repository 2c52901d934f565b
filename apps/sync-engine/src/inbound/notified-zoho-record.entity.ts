import { Column, Entity, Index } from 'typeorm';
import type { RecordModule } from '@crm-bridge/contracts';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * A Zoho record a notification named as changed, waiting for inbound sync to fetch it. One row per
 * record: a second notification before the fetch only moves `notifiedAt`. Inbound sync fetches
 * exactly these ids and deletes the rows in the transaction that applies them.
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
}
