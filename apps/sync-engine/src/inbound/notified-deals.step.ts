import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { CREDIT_PAUSE_RECHECK_MS, creditAllows } from '../credit-budget/credit-standing';
import type { SyncRetryConfig } from '../integration-work/integration-work.config';
import { IntegrationWorkSteps } from '../integration-work/integration-work.steps';
import { syncRetryAt } from '../integration-work/retry-backoff';
import type { IntegrationWorkStep, IntegrationWorkUnit } from '../integration-work/integration-work.step';
import { SyncRunTrigger } from '../sync-run/sync-run.enums';
import { InboundApplier, type ZohoDealToApply } from './inbound-applier';
import { InboundRepository } from './inbound.repository';
import { InboundInterruptedError, InboundRuns } from './inbound-runs';
import { readingUnitOf, ZohoDealReader } from './zoho-deal-reader';

/** Zoho allows 100 ids per list call: one call per batch. */
const BATCH = 100;

/**
 * Deals Zoho notifications named (`notified_zoho_records`, filled by the notification endpoint):
 * up to 100 at a time, oldest first, fetched in ONE call by exactly their ids and applied; a
 * deleted one (or an id Zoho no longer has) is applied as a deletion. Each queue row goes in the
 * transaction that applies its deal. Deals that failed to apply wait in the same queue until their
 * retry time (`InboundRepository.recordFailure`), and are fetched again with the notified ones.
 * Run trigger NOTIFICATION, for retries too.
 */
@Injectable()
export class NotifiedDealsStep implements IntegrationWorkStep {
  readonly name = 'inbound-notified-deals';

  constructor(
    steps: IntegrationWorkSteps,
    @Inject(SERVICE_CONFIG) private readonly config: SyncRetryConfig,
    private readonly repository: InboundRepository,
    private readonly reader: ZohoDealReader,
    private readonly applier: InboundApplier,
    private readonly runs: InboundRuns,
  ) {
    steps.register(this);
  }

  async run(unit: IntegrationWorkUnit): Promise<Date | null> {
    const reading = readingUnitOf(unit);
    if (!reading) {
      // The rows stay queued; the settings or connection event that re-enables sync wakes the integration.
      return null;
    }
    // Notified fetches stop only when the credit budget pauses everything; the rows wait queued.
    if (!creditAllows.notifiedReadsAndWrites(unit.credits)) {
      return new Date(Date.now() + CREDIT_PAUSE_RECHECK_MS);
    }
    const queued = await this.repository.queuedDeals(unit.tenantId, unit.integrationId, BATCH);
    if (queued.length === 0) {
      return this.repository.nextRetryAt(unit.tenantId, unit.integrationId);
    }
    const run = this.runs.open(unit, SyncRunTrigger.NOTIFICATION);
    try {
      const toFetch = queued.filter((row) => !row.deleted).map((row) => row.zohoRecordId);
      const fetched = new Map((toFetch.length > 0 ? await this.reader.byIds(reading, toFetch) : []).map((record) => [record.id, record]));
      const deals: ZohoDealToApply[] = queued.map((row) => ({
        zohoRecordId: row.zohoRecordId,
        zoho: row.deleted ? null : (fetched.get(row.zohoRecordId) ?? null),
        notifiedAt: row.notifiedAt,
      }));
      await this.applier.apply(reading, run, deals);
      await run.finish();
    } catch (error) {
      if (unit.signal.aborted) {
        await run.finish(new InboundInterruptedError()).catch(() => undefined);
        throw error;
      }
      await run.finish(error);
      // The rows stay queued; the fetch is tried again with the sync back-off, by its failed runs in a row.
      const failures = await this.repository.runsFailedInARow(unit.tenantId, unit.integrationId, [SyncRunTrigger.NOTIFICATION]);
      return syncRetryAt(Math.max(1, failures), this.config);
    }
    return queued.length === BATCH ? new Date() : this.repository.nextRetryAt(unit.tenantId, unit.integrationId);
  }
}
