import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, MoreThan, Not } from 'typeorm';
import { createEvent, type SyncMode } from '@crm-bridge/contracts';
import { isUuid, TenantScopedRepository, TransactionalOutbox, type TenantScopedTransaction } from '@crm-bridge/persistence';
import type { CanonicalValues, DealReconciliation, MatchKey, PortalField } from '@crm-bridge/sync-domain';
import type { ZohoRecord } from '@crm-bridge/zoho-client';
import { reportConflicts, type ReconciledDealConflicts } from '../conflict-resolution/conflict-reports';
import { DealEntity } from '../deal/deal.entity';
import { dealUpdatedEvent, type DealWrite } from '../deal/deal-updated.event';
import { dealFieldsWith } from '../deal/deal-values';
import { wakeIntegrations } from '../integration-work/integration-work.wake';
import { RecordLinkEntity } from '../record-link/record-link.entity';
import { SyncRunEntity } from '../sync-run/sync-run.entity';
import { SyncRunStatus, SyncRunTrigger } from '../sync-run/sync-run.enums';
import { SyncRunRecorder, type RecordOutcome } from '../sync-run/sync-run.recorder';
import { IgnoredZohoDealEntity } from './ignored-zoho-deal.entity';
import { InboundCursorEntity } from './inbound-cursor.entity';
import { outcomesOfInboundPlan } from './inbound-outcome';
import { inboundRetryInWords } from './inbound-retry';
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
  /** The fields the mapping can find in conflict (sync-domain's `conflictableDealFields`): a reported conflict on another was unmapped. */
  readonly conflictableFields: ReadonlySet<string>;
  readonly zohoRecordId: string;
  /** The record as Zoho's API answered it; null when Zoho no longer has it (deleted). */
  readonly zoho: ZohoRecord | null;
  /** Its `Modified_Time`; an older one than the link's changes nothing. */
  readonly zohoModifiedAt: Date | null;
  /** When it came from the notification queue: its row, as taken, is deleted in the same transaction. */
  readonly notifiedAt: Date | null;
  /**
   * Whether its portal write is announced to partners as `deal.updated`: every change but the
   * initial import's. Connecting an org does not move its deals, and announcing each of them
   * (100,000 creations on a large org) would flood every subscriber and webhook endpoint; partners
   * read the deals once instead.
   */
  readonly announced: boolean;
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
  /** What asked for it: INITIAL, MANUAL or MAPPING_CHANGE (its run was started with it). */
  readonly trigger: SyncRunTrigger;
}

