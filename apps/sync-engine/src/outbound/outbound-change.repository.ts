import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { RecordSyncStatus } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox, type TenantScopedTransaction } from '@crm-bridge/persistence';
import type { CanonicalValues } from '@crm-bridge/sync-domain';
import { reportConflicts, type ReconciledDealConflicts } from '../conflict-resolution/conflict-reports';
import { DealEntity } from '../deal/deal.entity';
import { queueNotifiedRecords } from '../inbound/notified-zoho-records';
import { wakeIntegrations } from '../integration-work/integration-work.wake';
import { RecordLinkEntity } from '../record-link/record-link.entity';
import { SyncIntegrationEntity } from '../sync-integration/sync-integration.entity';
import type { RecordOutcome, SyncRunRecorder } from '../sync-run/sync-run.recorder';
import { OutboundChangeEntity, type OutboundOperation } from './outbound-change.entity';
import { outboundDueAt, type OutboundQueueState } from './outbound-schedule';

/** A portal write, as `portal-record.changed` tells it. */
export interface PortalChange {
  readonly integrationId: string;
  readonly portalRecordId: string;
  readonly operation: OutboundOperation;
  readonly changedAt: Date;
}

/** A queued row as a flush read it: its outcome applies only to this revision. */
export type QueuedChange = Pick<OutboundChangeEntity, 'id' | 'portalRecordId' | 'operation' | 'attempts' | 'revision' | 'lastChangedAt'>;

/** What one deal's flush did, committed in one transaction with its run outcome and queue row. */
export interface OutboundRecordResult {
  readonly change: QueuedChange;
  /** The deal as the flush read it (its `updatedAt` tells whether it changed since); null when deleted. */
  readonly deal: Pick<DealEntity, 'id' | 'updatedAt'> | null;
  /** The deal's sync state afterwards; ignored for a deleted deal or one changed since it was read. */
  readonly status: { readonly syncStatus: RecordSyncStatus; readonly lastSyncError: string | null };
  /** `keep`: the link stays as it is (e.g. a failure, or inbound still has to apply Zoho's side). */
  readonly link:
    | { readonly kind: 'keep' }
    | { readonly kind: 'delete' }
    | {
        readonly kind: 'save';
        readonly zohoRecordId: string;
        readonly snapshot: CanonicalValues;
        readonly mappingVersion: number;
        readonly zohoModifiedAt: Date | null;
      };
  /** Counted on the run (none: an echo, which changed nothing). */
  readonly outcomes: readonly RecordOutcome[];
  /** Zoho changed the deal meanwhile: queued for inbound sync to apply. */
  readonly notifyInbound: { readonly zohoRecordId: string; readonly deleted: boolean } | null;
  /** Failed: the row stays queued, retried not before this. */
  readonly retry: { readonly at: Date; readonly error: string } | null;
  /** The linked deal's conflicts as this flush found them (none: no open conflict), reported as `conflict.detected`. */
  readonly conflicts: ReconciledDealConflicts | null;
}

/**
 * Outbound sync's queue (`outbound_changes`) and the per-deal outcome transaction: the link and
 * snapshot, the deal's Zoho id and sync status, the run's counts and issues, and the queue row,
 * all committed together.
 */
@Injectable()
export class OutboundChangeRepository extends TenantScopedRepository<OutboundChangeEntity> {
  constructor(
    private readonly source: DataSource,
    outbox: TransactionalOutbox,
  ) {
    super(source, OutboundChangeEntity, outbox);
  }

  private get rows(): Repository<OutboundChangeEntity> {
    return this.source.getRepository(OutboundChangeEntity);
  }

