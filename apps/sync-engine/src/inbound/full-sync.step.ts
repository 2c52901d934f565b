import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { CREDIT_PAUSE_RECHECK_MS, creditAllows } from '../credit-budget/credit-standing';
import type { SyncRetryConfig } from '../integration-work/integration-work.config';
import { IntegrationWorkSteps } from '../integration-work/integration-work.steps';
import { syncRetryAt } from '../integration-work/retry-backoff';
import type { IntegrationWorkStep, IntegrationWorkUnit } from '../integration-work/integration-work.step';
import { SyncRunTrigger } from '../sync-run/sync-run.enums';
import { InboundApplier } from './inbound-applier';
import type { InboundConfig } from './inbound.config';
import type { InboundCursorEntity } from './inbound-cursor.entity';
import { InboundRepository, type PendingFullSync } from './inbound.repository';
import { InboundInterruptedError, InboundNotSyncingError, InboundRuns, type InboundRun } from './inbound-runs';
import { fullReadMethod, syncRecordsFromInstant } from './full-read';
import { inboundResyncBetween } from './mapping-resync';
import { advancedCursor } from './poll-window';
import { ZohoChangeReader } from './zoho-change-reader';
import { readingUnitOf, ZohoDealReader, type ReadingUnit } from './zoho-deal-reader';

/** Pages of a full read applied at once (each its own transaction). */
const APPLYING_PAGES = 2;
/** Linked deals re-read per call after a mapping change (Zoho's `ids` limit). */
const RESYNC_BATCH = 100;

/**
 * Full syncs: the initial one when an integration's mapping is first published (no cursor yet),
 * the ones a user asks for with `triggerSync` (FULL, or MODIFIED_SINCE_LAST_SYNC), and the re-sync
 * a newer mapping version needs (MAPPING_CHANGE: the linked deals it reads differently are re-read,
 * or every deal when it selects a new pipeline). A full read goes through the connection's read
 * strategy, counted first so the run shows done of estimated total; it sets the poll's cursors
 * when it is the first. An owed full sync survives a restart or a lost lease: its run stays RUNNING
 * and the next holder of the lease reads again (applying twice changes nothing).
 */
@Injectable()
export class FullSyncStep implements IntegrationWorkStep {
  readonly name = 'inbound-full-sync';

  constructor(
    steps: IntegrationWorkSteps,
    @Inject(SERVICE_CONFIG) private readonly config: InboundConfig & SyncRetryConfig,
    private readonly repository: InboundRepository,
    private readonly reader: ZohoDealReader,
    private readonly changes: ZohoChangeReader,
    private readonly applier: InboundApplier,
    private readonly runs: InboundRuns,
  ) {
    steps.register(this);
  }

  async run(unit: IntegrationWorkUnit): Promise<Date | null> {
    const reading = readingUnitOf(unit);
    if (!reading) {
      await this.abandonOwedSync(unit);
      return null;
    }
    // Full reads stop with the polls when the credit budget runs low; they start once it eases.
    if (!creditAllows.polls(unit.credits)) {
      return new Date(Date.now() + CREDIT_PAUSE_RECHECK_MS);
    }
    let cursor = await this.repository.cursorOf(unit.tenantId, unit.integrationId);
    if (!cursor?.pendingRunId && !cursor?.modifiedCursor) {
      await this.repository.requestFullSync(unit.tenantId, unit.integrationId, { mode: 'FULL', trigger: SyncRunTrigger.INITIAL });
      cursor = await this.repository.cursorOf(unit.tenantId, unit.integrationId);
    } else if (!cursor.pendingRunId && (cursor.syncedMappingVersion ?? 0) < reading.mapping.version) {
      return this.resyncMappingChange(reading, cursor);
    }
    const pending = await this.repository.pendingFullSync(unit.tenantId, unit.integrationId);
    return pending && cursor ? this.fullSync(reading, cursor, pending) : null;
  }

