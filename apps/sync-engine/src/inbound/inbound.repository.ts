import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, MoreThan } from 'typeorm';
import { createEvent, type SyncMode } from '@crm-bridge/contracts';
import { isUuid, TenantScopedRepository, TransactionalOutbox, type TenantScopedTransaction } from '@crm-bridge/persistence';
import type { CanonicalValues, DealReconciliation, MatchKey, PortalField } from '@crm-bridge/sync-domain';
import type { ZohoRecord } from '@crm-bridge/zoho-client';
import { DealEntity } from '../deal/deal.entity';
import { dealFieldsWith } from '../deal/deal-values';
import { wakeIntegrations } from '../integration-work/integration-work.wake';
import { RecordLinkEntity } from '../record-link/record-link.entity';
import { SyncRunEntity } from '../sync-run/sync-run.entity';
import { SyncRunStatus, type SyncRunTrigger } from '../sync-run/sync-run.enums';
import { SyncRunRecorder, type RecordOutcome } from '../sync-run/sync-run.recorder';
import { InboundCursorEntity } from './inbound-cursor.entity';
import { outcomesOfInboundPlan } from './inbound-outcome';
import { NotifiedZohoRecordEntity } from './notified-zoho-record.entity';

/** One Zoho deal to bring into the portal, and what it is applied under. */
export interface InboundDeal {
  readonly integrationId: string;
  /**
   * The run the deal's outcome is counted on, asked for only when there is an outcome: a run
   * started here joins the deal's transaction, so an echo (nothing to record) leaves no run.
   */
  readonly syncRunId: () => Promise<string>;
  readonly mappingVersion: number;
  readonly matchKey: MatchKey;
  readonly portalFields: readonly PortalField[];
  readonly zohoRecordId: string;
  /** The record as Zoho's API answered it; null when Zoho no longer has it (deleted). */
  readonly zoho: ZohoRecord | null;
  /** Its `Modified_Time`; an older one than the link's changes nothing. */
  readonly zohoModifiedAt: Date | null;
  /** When it came from the notification queue: its row, as taken, is deleted in the same transaction. */
  readonly notifiedAt: Date | null;
}

/** The two sides of a deal as the transaction found them, for `reconcileDeal`. */
export interface FoundDeal {
  readonly portal: DealEntity | null;
  readonly snapshot: CanonicalValues | null;
}

/** What applying one deal did. */
export type AppliedDeal = { readonly kind: 'applied'; readonly outcomes: readonly RecordOutcome[] } | { readonly kind: 'stale' };

/** A full sync owed to an integration: its run, started when it was asked for, and what it reads. */
export interface PendingFullSync {
  readonly runId: string;
  readonly mode: SyncMode;
}

/**
 * Inbound sync's transactions. Each Zoho deal is applied in ONE transaction: its portal deal
 * written (only the portal half of the plan), its link and snapshot, its outcome on the run and
 * its notification queue row. Portal writes here publish no `portal-record.changed`: that event
 * means "the portal changed a deal, push it to Zoho", and this change came from Zoho.
 */
@Injectable()
export class InboundRepository extends TenantScopedRepository<InboundCursorEntity> {
  constructor(
    private readonly source: DataSource,
    outbox: TransactionalOutbox,
    private readonly runs: SyncRunRecorder,
  ) {
    super(source, InboundCursorEntity, outbox);
  }

  /**
   * Finds the deal's link (by Zoho id) and portal deal (by the link, by its Zoho id, or — never
   * linked — by the match key: under EXTERNAL_ID the Zoho record's key field holds the portal deal
   * id), lets `decide` plan, and carries out the portal half, one transaction.
   */
  applyDeal(tenantId: string, deal: InboundDeal, decide: (found: FoundDeal) => DealReconciliation): Promise<AppliedDeal> {
    return this.transaction(tenantId, async (tx) => {
      if (deal.notifiedAt) {
        await this.dequeue(tx, deal.integrationId, [deal.zohoRecordId], deal.notifiedAt);
      }
      const link = await this.lockLink(tx, deal.integrationId, deal.zohoRecordId);
      if (link?.zohoModifiedAt && deal.zohoModifiedAt && deal.zohoModifiedAt.getTime() < link.zohoModifiedAt.getTime()) {
        return { kind: 'stale' };
      }
      const portal = link ? await tx.lock(DealEntity, link.portalRecordId) : await this.matchingDeal(tx, deal);
      if (!link && portal && portal.zohoId !== null && portal.zohoId !== deal.zohoRecordId) {
        const outcome = alreadyLinked(portal, deal.zohoRecordId);
        await this.runs.record(tx, await deal.syncRunId(), outcome);
        return { kind: 'applied', outcomes: [outcome] };
      }
      const plan = decide({ portal, snapshot: link?.snapshot ?? null });
      const written = await this.writePortal(tx, deal, portal, plan);
      await this.writeLink(tx, deal, link, written?.id ?? null, plan);
      const outcomes = outcomesOfInboundPlan(plan, { portalRecordId: written?.id ?? portal?.id ?? null, zohoRecordId: deal.zohoRecordId });
      for (const outcome of outcomes) {
        await this.runs.record(tx, await deal.syncRunId(), outcome);
      }
      return { kind: 'applied', outcomes };
    });
  }

