import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RecordModule, SyncDirection } from '@crm-bridge/contracts';
import { SyncMetrics } from '../sync-metrics/sync-metrics';
import { TenantScopedRepository, type TenantScopedTransaction } from '@crm-bridge/persistence';
import { SyncIssueEntity } from './sync-issue.entity';
import { SyncRunEntity } from './sync-run.entity';
import { SyncRunStatus, SyncRunTrigger } from './sync-run.enums';

/** Why one record did not sync, as a `SyncIssue` shows it. */
export interface RecordIssue {
  readonly module: RecordModule;
  readonly direction: SyncDirection;
  readonly portalRecordId: string | null;
  readonly zohoRecordId: string | null;
  readonly zohoErrorCode: string | null;
  readonly field: string | null;
  readonly reason: string;
}

/** What happened to one record in a run. Skips and failures carry the issue that says why. */
export type RecordOutcome =
  { readonly kind: 'created' | 'updated' | 'deleted' | 'conflicts' } | { readonly kind: 'skipped' | 'failed'; readonly issue: RecordIssue };

/**
 * Writes sync runs: started, one outcome per record — counted and, for a skip or a failure, a
 * `SyncIssue` — and finished. `record` takes the caller's transaction, so a record's outcome
 * commits together with the link, snapshot and record changes it describes.
 */
@Injectable()
export class SyncRunRecorder extends TenantScopedRepository<SyncRunEntity> {
  constructor(
    dataSource: DataSource,
    private readonly metrics: SyncMetrics,
  ) {
    super(dataSource, SyncRunEntity);
  }

  start(tenantId: string, integrationId: string, trigger: SyncRunTrigger, estimatedTotal: number | null = null): Promise<SyncRunEntity> {
    return this.transaction(tenantId, (tx) =>
      tx.insert(SyncRunEntity, {
        integrationId,
        trigger,
        status: SyncRunStatus.RUNNING,
        startedAt: new Date(),
        finishedAt: null,
        failureReason: null,
        estimatedTotal,
      }),
    );
  }

  /** Counts the outcome on the run and stores its issue, in `tx`. */
  async record(tx: TenantScopedTransaction, syncRunId: string, outcome: RecordOutcome): Promise<void> {
    const runs = tx.repository(SyncRunEntity);
    const column = COUNT_COLUMNS[outcome.kind];
    // An UPDATE's answer through TypeORM is [rows, affected count].
    const [updated]: [{ integration_id: string }[], number] = await runs.query(
      `UPDATE ${runs.metadata.tablePath} SET ${column} = ${column} + 1 WHERE tenant_id = $1 AND id = $2 RETURNING integration_id`,
      [tx.tenantId, syncRunId],
    );
    if (outcome.kind === 'skipped' || outcome.kind === 'failed') {
      const run = updated[0];
      if (!run) {
        throw new Error(`sync run ${syncRunId} of tenant ${tx.tenantId} does not exist: its issue has nowhere to go`);
      }
      await tx.insert(SyncIssueEntity, { syncRunId, integrationId: run.integration_id, ...outcome.issue });
    }
  }

  /**
   * Counts many records' outcomes on the run and stores their issues, in `tx`: one counter update
   * and one insert of issues, for a page of records committed together (inbound's batched apply).
   */
  async recordAll(tx: TenantScopedTransaction, syncRunId: string, outcomes: readonly RecordOutcome[]): Promise<void> {
    if (outcomes.length === 0) {
      return;
    }
    const increments = new Map<string, number>();
    for (const outcome of outcomes) {
      const column = COUNT_COLUMNS[outcome.kind];
      increments.set(column, (increments.get(column) ?? 0) + 1);
    }
    const runs = tx.repository(SyncRunEntity);
    const assignments = [...increments].map(([column, increment]) => `${column} = ${column} + ${increment}`).join(', ');
    const [updated]: [{ integration_id: string }[], number] = await runs.query(
      `UPDATE ${runs.metadata.tablePath} SET ${assignments} WHERE tenant_id = $1 AND id = $2 RETURNING integration_id`,
      [tx.tenantId, syncRunId],
    );
    const integrationId = updated[0]?.integration_id;
    const issues = outcomes.flatMap((outcome) =>
      outcome.kind === 'skipped' || outcome.kind === 'failed'
        ? [{ tenantId: tx.tenantId, syncRunId, integrationId, ...outcome.issue }]
        : [],
    );
    if (issues.length > 0) {
      if (!integrationId) {
        throw new Error(`sync run ${syncRunId} of tenant ${tx.tenantId} does not exist: its issues have nowhere to go`);
      }
      await tx.repository(SyncIssueEntity).createQueryBuilder().insert().values(issues).updateEntity(false).execute();
    }
  }

  /**
   * Finishes the run: FAILED with the reason when it stopped early, INTERRUPTED (with the reason)
   * when it stopped early only because this instance stopped working on the integration — a
   * shutdown or a lost lease is not a failure to alarm anyone with — else SUCCEEDED or
   * PARTIALLY_FAILED by its failures.
   */
  async finish(
    tenantId: string,
    syncRunId: string,
    failureReason: string | null = null,
    interrupted = false,
  ): Promise<SyncRunEntity | null> {
    const finished = await this.transaction(tenantId, async (tx) => {
      const run = await tx.lock(SyncRunEntity, syncRunId);
      if (!run) {
        return null;
      }
      run.status = interrupted
        ? SyncRunStatus.INTERRUPTED
        : failureReason
          ? SyncRunStatus.FAILED
          : run.counts.failed > 0
            ? SyncRunStatus.PARTIALLY_FAILED
            : SyncRunStatus.SUCCEEDED;
      run.failureReason = failureReason;
      run.finishedAt = new Date();
      return tx.save(SyncRunEntity, run);
    });
    // Counted once the run's outcomes are committed: an outcome rolled back with its record never counts.
    if (finished) {
      this.metrics.countRun(directionOfTrigger(finished.trigger), finished.integrationId, finished.counts);
    }
    return finished;
  }
}

/** Each outcome's counter column (see `SyncRunCountsColumns`). */
const COUNT_COLUMNS: Record<RecordOutcome['kind'], string> = {
  created: 'created_count',
  updated: 'updated_count',
  deleted: 'deleted_count',
  skipped: 'skipped_count',
  failed: 'failed_count',
  conflicts: 'conflict_count',
};

/** Runs started by portal changes write to Zoho; every other trigger reads Zoho. */
function directionOfTrigger(trigger: SyncRunTrigger): SyncDirection {
  return trigger === SyncRunTrigger.PORTAL_CHANGE ? 'PORTAL_TO_ZOHO' : 'ZOHO_TO_PORTAL';
}
