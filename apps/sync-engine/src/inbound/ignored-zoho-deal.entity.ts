import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';

/**
 * A Zoho deal inbound sync ignored (its pipeline is not selected in the mapping), with the
 * `Modified_Time` of the version it last counted as skipped. Ignored deals have no link, so without
 * this every poll re-reading its overlap window would count the same version again; a newer
 * version is counted again, and the row goes once the deal is no longer ignored.
 */
@Entity({ name: 'ignored_zoho_deals' })
@Index('UQ_ignored_zoho_deals_deal', ['integrationId', 'zohoRecordId'], { unique: true })
export class IgnoredZohoDealEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'zoho_record_id', type: 'text' })
  zohoRecordId: string;

  /** The version counted; null when Zoho gave none (then every read counts). */
  @Column({ name: 'zoho_modified_at', type: 'timestamptz', precision: 3, nullable: true })
  zohoModifiedAt: Date | null;
}