  /** Records a deal that could not be applied (e.g. a database error) as failed on the run, and drops its queue row. */
  recordFailure(tenantId: string, deal: InboundDeal, reason: string): Promise<void> {
    return this.transaction(tenantId, async (tx) => {
      if (deal.notifiedAt) {
        await this.dequeue(tx, deal.integrationId, [deal.zohoRecordId], deal.notifiedAt);
      }
      await this.runs.record(tx, await deal.syncRunId(), {
        kind: 'failed',
        issue: {
          module: 'DEALS',
          direction: 'ZOHO_TO_PORTAL',
          portalRecordId: null,
          zohoRecordId: deal.zohoRecordId,
          zohoErrorCode: null,
          field: null,
          reason: `Zoho deal ${deal.zohoRecordId} could not be saved in the portal: ${reason}`,
        },
      });
    });
  }

  /** The integration's queued notified deals, oldest notification first. */
  queuedDeals(tenantId: string, integrationId: string, limit: number): Promise<NotifiedZohoRecordEntity[]> {
    return this.source
      .getRepository(NotifiedZohoRecordEntity)
      .find({ where: { tenantId, integrationId, module: 'DEALS' }, order: { notifiedAt: 'ASC', zohoRecordId: 'ASC' }, take: limit });
  }

  /** Zoho ids of the integration's deal links made under a mapping version older than `version`, in id order after `afterZohoId`. */
  async linkedBefore(tenantId: string, integrationId: string, version: number, afterZohoId: string, limit: number): Promise<string[]> {
    const links = await this.source.getRepository(RecordLinkEntity).find({
      where: { tenantId, integrationId, module: 'DEALS', mappingVersion: LessThan(version), zohoRecordId: MoreThan(afterZohoId) },
      order: { zohoRecordId: 'ASC' },
      take: limit,
    });
    return links.map((link) => link.zohoRecordId);
  }

  /** Of these Zoho deal ids, those linked to a portal deal of the integration, with the `Modified_Time` last applied. */
  async linkedModifiedTimes(tenantId: string, integrationId: string, zohoRecordIds: readonly string[]): Promise<Map<string, Date | null>> {
    if (zohoRecordIds.length === 0) {
      return new Map();
    }
    const links = await this.source
      .getRepository(RecordLinkEntity)
      .find({ where: { tenantId, integrationId, module: 'DEALS', zohoRecordId: In([...zohoRecordIds]) } });
    return new Map(links.map((link) => [link.zohoRecordId, link.zohoModifiedAt]));
  }

  cursorOf(tenantId: string, integrationId: string): Promise<InboundCursorEntity | null> {
    return this.source.getRepository(InboundCursorEntity).findOneBy({ tenantId, integrationId });
  }

  /** Changes the integration's cursor row (created when missing) under its lock. */
  updateCursor(tenantId: string, integrationId: string, change: (cursor: InboundCursorEntity) => void): Promise<InboundCursorEntity> {
    return this.transaction(tenantId, async (tx) => {
      const cursor = await this.lockCursor(tx, integrationId);
      change(cursor);
      return tx.save(InboundCursorEntity, cursor);
    });
  }

  /**
   * Owes the integration a full sync and wakes it, unless one is owed or running already — then
   * that one is returned (a second click on "sync now" shows the sync in progress, it does not
   * start another). The run starts RUNNING now, so it is visible at once.
   */
  requestFullSync(
    tenantId: string,
    integrationId: string,
    request: { mode: SyncMode; trigger: SyncRunTrigger },
  ): Promise<{ run: SyncRunEntity; requested: boolean }> {
    return this.transaction(tenantId, async (tx) => {
      const cursor = await this.lockCursor(tx, integrationId);
      const pending = cursor.pendingRunId ? await tx.repository(SyncRunEntity).findOneBy({ tenantId, id: cursor.pendingRunId }) : null;
      if (pending && pending.status === SyncRunStatus.RUNNING) {
        return { run: pending, requested: false };
      }
      // Joins this transaction: the run exists exactly when it is owed.
      const run = await this.runs.start(tenantId, integrationId, request.trigger);
      cursor.pendingRunId = run.id;
      cursor.pendingMode = request.mode;
      await tx.save(InboundCursorEntity, cursor);
      await wakeIntegrations(tx, [integrationId]);
      return { run, requested: true };
    });
  }

