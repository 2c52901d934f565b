import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import { RECORD_MODULES, SYNC_DIRECTIONS, type RecordModule, type SyncDirection } from '@crm-bridge/contracts';
import { SyncRunEntity } from './sync-run.entity';

/** A record that could not sync in a run, and why, in words a user can act on (ARCHITECTURE §6). */
@Entity({ name: 'sync_issues' })
@Index('IDX_sync_issues_tenant_run_created', ['tenantId', 'syncRunId', 'createdAt', 'id'])
// The `syncIssues` filters that pick few rows out of many; module and direction narrow too little to index.
@Index('IDX_sync_issues_tenant_integration_created', ['tenantId', 'integrationId', 'createdAt', 'id'])
@Index('IDX_sync_issues_tenant_portal_record_created', ['tenantId', 'portalRecordId', 'createdAt', 'id'], {
  where: 'portal_record_id IS NOT NULL',
})
@Index('IDX_sync_issues_tenant_zoho_record_created', ['tenantId', 'zohoRecordId', 'createdAt', 'id'], {
  where: 'zoho_record_id IS NOT NULL',
})
@Index('IDX_sync_issues_tenant_zoho_error_created', ['tenantId', 'zohoErrorCode', 'createdAt', 'id'], {
  where: 'zoho_error_code IS NOT NULL',
})
export class SyncIssueEntity extends TenantScopedEntity {
  /** Issues mean nothing without their run: deleting a run deletes its issues. */
  @Column({ name: 'sync_run_id', type: 'uuid' })
  @ForeignKey(() => SyncRunEntity, { name: 'FK_sync_issues_sync_run', onDelete: 'CASCADE' })
  syncRunId: string;

  /** The run's integration, kept on the issue so an integration's issues list without a join. */
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'enum', enum: RECORD_MODULES, enumName: 'crm_record_module' })
  module: RecordModule;

  @Column({ type: 'enum', enum: SYNC_DIRECTIONS, enumName: 'sync_direction' })
  direction: SyncDirection;

  /** Null when the record has no portal side yet (a Zoho record that failed to come in). */
  @Column({ name: 'portal_record_id', type: 'uuid', nullable: true })
  portalRecordId: string | null;

  /** Null when the record has no Zoho side yet (a portal record Zoho refused to create). */
  @Column({ name: 'zoho_record_id', type: 'text', nullable: true })
  zohoRecordId: string | null;

  /** Zoho's error code, e.g. MANDATORY_NOT_FOUND; null when the failure was not Zoho's answer. */
  @Column({ name: 'zoho_error_code', type: 'text', nullable: true })
  zohoErrorCode: string | null;

  /** The portal field at fault, when one is. */
  @Column({ type: 'text', nullable: true })
  field: string | null;

  /** Readable reason, e.g. "Zoho requires Last_Name and no portal field maps to it". */
  @Column({ type: 'text' })
  reason: string;
}