  /**
   * Queues (or re-times) the record's push and wakes the integration when it is due — inside the
   * event consumer's transaction, so "queued" and "event processed" commit together. Null when the
   * integration is not the tenant's.
   */
  enqueue(tenantId: string, change: PortalChange): Promise<OutboundChangeEntity | null> {
    return this.transaction(tenantId, async (tx) => {
      const integration = await tx.repository(SyncIntegrationEntity).findOne({ where: { tenantId, integrationId: change.integrationId } });
      if (!integration) {
        // Not the tenant's integration (deal writes are checked against it, so only a forged event gets here).
        return null;
      }
      const debounceSeconds = integration.settings.debounceSeconds;
      const known = await tx.lockOneBy(OutboundChangeEntity, {
        integrationId: change.integrationId,
        module: 'DEALS',
        portalRecordId: change.portalRecordId,
      });
      let row: OutboundChangeEntity;
      if (known) {
        const lastChangedAt = known.lastChangedAt > change.changedAt ? known.lastChangedAt : change.changedAt;
        Object.assign(known, {
          operation: change.operation,
          lastChangedAt,
          dueAt: outboundDueAt({ firstChangedAt: known.firstChangedAt, lastChangedAt, debounceSeconds }),
          // A new change may be the fix for the last failure: it is tried when its debounce ends.
          nextAttemptAt: null,
          revision: known.revision + 1,
        });
        row = await tx.save(OutboundChangeEntity, known);
      } else {
        row = await tx.insert(OutboundChangeEntity, {
          integrationId: change.integrationId,
          module: 'DEALS',
          portalRecordId: change.portalRecordId,
          operation: change.operation,
          firstChangedAt: change.changedAt,
          lastChangedAt: change.changedAt,
          dueAt: outboundDueAt({ firstChangedAt: change.changedAt, lastChangedAt: change.changedAt, debounceSeconds }),
          attempts: 0,
          nextAttemptAt: null,
          lastError: null,
          revision: 1,
        });
      }
      await wakeIntegrations(tx, [change.integrationId], row.dueAt);
      return row;
    });
  }

  /**
   * Whether the deal is held as a registration collision (`deal-registration/`): not to be queued
   * until a tenant admin approves it. Read in the event consumer's own transaction.
   */
  isHeld(tenantId: string, dealId: string): Promise<boolean> {
    return this.transaction(tenantId, async (tx) => {
      const deal = await tx.repository(DealEntity).findOne({ select: { id: true, syncStatus: true }, where: { tenantId, id: dealId } });
      return deal?.syncStatus === 'HELD';
    });
  }

  /** How many rows are due now, since when, and when the next one will be. */
  async queueState(tenantId: string, integrationId: string, now: Date): Promise<OutboundQueueState> {
    const table = this.rows.metadata.tablePath;
    const [state] = await this.rows.query<{ due_count: number; oldest_due_at: Date | null; next_due_at: Date | null }[]>(
      `SELECT count(*) FILTER (WHERE ${EFFECTIVE_DUE} <= $3)::int AS due_count,
              min(${EFFECTIVE_DUE}) FILTER (WHERE ${EFFECTIVE_DUE} <= $3) AS oldest_due_at,
              min(${EFFECTIVE_DUE}) FILTER (WHERE ${EFFECTIVE_DUE} > $3) AS next_due_at
         FROM ${table} WHERE tenant_id = $1 AND integration_id = $2 AND module = 'DEALS'`,
      [tenantId, integrationId, now],
    );
    return {
      dueCount: state?.due_count ?? 0,
      oldestDueAt: state?.oldest_due_at ?? null,
      nextDueAt: state?.next_due_at ?? null,
    };
  }