  /** The full sync the integration owes, if any. */
  async pendingFullSync(tenantId: string, integrationId: string): Promise<PendingFullSync | null> {
    const cursor = await this.cursorOf(tenantId, integrationId);
    return cursor?.pendingRunId && cursor.pendingMode ? { runId: cursor.pendingRunId, mode: cursor.pendingMode } : null;
  }

  /** Sets how many records the run expects. */
  async estimate(tenantId: string, runId: string, estimatedTotal: number): Promise<void> {
    await this.source.getRepository(SyncRunEntity).update({ tenantId, id: runId }, { estimatedTotal });
  }

  /** Publishes `sync-run.progressed` with the run's counts as committed now. */
  publishProgress(tenantId: string, runId: string, finished: boolean): Promise<void> {
    return this.transaction(tenantId, async (tx) => {
      const run = await tx.repository(SyncRunEntity).findOneBy({ tenantId, id: runId });
      if (!run) {
        return;
      }
      const { created, updated, deleted, skipped, failed, conflicts } = run.counts;
      await tx.publish([
        createEvent('sync-run.progressed', {
          source: 'sync-engine',
          tenantId,
          integrationId: run.integrationId,
          subject: run.id,
          correlationId: `sync-run-${run.id}`,
          data: {
            syncRunId: run.id,
            done: created + updated + deleted + skipped + failed + conflicts,
            estimatedTotal: run.estimatedTotal,
            counts: { created, updated, deleted, skipped, failed, conflicts },
            finished,
          },
        }),
      ]);
    });
  }

  private async lockCursor(tx: TenantScopedTransaction, integrationId: string): Promise<InboundCursorEntity> {
    const repository = tx.repository(InboundCursorEntity);
    await repository.query(
      `INSERT INTO ${repository.metadata.tablePath} (tenant_id, integration_id) VALUES ($1, $2) ON CONFLICT (integration_id) DO NOTHING`,
      [tx.tenantId, integrationId],
    );
    const cursor = await repository
      .createQueryBuilder('row')
      .setLock('pessimistic_write')
      .where('row.tenantId = :tenantId AND row.integrationId = :integrationId', { tenantId: tx.tenantId, integrationId })
      .getOne();
    if (!cursor) {
      throw new Error(`integration ${integrationId} has an inbound cursor of another tenant`);
    }
    return cursor;
  }

  private lockLink(tx: TenantScopedTransaction, integrationId: string, zohoRecordId: string): Promise<RecordLinkEntity | null> {
    return tx
      .repository(RecordLinkEntity)
      .createQueryBuilder('link')
      .setLock('pessimistic_write')
      .where('link.tenantId = :tenantId AND link.integrationId = :integrationId', { tenantId: tx.tenantId, integrationId })
      .andWhere("link.module = 'DEALS' AND link.zohoRecordId = :zohoRecordId", { zohoRecordId })
      .getOne();
  }

  /** A never-linked Zoho deal's portal deal: the one carrying its Zoho id, else the one its external id names. */
  private async matchingDeal(tx: TenantScopedTransaction, deal: InboundDeal): Promise<DealEntity | null> {
    const byZohoId = await tx
      .repository(DealEntity)
      .createQueryBuilder('deal')
      .setLock('pessimistic_write')
      .where('deal.tenantId = :tenantId AND deal.integrationId = :integrationId', {
        tenantId: tx.tenantId,
        integrationId: deal.integrationId,
      })
      .andWhere('deal.zohoId = :zohoId', { zohoId: deal.zohoRecordId })
      .getOne();
    if (byZohoId || deal.matchKey.kind !== 'EXTERNAL_ID' || !deal.zoho) {
      return byZohoId;
    }
    const portalId = deal.zoho[deal.matchKey.zohoField];
    if (typeof portalId !== 'string' || !isUuid(portalId)) {
      return null;
    }
    const matched = await tx.lock(DealEntity, portalId);
    return matched?.integrationId === deal.integrationId ? matched : null;
  }

