import { Column, Entity, Index } from 'typeorm';
import { TenantScopedEntity } from '@crm-bridge/persistence';
import { SyncRunStatus, SyncRunTrigger } from './sync-run.enums';

/** Outcome counts of a run; every count starts at 0 and only grows while the run works. */
export class SyncRunCountsColumns {
  @Column({ name: 'created_count', type: 'integer', default: 0 })
  created: number;

  @Column({ name: 'updated_count', type: 'integer', default: 0 })
  updated: number;

  @Column({ name: 'deleted_count', type: 'integer', default: 0 })
  deleted: number;

  @Column({ name: 'skipped_count', type: 'integer', default: 0 })
  skipped: number;

  @Column({ name: 'failed_count', type: 'integer', default: 0 })
  failed: number;

  @Column({ name: 'conflict_count', type: 'integer', default: 0 })
  conflicts: number;
}

/** One sync of an integration, from its trigger to its outcome (ARCHITECTURE §6). */
@Entity({ name: 'sync_runs' })
@Index('IDX_sync_runs_tenant_created', ['tenantId', 'createdAt', 'id'])
// The `syncRuns` filters that pick few rows out of many (an integration's runs, its failed ones).
@Index('IDX_sync_runs_tenant_integration_created', ['tenantId', 'integrationId', 'createdAt', 'id'])
@Index('IDX_sync_runs_tenant_status_created', ['tenantId', 'status', 'createdAt', 'id'])
export class SyncRunEntity extends TenantScopedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'enum', enum: SyncRunTrigger, enumName: 'sync_run_trigger' })
  trigger: SyncRunTrigger;

  @Column({ type: 'enum', enum: SyncRunStatus, enumName: 'sync_run_status' })
  status: SyncRunStatus;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3 })
  startedAt: Date;

  /** Null while the run is RUNNING. */
  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;

  /** Why a FAILED run stopped, in words a user can act on (e.g. "the Zoho connection needs a new consent"); null otherwise. */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  /** How many records the run expects to handle, when it can know (an initial sync's count); null otherwise. */
  @Column({ name: 'estimated_total', type: 'integer', nullable: true })
  estimatedTotal: number | null;

  // Column names are given in full above; no prefix, so they stay `created_count`, not `counts_created_count`.
  @Column(() => SyncRunCountsColumns, { prefix: false })
  counts: SyncRunCountsColumns;
}