/**
 * Inbound sync's transactions. Each Zoho deal is applied in ONE transaction: its portal deal
 * written (only the portal half of the plan), its link and snapshot, its outcome on the run and
 * its notification queue row. Portal writes here publish no `portal-record.changed`: that event
 * means "the portal changed a deal, push it to Zoho", and this change came from Zoho. They publish
 * `deal.updated` with origin ZOHO instead (partners hear of every change), unless they changed no field.
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
      } else {
        await this.dropRetries(tx, deal.integrationId, [deal.zohoRecordId]);
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
      const conflicts = reconciledConflicts(deal, portal, link, plan);
      const unchanged = portal ? { ...portal } : null;
      const written = await this.writePortal(tx, deal, portal, plan);
      if (plan.portal.kind !== 'NONE') {
        await publishZohoChanges(tx, [{ before: unchanged, after: written }], deal);
      }
      await this.writeLink(tx, deal, link, written?.id ?? null, plan);
      let outcomes = outcomesOfInboundPlan(plan, { portalRecordId: written?.id ?? portal?.id ?? null, zohoRecordId: deal.zohoRecordId });
      if (plan.outcome === 'IGNORED') {
        const counted = await this.rememberIgnored(tx, deal.integrationId, [deal]);
        outcomes = counted.has(deal.zohoRecordId) ? outcomes : [];
      } else {
        await this.forgetIgnored(tx, deal.integrationId, [deal.zohoRecordId]);
      }
      for (const outcome of outcomes) {
        await this.runs.record(tx, await deal.syncRunId(), outcome);
      }
      if (conflicts) {
        await reportConflicts(tx, [conflicts], async () => `sync-run-${await deal.syncRunId()}`);
      }
      return { kind: 'applied', outcomes };
    });
  }

  /**
   * Applies a page of Zoho deals of one integration in ONE transaction, with the same decisions as
   * {@link applyDeal} deal by deal: links and portal deals read with one locking query each, new
   * deals and links inserted set-based, links updated set-based, outcomes counted with one update.
   * All or nothing: when any deal fails (a constraint, a database error) or two deals of the page
   * touch the same portal deal (their order would matter), it throws and nothing of the page is
   * written — the caller then applies the page deal by deal, so one bad record sinks only itself.
   */
  applyDeals(
    tenantId: string,
    deals: readonly InboundDeal[],
    decide: (deal: InboundDeal, found: FoundDeal) => DealReconciliation,
  ): Promise<AppliedDeal[]> {
    return this.transaction(tenantId, async (tx) => {
      const [first] = deals;
      if (!first) {
        return [];
      }
      const integrationId = first.integrationId;
      const zohoRecordIds = deals.map((deal) => deal.zohoRecordId);
      if (deals.some((deal) => deal.integrationId !== integrationId) || new Set(zohoRecordIds).size !== deals.length) {
        throw new InboundPageNeedsOrder('a page names one Zoho deal twice or spans integrations');
      }
      for (const deal of deals) {
        if (deal.notifiedAt) {
          await this.dequeue(tx, integrationId, [deal.zohoRecordId], deal.notifiedAt);
        }
      }
      await this.dropRetries(
        tx,
        integrationId,
        deals.filter((deal) => !deal.notifiedAt).map((deal) => deal.zohoRecordId),
      );
      const links = new Map((await this.lockLinks(tx, integrationId, zohoRecordIds)).map((link) => [link.zohoRecordId, link]));
      const unlinked = zohoRecordIds.filter((id) => !links.has(id));
      const byZohoId = new Map(
        (await this.lockDeals(tx, integrationId, { zohoIds: unlinked })).map((deal) => [deal.zohoId as string, deal]),
      );
      const namedIds = [
        ...[...links.values()].map((link) => link.portalRecordId),
        ...deals.flatMap((deal) => (links.has(deal.zohoRecordId) || byZohoId.has(deal.zohoRecordId) ? [] : externalIdOf(deal))),
      ];
      const byId = new Map((await this.lockDeals(tx, integrationId, { ids: namedIds })).map((deal) => [deal.id, deal]));

      const writes = new PageWrites();
      const touched = new Set<string>();
      const results: AppliedDeal[] = [];
      const outcomes: RecordOutcome[] = [];
      const ignored: { deal: InboundDeal; outcomes: RecordOutcome[]; result: number }[] = [];
      const evaluated: string[] = [];
      const conflicts: ReconciledDealConflicts[] = [];
      for (const deal of deals) {
        const link = links.get(deal.zohoRecordId) ?? null;
        if (link?.zohoModifiedAt && deal.zohoModifiedAt && deal.zohoModifiedAt.getTime() < link.zohoModifiedAt.getTime()) {
          results.push({ kind: 'stale' });
          continue;
        }
        const portal = link
          ? (byId.get(link.portalRecordId) ?? null)
          : (byZohoId.get(deal.zohoRecordId) ?? byId.get(externalIdOf(deal)[0] ?? '') ?? null);
        if (portal) {
          if (touched.has(portal.id)) {
            throw new InboundPageNeedsOrder(`two Zoho deals of the page touch portal deal ${portal.id}`);
          }
          touched.add(portal.id);
        }
        if (!link && portal && portal.zohoId !== null && portal.zohoId !== deal.zohoRecordId) {
          const outcome = alreadyLinked(portal, deal.zohoRecordId);
          outcomes.push(outcome);
          results.push({ kind: 'applied', outcomes: [outcome] });
          continue;
        }
        const plan = decide(deal, { portal, snapshot: link?.snapshot ?? null });
        const dealConflicts = reconciledConflicts(deal, portal, link, plan);
        if (dealConflicts) {
          conflicts.push(dealConflicts);
        }
        const writtenId = writes.portal(tx.tenantId, deal, portal, plan);
        writes.link(tx.tenantId, deal, link, writtenId, plan);
        const dealOutcomes = outcomesOfInboundPlan(plan, {
          portalRecordId: writtenId ?? portal?.id ?? null,
          zohoRecordId: deal.zohoRecordId,
        });
        if (plan.outcome === 'IGNORED') {
          // Counted below, once the page knows which of its ignored versions were counted before.
          ignored.push({ deal, outcomes: dealOutcomes, result: results.length });
          results.push({ kind: 'applied', outcomes: [] });
          continue;
        }
        evaluated.push(deal.zohoRecordId);
        outcomes.push(...dealOutcomes);
        results.push({ kind: 'applied', outcomes: dealOutcomes });
      }
      await writes.carryOut(tx, first);
      await reportConflicts(tx, conflicts, async () => `sync-run-${await first.syncRunId()}`);
      await this.forgetIgnored(tx, integrationId, evaluated);
      const counted = await this.rememberIgnored(
        tx,
        integrationId,
        ignored.map((entry) => entry.deal),
      );
      for (const entry of ignored.filter(({ deal }) => counted.has(deal.zohoRecordId))) {
        outcomes.push(...entry.outcomes);
        results[entry.result] = { kind: 'applied', outcomes: entry.outcomes };
      }
      if (outcomes.length > 0) {
        await this.runs.recordAll(tx, await first.syncRunId(), outcomes);
      }
      return results;
    });
  }

  /**
   * Records a deal that could not be applied (e.g. a database error) as failed on the run, and
   * queues it for another attempt in the same transaction: `retryAt(attempts)` says when, by the
   * failures in a row (this one included), or null to give up. A deal a notification named after
   * this attempt was taken keeps its row as the notification left it: it is tried again now.
   */
  recordFailure(tenantId: string, deal: InboundDeal, reason: string, retryAt: (attempts: number) => Date | null): Promise<void> {
    return this.transaction(tenantId, async (tx) => {
      // Locked against a notification queuing the deal meanwhile.
      const queued = await tx.lockOneBy(NotifiedZohoRecordEntity, {
        integrationId: deal.integrationId,
        module: 'DEALS',
        zohoRecordId: deal.zohoRecordId,
      });
      const notifiedSince =
        queued !== null && (deal.notifiedAt ? queued.notifiedAt.getTime() > deal.notifiedAt.getTime() : queued.attempts === 0);
      let next = 'a Zoho notification about it is queued, so it is tried again at once';
      if (!notifiedSince) {
        const attempts = (queued?.attempts ?? 0) + 1;
        const at = retryAt(attempts);
        next = inboundRetryInWords(attempts, at);
        await this.queueRetry(tx, deal, queued, attempts, at);
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
          reason: `Zoho deal ${deal.zohoRecordId} could not be saved in the portal: ${reason} (${next})`,
        },
      });
    });
  }

  /**
   * The integration's queued deals that are due — notified ones, and failed ones whose retry time
   * has come — oldest notification first.
   */
  queuedDeals(tenantId: string, integrationId: string, limit: number): Promise<NotifiedZohoRecordEntity[]> {
    return this.source
      .getRepository(NotifiedZohoRecordEntity)
      .createQueryBuilder('queued')
      .where("queued.tenantId = :tenantId AND queued.integrationId = :integrationId AND queued.module = 'DEALS'", {
        tenantId,
        integrationId,
      })
      .andWhere('(queued.retryAt IS NULL OR queued.retryAt <= now())')
      .orderBy('queued.notifiedAt', 'ASC')
      .addOrderBy('queued.zohoRecordId', 'ASC')
      .take(limit)
      .getMany();
  }

  /**
   * Of these Zoho deal ids, those waiting for a retry not yet due, with the `Modified_Time` of the
   * version that failed: a poll or full read passes that version over (the retry brings it).
   */
  async retriesWaiting(tenantId: string, integrationId: string, zohoRecordIds: readonly string[]): Promise<Map<string, Date>> {
    if (zohoRecordIds.length === 0) {
      return new Map();
    }
    const rows = await this.source
      .getRepository(NotifiedZohoRecordEntity)
      .createQueryBuilder('queued')
      .select('queued.zohoRecordId', 'zohoRecordId')
      .addSelect('queued.failedModifiedAt', 'failedModifiedAt')
      .where("queued.tenantId = :tenantId AND queued.integrationId = :integrationId AND queued.module = 'DEALS'", {
        tenantId,
        integrationId,
      })
      .andWhere('queued.zohoRecordId = ANY(:zohoRecordIds) AND queued.retryAt > now() AND queued.failedModifiedAt IS NOT NULL', {
        zohoRecordIds,
      })
      .getRawMany<{ zohoRecordId: string; failedModifiedAt: Date }>();
    return new Map(rows.map((row) => [row.zohoRecordId, new Date(row.failedModifiedAt)]));
  }

  /** Drops the integration's deals sync gave up on: a full sync is about to read every deal, and tries them again. */
  async forgetGivenUpDeals(tenantId: string, integrationId: string): Promise<void> {
    await this.source
      .getRepository(NotifiedZohoRecordEntity)
      .createQueryBuilder()
      .delete()
      .where("tenant_id = :tenantId AND integration_id = :integrationId AND module = 'DEALS' AND retry_at = 'infinity'", {
        tenantId,
        integrationId,
      })
      .execute();
  }

  /** When the integration's next failed deal is due to be tried again; null when none waits. */
  async nextRetryAt(tenantId: string, integrationId: string): Promise<Date | null> {
    const next = await this.source
      .getRepository(NotifiedZohoRecordEntity)
      .createQueryBuilder('queued')
      .select('min(queued.retryAt)', 'at')
      .where("queued.tenantId = :tenantId AND queued.integrationId = :integrationId AND queued.module = 'DEALS'", {
        tenantId,
        integrationId,
      })
      .andWhere("queued.retryAt > now() AND queued.retryAt < 'infinity'")
      .getRawOne<{ at: Date | null }>();
    return next?.at ? new Date(next.at) : null;
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
    if (!cursor?.pendingRunId || !cursor.pendingMode) {
      return null;
    }
    const run = await this.source.getRepository(SyncRunEntity).findOne({
      select: { id: true, trigger: true },
      where: { tenantId, id: cursor.pendingRunId },
    });
    return { runId: cursor.pendingRunId, mode: cursor.pendingMode, trigger: run?.trigger ?? SyncRunTrigger.MANUAL };
  }

  /**
   * How many of the integration's latest finished runs of these triggers failed in a row (at most
   * `limit`, past which the back-off is at its cap anyway): what a step that failed as a whole backs
   * off by, the same across instances and restarts.
   */
  async runsFailedInARow(tenantId: string, integrationId: string, triggers: readonly SyncRunTrigger[], limit = 20): Promise<number> {
    const runs = await this.source.getRepository(SyncRunEntity).find({
      select: { id: true, status: true },
      where: { tenantId, integrationId, trigger: In([...triggers]), status: Not(SyncRunStatus.RUNNING) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    const firstNotFailed = runs.findIndex((run) => run.status !== SyncRunStatus.FAILED);
    return firstNotFailed === -1 ? runs.length : firstNotFailed;
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
    const cursor = await tx.lockOneBy(InboundCursorEntity, { integrationId });
    if (!cursor) {
      throw new Error(`integration ${integrationId} has an inbound cursor of another tenant`);
    }
    return cursor;
  }

  private lockLink(tx: TenantScopedTransaction, integrationId: string, zohoRecordId: string): Promise<RecordLinkEntity | null> {
    return tx.lockOneBy(RecordLinkEntity, { integrationId, module: 'DEALS', zohoRecordId });
  }

  private lockLinks(tx: TenantScopedTransaction, integrationId: string, zohoRecordIds: readonly string[]): Promise<RecordLinkEntity[]> {
    return tx
      .repository(RecordLinkEntity)
      .createQueryBuilder('link')
      .setLock('pessimistic_write')
      .where('link.tenantId = :tenantId AND link.integrationId = :integrationId', { tenantId: tx.tenantId, integrationId })
      .andWhere("link.module = 'DEALS' AND link.zohoRecordId = ANY(:zohoRecordIds)", { zohoRecordIds })
      .getMany();
  }

  /** The integration's portal deals with these ids or carrying these Zoho ids, locked. */
  private async lockDeals(
    tx: TenantScopedTransaction,
    integrationId: string,
    by: { ids: readonly string[] } | { zohoIds: readonly string[] },
  ): Promise<DealEntity[]> {
    const values = 'ids' in by ? by.ids : by.zohoIds;
    if (values.length === 0) {
      return [];
    }
    return (
      tx
        .repository(DealEntity)
        .createQueryBuilder('deal')
        .setLock('pessimistic_write')
        .where('deal.tenantId = :tenantId AND deal.integrationId = :integrationId', { tenantId: tx.tenantId, integrationId })
        // One array parameter, however long the page (an IN list would be one parameter per id).
        .andWhere('ids' in by ? 'deal.id = ANY(:values)' : 'deal.zohoId = ANY(:values)', { values })
        .getMany()
    );
  }

  /** A never-linked Zoho deal's portal deal: the one carrying its Zoho id, else the one its external id names. */
  private async matchingDeal(tx: TenantScopedTransaction, deal: InboundDeal): Promise<DealEntity | null> {
    const byZohoId = await tx.lockOneBy(DealEntity, { integrationId: deal.integrationId, zohoId: deal.zohoRecordId });
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

  /**
   * Queues a failed deal for its next attempt at `at` — its row keeps the notification time it had,
   * else starts at its Modified_Time (the change it carries) — or, when sync gives up on it (`at`
   * null), keeps the row with no retry time ('infinity'), so the polls pass the failed version over
   * until Zoho changes the deal or a full sync forgets it (`forgetGivenUpDeals`).
   */
  private async queueRetry(
    tx: TenantScopedTransaction,
    deal: InboundDeal,
    queued: { notifiedAt: Date } | null,
    attempts: number,
    at: Date | null,
  ): Promise<void> {
    const repository = tx.repository(NotifiedZohoRecordEntity);
    const table = repository.metadata.tablePath;
    await repository.query(
      `INSERT INTO ${table} (tenant_id, integration_id, module, zoho_record_id, deleted, notified_at, attempts, retry_at, failed_modified_at)
       VALUES ($1, $2, 'DEALS', $3, $4, $5, $6, coalesce($7::timestamptz, 'infinity'), $8)
       ON CONFLICT (integration_id, module, zoho_record_id) DO UPDATE
         SET attempts = excluded.attempts, retry_at = excluded.retry_at, failed_modified_at = excluded.failed_modified_at,
             updated_at = now()
         WHERE ${table}.tenant_id = excluded.tenant_id`,
      [
        tx.tenantId,
        deal.integrationId,
        deal.zohoRecordId,
        deal.zoho === null,
        queued?.notifiedAt ?? deal.notifiedAt ?? deal.zohoModifiedAt ?? new Date(),
        attempts,
        at,
        deal.zohoModifiedAt,
      ],
    );
    if (at) {
      // The notified-deals step may have run already in this pass: the wake brings the worker back for the retry.
      await wakeIntegrations(tx, [deal.integrationId], at);
    }
  }

  /** Drops the retry rows of deals a poll or full sync has just applied: nothing is left to try again. */
  private async dropRetries(tx: TenantScopedTransaction, integrationId: string, zohoRecordIds: readonly string[]): Promise<void> {
    if (zohoRecordIds.length === 0) {
      return;
    }
    const repository = tx.repository(NotifiedZohoRecordEntity);
    await repository.query(
      `DELETE FROM ${repository.metadata.tablePath}
       WHERE tenant_id = $1 AND integration_id = $2 AND module = 'DEALS' AND zoho_record_id = ANY($3::text[]) AND attempts > 0`,
      [tx.tenantId, integrationId, zohoRecordIds],
    );
  }

  /**
   * Remembers the versions of these ignored deals; returns the ids of those to count as skipped now:
   * never counted, or a newer `Modified_Time` than the one counted (or none to compare). The same
   * version read again — a poll's overlap, a second full sync — counts nothing.
   */
  private async rememberIgnored(
    tx: TenantScopedTransaction,
    integrationId: string,
    deals: readonly Pick<InboundDeal, 'zohoRecordId' | 'zohoModifiedAt'>[],
  ): Promise<Set<string>> {
    if (deals.length === 0) {
      return new Set();
    }
    const repository = tx.repository(IgnoredZohoDealEntity);
    const table = repository.metadata.tablePath;
    const rows = await repository.query<{ zoho_record_id: string }[]>(
      `INSERT INTO ${table} (tenant_id, integration_id, zoho_record_id, zoho_modified_at)
       SELECT $1, $2, deal.zoho_record_id, deal.zoho_modified_at
       FROM unnest($3::text[], $4::timestamptz[]) AS deal(zoho_record_id, zoho_modified_at)
       ON CONFLICT (integration_id, zoho_record_id) DO UPDATE
         SET zoho_modified_at = excluded.zoho_modified_at, updated_at = now()
         WHERE ${table}.tenant_id = excluded.tenant_id
           AND (excluded.zoho_modified_at IS NULL OR ${table}.zoho_modified_at IS NULL
             OR excluded.zoho_modified_at > ${table}.zoho_modified_at)
       RETURNING zoho_record_id`,
      [tx.tenantId, integrationId, deals.map((deal) => deal.zohoRecordId), deals.map((deal) => deal.zohoModifiedAt)],
    );
    return new Set(rows.map((row) => row.zoho_record_id));
  }

  /** Forgets the counted versions of deals no longer ignored (synced, skipped or deleted now). */
  private async forgetIgnored(tx: TenantScopedTransaction, integrationId: string, zohoRecordIds: readonly string[]): Promise<void> {
    if (zohoRecordIds.length === 0) {
      return;
    }
    const repository = tx.repository(IgnoredZohoDealEntity);
    await repository.query(
      `DELETE FROM ${repository.metadata.tablePath} WHERE tenant_id = $1 AND integration_id = $2 AND zoho_record_id = ANY($3::text[])`,
      [tx.tenantId, integrationId, zohoRecordIds],
    );
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

/**
 * Publishes the `deal.updated` (origin ZOHO) of each portal write of the plans that changed a field,
 * all in one outbox insert, correlated with the run the writes are counted on (only plans with a
 * portal write come here: they always have an outcome, so asking for the run starts none that
 * would not exist anyway).
 */
async function publishZohoChanges(
  tx: TenantScopedTransaction,
  writes: readonly DealWrite[],
  deal: Pick<InboundDeal, 'portalFields' | 'syncRunId' | 'announced'>,
): Promise<void> {
  const changed = writes.filter((write) => write.before !== null || write.after !== null);
  if (!deal.announced || changed.length === 0) {
    return;
  }
  const source = { origin: 'ZOHO', fields: deal.portalFields, correlationId: `sync-run-${await deal.syncRunId()}` } as const;
  const events = changed.flatMap((write) => dealUpdatedEvent(write, source) ?? []);
  await tx.publish(events);
}

/** Raised when a page cannot be applied as a whole; the caller applies it deal by deal. */
export class InboundPageNeedsOrder extends Error {}

/** The portal deal id a never-linked Zoho deal names in its external-id field, when the match key is one. */
function externalIdOf(deal: InboundDeal): string[] {
  if (deal.matchKey.kind !== 'EXTERNAL_ID' || !deal.zoho) {
    return [];
  }
  const portalId = deal.zoho[deal.matchKey.zohoField];
  return typeof portalId === 'string' && isUuid(portalId) ? [portalId] : [];
}

/**
 * A page's writes, collected deal by deal as `applyDeal` would make them, then carried out
 * set-based: deletions first (a Zoho id may move to a new deal), deal updates row by row (few:
 * a change made in Zoho), new deals and links as one insert each, link updates as one UPDATE.
 */
class PageWrites {
  private readonly dealDeletes: string[] = [];
  private readonly dealSaves: DealEntity[] = [];
  /** The deal writes of the plans' portal writes, for their `deal.updated`; a new deal's entry is completed by its insert. */
  private readonly dealWrites: { before: DealEntity | null; after: DealEntity | null }[] = [];
  private readonly dealInserts: DealEntity[] = [];
  private readonly linkDeletes: string[] = [];
  private readonly linkUpdates: RecordLinkEntity[] = [];
  private readonly linkInserts: Partial<RecordLinkEntity>[] = [];

  /** The plan's portal write (as `writePortal`); returns the id of the portal deal as it now is, null when there is none. */
  portal(tenantId: string, deal: InboundDeal, portal: DealEntity | null, plan: DealReconciliation): string | null {
    const write = plan.portal;
    switch (write.kind) {
      case 'CREATE': {
        const inserted = Object.assign(blankDeal(), {
          id: randomUUID(),
          tenantId,
          integrationId: deal.integrationId,
          ...dealFieldsWith(blankDeal(), write.values, deal.portalFields),
          zohoId: deal.zohoRecordId,
          syncStatus: 'SYNCED' as const,
          lastSyncError: null,
        });
        this.dealInserts.push(inserted);
        this.dealWrites.push({ before: null, after: inserted });
        return inserted.id;
      }
      case 'UPDATE':
        if (!portal) {
          return null;
        }
        this.dealWrites.push({ before: { ...portal }, after: portal });
        Object.assign(portal, dealFieldsWith(portal, write.values, deal.portalFields), { zohoId: deal.zohoRecordId });
        if (plan.zoho.kind === 'NONE') {
          Object.assign(portal, { syncStatus: 'SYNCED', lastSyncError: null });
        }
        this.dealSaves.push(portal);
        return portal.id;
      case 'DELETE':
        if (portal) {
          this.dealDeletes.push(portal.id);
          this.dealWrites.push({ before: portal, after: null });
        }
        return null;
      case 'NONE':
        if (portal && portal.zohoId !== deal.zohoRecordId && plan.snapshotWithoutZohoWrite !== null) {
          portal.zohoId = deal.zohoRecordId;
          this.dealSaves.push(portal);
        }
        return portal?.id ?? null;
    }
  }

  /** The link the portal write leaves (as `writeLink`). */
  link(tenantId: string, deal: InboundDeal, link: RecordLinkEntity | null, portalRecordId: string | null, plan: DealReconciliation): void {
    const snapshot = plan.snapshotWithoutZohoWrite;
    if (snapshot === null) {
      if (link && plan.zoho.kind === 'NONE') {
        this.linkDeletes.push(link.id);
      }
      return;
    }
    const zohoModifiedAt = newest(link?.zohoModifiedAt ?? null, deal.zohoModifiedAt);
    if (link) {
      this.linkUpdates.push(Object.assign(link, { snapshot, mappingVersion: deal.mappingVersion, syncedAt: new Date(), zohoModifiedAt }));
    } else if (portalRecordId) {
      this.linkInserts.push({
        tenantId,
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

  /** Writes the page set-based, then publishes its `deal.updated` events with one outbox insert. */
  async carryOut(tx: TenantScopedTransaction, page: Pick<InboundDeal, 'portalFields' | 'syncRunId' | 'announced'>): Promise<void> {
    const deals = tx.repository(DealEntity);
    const links = tx.repository(RecordLinkEntity);
    if (this.linkDeletes.length > 0) {
      await links.query(`DELETE FROM ${links.metadata.tablePath} WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [
        tx.tenantId,
        this.linkDeletes,
      ]);
    }
    if (this.dealDeletes.length > 0) {
      await deals.query(`DELETE FROM ${deals.metadata.tablePath} WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [
        tx.tenantId,
        this.dealDeletes,
      ]);
    }
    for (const deal of this.dealSaves) {
      await tx.save(DealEntity, deal);
    }
    if (this.dealInserts.length > 0) {
      // unnest of one array per column: one statement of 16 parameters however long the page.
      const column = <TKey extends keyof DealEntity>(key: TKey) => this.dealInserts.map((deal) => deal[key] ?? null);
      const inserted = await deals.query<{ id: string; updated_at: Date }[]>(
        `INSERT INTO ${deals.metadata.tablePath} (id, tenant_id, integration_id, name, phase, pipeline, amount, currency_code,
           closing_date, account_id, partner_id, owner_id, custom_fields, zoho_id, sync_status, last_sync_error)
         SELECT id, tenant_id, integration_id, name, phase, pipeline, amount, currency_code, closing_date, account_id,
           partner_id, owner_id, custom_fields::jsonb, zoho_id, sync_status, last_sync_error
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::text[],
           $9::date[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
           AS page(id, tenant_id, integration_id, name, phase, pipeline, amount, currency_code, closing_date, account_id,
             partner_id, owner_id, custom_fields, zoho_id, sync_status, last_sync_error)
         RETURNING id, updated_at`,
        [
          column('id'),
          column('tenantId'),
          column('integrationId'),
          column('name'),
          column('phase'),
          column('pipeline'),
          column('amount'),
          column('currencyCode'),
          column('closingDate'),
          column('accountId'),
          column('partnerId'),
          column('ownerId'),
          this.dealInserts.map((deal) => JSON.stringify(deal.customFields ?? [])),
          column('zohoId'),
          column('syncStatus'),
          column('lastSyncError'),
        ],
      );
      const updatedAt = new Map(inserted.map((row) => [row.id, new Date(row.updated_at)]));
      for (const deal of this.dealInserts) {
        deal.updatedAt = updatedAt.get(deal.id) ?? deal.updatedAt;
      }
    }
    if (this.linkUpdates.length > 0) {
      await links.query(
        `UPDATE ${links.metadata.tablePath} AS link
         SET snapshot = page.snapshot::jsonb, mapping_version = page.mapping_version, synced_at = page.synced_at,
             zoho_modified_at = page.zoho_modified_at, updated_at = now()
         FROM unnest($2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[])
           AS page(id, snapshot, mapping_version, synced_at, zoho_modified_at)
         WHERE link.tenant_id = $1 AND link.id = page.id`,
        [
          tx.tenantId,
          this.linkUpdates.map((link) => link.id),
          this.linkUpdates.map((link) => JSON.stringify(link.snapshot)),
          this.linkUpdates.map((link) => link.mappingVersion),
          this.linkUpdates.map((link) => link.syncedAt),
          this.linkUpdates.map((link) => link.zohoModifiedAt),
        ],
      );
    }
    if (this.linkInserts.length > 0) {
      await links.query(
        `INSERT INTO ${links.metadata.tablePath} (id, tenant_id, integration_id, module, portal_record_id, zoho_record_id, snapshot,
           mapping_version, synced_at, zoho_modified_at)
         SELECT gen_random_uuid(), $1, $2, 'DEALS', portal_record_id, zoho_record_id, snapshot::jsonb, mapping_version, synced_at, zoho_modified_at
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[])
           AS page(portal_record_id, zoho_record_id, snapshot, mapping_version, synced_at, zoho_modified_at)`,
        [
          tx.tenantId,
          this.linkInserts[0]?.integrationId,
          this.linkInserts.map((link) => link.portalRecordId),
          this.linkInserts.map((link) => link.zohoRecordId),
          this.linkInserts.map((link) => JSON.stringify(link.snapshot)),
          this.linkInserts.map((link) => link.mappingVersion),
          this.linkInserts.map((link) => link.syncedAt),
          this.linkInserts.map((link) => link.zohoModifiedAt),
        ],
      );
    }
    await publishZohoChanges(tx, this.dealWrites, page);
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

/**
 * A linked deal's conflicts as this reconcile found them (none: its earlier reports are cleared),
 * taken before the portal write changes the deal's `updatedAt`; a deal gone on either side has
 * none, and what was reported on it is cleared as deleted. Null when there is no portal deal to
 * name or the plan synced nothing (an ignored or skipped deal keeps its reports).
 */
function reconciledConflicts(
  deal: InboundDeal,
  portal: DealEntity | null,
  link: RecordLinkEntity | null,
  plan: DealReconciliation,
): ReconciledDealConflicts | null {
  const portalRecordId = portal?.id ?? link?.portalRecordId;
  if (!portalRecordId || plan.outcome !== 'SYNC') {
    return null;
  }
  return {
    integrationId: deal.integrationId,
    portalRecordId,
    zohoRecordId: deal.zohoRecordId,
    conflicts: plan.conflicts,
    recordDeleted: !portal || !deal.zoho,
    conflictableFields: deal.conflictableFields,
    portalChangedAt: portal?.updatedAt ?? null,
    zohoChangedAt: deal.zohoModifiedAt,
  };
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