  /** Carries out the plan's portal write; returns the portal deal as it now is (null when there is none). */
  private async writePortal(
    tx: TenantScopedTransaction,
    deal: InboundDeal,
    portal: DealEntity | null,
    plan: DealReconciliation,
  ): Promise<DealEntity | null> {
    const write = plan.portal;
    // Portal and Zoho agree once nothing is left to write to Zoho.
    const inSync = plan.zoho.kind === 'NONE';
    switch (write.kind) {
      case 'CREATE':
        return tx.insert(DealEntity, {
          integrationId: deal.integrationId,
          ...dealFieldsWith(blankDeal(), write.values, deal.portalFields),
          zohoId: deal.zohoRecordId,
          syncStatus: 'SYNCED',
          lastSyncError: null,
        });
      case 'UPDATE': {
        if (!portal) {
          return null;
        }
        Object.assign(portal, dealFieldsWith(portal, write.values, deal.portalFields), { zohoId: deal.zohoRecordId });
        if (inSync) {
          Object.assign(portal, { syncStatus: 'SYNCED', lastSyncError: null });
        }
        return tx.save(DealEntity, portal);
      }
      case 'DELETE':
        if (portal) {
          await tx.repository(DealEntity).delete({ tenantId: tx.tenantId, id: portal.id });
        }
        return null;
      case 'NONE':
        if (portal && portal.zohoId !== deal.zohoRecordId && plan.snapshotWithoutZohoWrite !== null) {
          portal.zohoId = deal.zohoRecordId;
          return tx.save(DealEntity, portal);
        }
        return portal;
    }
  }

  /** Stores the snapshot the portal write leaves; the link ends with the pair, unless Zoho still has a write that needs it. */
  private async writeLink(
    tx: TenantScopedTransaction,
    deal: InboundDeal,
    link: RecordLinkEntity | null,
    portalRecordId: string | null,
    plan: DealReconciliation,
  ): Promise<void> {
    const snapshot = plan.snapshotWithoutZohoWrite;
    if (snapshot === null) {
      if (link && plan.zoho.kind === 'NONE') {
        await tx.repository(RecordLinkEntity).delete({ tenantId: tx.tenantId, id: link.id });
      }
      return;
    }
    const zohoModifiedAt = newest(link?.zohoModifiedAt ?? null, deal.zohoModifiedAt);
    if (link) {
      Object.assign(link, { snapshot, mappingVersion: deal.mappingVersion, syncedAt: new Date(), zohoModifiedAt });
      await tx.save(RecordLinkEntity, link);
    } else if (portalRecordId) {
      await tx.insert(RecordLinkEntity, {
        integrationId: deal.integrationId,
        module: 'DEALS',
        portalRecordId,
        zohoRecordId: deal.zohoRecordId,
        snapshot,
        mappingVersion: deal.mappingVersion,
        syncedAt: new Date(),
        zohoModifiedAt,
      });
    }
  }

  /** Deletes queue rows taken at or before `notifiedAt`: a notification that arrived meanwhile stays queued. */
  private async dequeue(
    tx: TenantScopedTransaction,
    integrationId: string,
    zohoRecordIds: readonly string[],
    notifiedAt: Date,
  ): Promise<void> {
    const repository = tx.repository(NotifiedZohoRecordEntity);
    await repository.query(
      `DELETE FROM ${repository.metadata.tablePath}
       WHERE tenant_id = $1 AND integration_id = $2 AND module = 'DEALS' AND zoho_record_id = ANY($3::text[]) AND notified_at <= $4`,
      [tx.tenantId, integrationId, zohoRecordIds, notifiedAt],
    );
  }
}

/** The deal a Zoho deal's values are written over when it is created in the portal. */
function blankDeal(): DealEntity {
  return Object.assign(new DealEntity(), {
    name: '',
    phase: '',
    pipeline: null,
    amount: null,
    currencyCode: null,
    closingDate: null,
    accountId: null,
    partnerId: null,
    ownerId: null,
    customFields: [],
  });
}

function newest(left: Date | null, right: Date | null): Date | null {
  if (!left || !right) {
    return left ?? right;
  }
  return left.getTime() >= right.getTime() ? left : right;
}

function alreadyLinked(portal: DealEntity, zohoRecordId: string): RecordOutcome {
  return {
    kind: 'skipped',
    issue: {
      module: 'DEALS',
      direction: 'ZOHO_TO_PORTAL',
      portalRecordId: portal.id,
      zohoRecordId,
      zohoErrorCode: null,
      field: null,
      reason: `Zoho deal ${zohoRecordId} names portal deal ${portal.id} in its external id, but that deal is already linked to Zoho deal ${portal.zohoId}: one of the two Zoho deals is a duplicate to merge or delete in Zoho`,
    },
  };
}