  /** The `limit` longest-due rows (the integration's lease keeps any other instance from taking them too). */
  async takeDue(tenantId: string, integrationId: string, now: Date, limit: number): Promise<QueuedChange[]> {
    return this.rows
      .createQueryBuilder('row')
      .where("row.tenantId = :tenantId AND row.integrationId = :integrationId AND row.module = 'DEALS'", { tenantId, integrationId })
      .andWhere(`${EFFECTIVE_DUE_OF_ROW} <= :now`, { now })
      .orderBy(EFFECTIVE_DUE_OF_ROW, 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The deals (deleted ones are simply missing) and their links. */
  async dealsAndLinks(
    tenantId: string,
    integrationId: string,
    portalRecordIds: readonly string[],
  ): Promise<{ deals: DealEntity[]; links: RecordLinkEntity[] }> {
    const manager = this.source.manager;
    const ids = [...portalRecordIds];
    const [deals, links] = await Promise.all([
      manager.getRepository(DealEntity).find({ where: { tenantId, integrationId, id: In(ids) } }),
      manager.getRepository(RecordLinkEntity).find({ where: { tenantId, integrationId, module: 'DEALS', portalRecordId: In(ids) } }),
    ]);
    return { deals, links };
  }

  /** One deal's outcome: everything it changes commits together, or nothing does (the row stays queued). */
  recordOutcome(
    tenantId: string,
    integrationId: string,
    result: OutboundRecordResult,
    run: { recorder: SyncRunRecorder; runId: string | null },
  ): Promise<void> {
    return this.transaction(tenantId, (tx) => this.writeOutcome(tx, integrationId, result, run));
  }

  /**
   * Several deals' outcomes in one transaction — each written exactly as {@link recordOutcome}
   * writes it, one commit for all (a Bulk Write job's thousands of outcomes would otherwise be as
   * many commits). All or nothing: when one fails, the caller records them one by one.
   */
  recordOutcomes(
    tenantId: string,
    integrationId: string,
    results: readonly OutboundRecordResult[],
    run: { recorder: SyncRunRecorder; runId: string | null },
  ): Promise<void> {
    return this.transaction(tenantId, async (tx) => {
      for (const result of results) {
        await this.writeOutcome(tx, integrationId, result, run);
      }
    });
  }

  private async writeOutcome(
    tx: TenantScopedTransaction,
    integrationId: string,
    result: OutboundRecordResult,
    run: { recorder: SyncRunRecorder; runId: string | null },
  ): Promise<void> {
    const tenantId = tx.tenantId;
    const portalRecordId = result.change.portalRecordId;
    const zohoRecordId = result.link.kind === 'save' ? result.link.zohoRecordId : null;
    await this.saveLink(tx, integrationId, portalRecordId, result.link);
    if (result.deal) {
      const deal = await tx.lock(DealEntity, result.deal.id);
      if (deal) {
        if (result.link.kind === 'save') {
          deal.zohoId = zohoRecordId;
        } else if (result.link.kind === 'delete') {
          deal.zohoId = null;
        }
        // Changed since the flush read it: it stays PENDING, its own change is queued behind this one.
        if (deal.updatedAt.getTime() === result.deal.updatedAt.getTime()) {
          deal.syncStatus = result.status.syncStatus;
          deal.lastSyncError = result.status.lastSyncError;
        }
        await tx.save(DealEntity, deal);
      }
    }
    for (const outcome of result.outcomes) {
      if (!run.runId) {
        throw new Error('an outcome to count needs a started run');
      }
      await run.recorder.record(tx, run.runId, outcome);
    }
    if (result.conflicts) {
      const correlationId = run.runId ? `sync-run-${run.runId}` : `outbound-change-${result.change.id}`;
      await reportConflicts(tx, [result.conflicts], () => Promise.resolve(correlationId));
    }
    if (result.notifyInbound) {
      await queueNotifiedRecords(tx, {
        integrationId,
        module: 'DEALS',
        zohoRecordIds: [result.notifyInbound.zohoRecordId],
        deleted: result.notifyInbound.deleted,
        notifiedAt: new Date(),
      });
    }
    if (result.retry) {
      await this.retryLater(tx, [result.change], result.retry.at, result.retry.error);
    } else {
      await tx.repository(OutboundChangeEntity).delete({ tenantId, id: result.change.id, revision: result.change.revision });
    }
  }

  /** A whole batch could not be sent: every row stays queued, retried not before `at`. */
  retryAllLater(tenantId: string, changes: readonly QueuedChange[], at: Date, error: string): Promise<void> {
    return this.transaction(tenantId, (tx) => this.retryLater(tx, changes, at, error));
  }

  private async retryLater(tx: TenantScopedTransaction, changes: readonly QueuedChange[], at: Date, error: string): Promise<void> {
    const repository = tx.repository(OutboundChangeEntity);
    for (const change of changes) {
      // A newer revision came in meanwhile: its own due time stands, the failure was of older values.
      await repository.update(
        { tenantId: tx.tenantId, id: change.id, revision: change.revision },
        { attempts: change.attempts + 1, nextAttemptAt: at, lastError: error },
      );
    }
  }

  private async saveLink(
    tx: TenantScopedTransaction,
    integrationId: string,
    portalRecordId: string,
    link: OutboundRecordResult['link'],
  ): Promise<void> {
    if (link.kind === 'keep') {
      return;
    }
    const links = tx.repository(RecordLinkEntity);
    if (link.kind === 'delete') {
      await links.delete({ tenantId: tx.tenantId, integrationId, module: 'DEALS', portalRecordId });
      return;
    }
    const known = await links.findOne({ where: { tenantId: tx.tenantId, integrationId, module: 'DEALS', portalRecordId } });
    const values = {
      zohoRecordId: link.zohoRecordId,
      snapshot: link.snapshot,
      mappingVersion: link.mappingVersion,
      syncedAt: new Date(),
      zohoModifiedAt: link.zohoModifiedAt ?? known?.zohoModifiedAt ?? null,
    };
    if (known) {
      await tx.save(RecordLinkEntity, Object.assign(known, values));
    } else {
      await tx.insert(RecordLinkEntity, { integrationId, module: 'DEALS', portalRecordId, ...values });
    }
  }
}

/** A row is due when its debounce has ended and, after a failure, its back-off too. */
const EFFECTIVE_DUE = 'greatest(due_at, coalesce(next_attempt_at, due_at))';
const EFFECTIVE_DUE_OF_ROW = 'greatest(row.due_at, coalesce(row.next_attempt_at, row.due_at))';