  private async fullSync(unit: ReadingUnit, cursor: InboundCursorEntity, pending: PendingFullSync): Promise<Date | null> {
    const run = this.runs.open(unit, pending.trigger, pending.runId);
    const startedAt = new Date();
    try {
      let newest: Date | null = null;
      if (pending.mode === 'MODIFIED_SINCE_LAST_SYNC' && cursor.modifiedCursor && cursor.deletedCursor) {
        await this.changes.readAndApply(unit, run, {
          modifiedCursor: cursor.modifiedCursor,
          deletedCursor: cursor.deletedCursor,
          listedThrough: cursor.listedThrough,
        });
      } else {
        newest = await this.readEverything(unit, run);
      }
      await this.repository.updateCursor(unit.tenantId, unit.integrationId, (row) => {
        // The first full sync starts the polls where it started reading: whatever changed while it
        // read is read again by the first poll.
        row.modifiedCursor = advancedCursor(row.modifiedCursor ?? startedAt, [newest]);
        row.deletedCursor = row.deletedCursor ?? startedAt;
        row.lastPollAt = row.lastPollAt ?? startedAt;
        row.syncedMappingVersion = unit.mapping.version;
        row.syncedMappingDefinition = unit.mapping.definition;
        row.pendingRunId = null;
        row.pendingMode = null;
      });
      await run.finish();
      return null;
    } catch (error) {
      if (unit.signal.aborted) {
        // Still owed: the run stays RUNNING for whoever holds the lease next.
        throw error;
      }
      await this.repository.updateCursor(unit.tenantId, unit.integrationId, (row) => {
        row.pendingRunId = null;
        row.pendingMode = null;
      });
      await run.finish(error);
      return this.retryAfterFailure(unit);
    }
  }

  /** When a failed full sync or re-sync is tried again (as a new run): the sync back-off, by the full syncs failed in a row. */
  private async retryAfterFailure(unit: ReadingUnit): Promise<Date> {
    const failures = await this.repository.runsFailedInARow(unit.tenantId, unit.integrationId, [
      SyncRunTrigger.INITIAL,
      SyncRunTrigger.MANUAL,
      SyncRunTrigger.MAPPING_CHANGE,
    ]);
    return syncRetryAt(Math.max(1, failures), this.config);
  }

  /**
   * A full sync owed while deals stopped syncing from Zoho (integration or module turned off, the
   * connection needing a new consent) is finished FAILED saying so, rather than left RUNNING until
   * someone fixes it. The initial sync is owed again once sync is back (there is no cursor yet).
   */
  private async abandonOwedSync(unit: IntegrationWorkUnit): Promise<void> {
    const pending = await this.repository.pendingFullSync(unit.tenantId, unit.integrationId);
    if (!pending) {
      return;
    }
    await this.repository.updateCursor(unit.tenantId, unit.integrationId, (row) => {
      row.pendingRunId = null;
      row.pendingMode = null;
    });
    await this.runs.open(unit, pending.trigger, pending.runId).finish(new InboundNotSyncingError(whyNotSyncing(unit)));
  }

  /** Reads every deal (from "sync records from") by the read strategy; returns the newest Modified_Time applied. */
  private async readEverything(unit: ReadingUnit, run: InboundRun): Promise<Date | null> {
    const runId = await run.id();
    await this.repository.forgetGivenUpDeals(unit.tenantId, unit.integrationId);
    const fromMs = syncRecordsFromInstant(unit.integration.settings.syncRecordsFrom, unit.integration.settings.timeZone);
    // One Record Count call (1 credit) whatever the strategy: the run's estimated total, and the
    // size AUTOMATIC chooses its read method by.
    const counted = await this.reader.count(unit, fromMs);
    await this.repository.estimate(unit.tenantId, runId, counted);
    await run.progressed();
    let newest: Date | null = null;
    const method = fullReadMethod(unit.connection.readStrategy, counted, this.config.INBOUND_BULK_READ_THRESHOLD);
    const pages = this.reader.fullRead(unit, method, fromMs);
    // The next page is read (fetched, or parsed from the Bulk Read file) while earlier ones are
    // applied, and up to APPLYING_PAGES pages are applied at once: a full read's pages hold
    // distinct Zoho deals, so their transactions seldom wait for each other (when they do, or
    // deadlock, a page falls back to deal by deal).
    const applying: Promise<void>[] = [];
    let next = pages.next();
    try {
      for (;;) {
        const page = await next;
        if (page.done) {
          break;
        }
        next = pages.next();
        // A failure surfaces when it is awaited; until then it must not count as unhandled.
        next.catch(() => undefined);
        const applied = this.applier
          .apply(
            unit,
            run,
            page.value.map((record) => ({ zohoRecordId: record.id, zoho: record })),
          )
          .then(async (modifiedTimes) => {
            newest = advancedCursor(newest, modifiedTimes);
            await run.progressed();
          });
        applied.catch(() => undefined);
        applying.push(applied);
        if (applying.length >= APPLYING_PAGES) {
          await applying.shift();
        }
      }
      await Promise.all(applying);
      return newest;
    } finally {
      await Promise.allSettled(applying);
      await pages.return(undefined).catch(() => undefined);
    }
  }

  /** Brings the links up to the active mapping: re-reads what it reads differently, or notes that nothing changed. */
  private async resyncMappingChange(unit: ReadingUnit, cursor: InboundCursorEntity): Promise<Date | null> {
    const resync = inboundResyncBetween(cursor.syncedMappingDefinition, unit.mapping.definition);
    if (resync.kind === 'ALL') {
      const requested = await this.repository.requestFullSync(unit.tenantId, unit.integrationId, {
        mode: 'FULL',
        trigger: SyncRunTrigger.MAPPING_CHANGE,
      });
      const pending = { runId: requested.run.id, mode: 'FULL' as const, trigger: SyncRunTrigger.MAPPING_CHANGE };
      return this.fullSync(unit, cursor, pending);
    }
    const run = this.runs.open(unit, SyncRunTrigger.MAPPING_CHANGE);
    try {
      if (resync.kind === 'LINKED') {
        await this.rereadLinked(unit, run);
      }
      await this.repository.updateCursor(unit.tenantId, unit.integrationId, (row) => {
        row.syncedMappingVersion = unit.mapping.version;
        row.syncedMappingDefinition = unit.mapping.definition;
      });
      await run.finish();
      return null;
    } catch (error) {
      if (unit.signal.aborted) {
        await run.finish(new InboundInterruptedError()).catch(() => undefined);
        throw error;
      }
      await run.finish(error);
      return this.retryAfterFailure(unit);
    }
  }

  /** Re-reads the deals linked under an older mapping version, 100 ids a call; one Zoho no longer has is a deletion. */
  private async rereadLinked(unit: ReadingUnit, run: InboundRun): Promise<void> {
    let after = '';
    for (;;) {
      const ids = await this.repository.linkedBefore(unit.tenantId, unit.integrationId, unit.mapping.version, after, RESYNC_BATCH);
      if (ids.length === 0) {
        return;
      }
      const fetched = new Map((await this.reader.byIds(unit, ids)).map((record) => [record.id, record]));
      await this.applier.apply(
        unit,
        run,
        ids.map((id) => ({ zohoRecordId: id, zoho: fetched.get(id) ?? null })),
      );
      await run.progressed();
      after = ids[ids.length - 1] ?? after;
    }
  }
}

/** Why deals do not sync from Zoho for the unit now, in words its admin acts on. */
function whyNotSyncing(unit: IntegrationWorkUnit): string {
  const { settings } = unit.integration;
  const deals = settings.modules.find((module) => module.module === 'DEALS');
  if (!settings.enabled) {
    return 'the integration was disabled before the sync could run';
  }
  if (!deals?.enabled || deals.direction === 'PORTAL_TO_ZOHO') {
    return 'deals no longer sync from Zoho to the portal for this integration';
  }
  if (unit.connection?.state !== 'CONNECTED') {
    const reason = unit.connection?.stateReason ? ` (${unit.connection.stateReason})` : '';
    return `the Zoho connection is ${unit.connection?.state ?? 'unknown'}${reason}: reconnect Zoho, then sync again`;
  }
  return 'the integration has no published mapping';
}
