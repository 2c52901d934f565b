import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import { CREDIT_PAUSE_RECHECK_MS, creditAllows } from '../credit-budget/credit-standing';
import { IntegrationWorkSteps } from '../integration-work/integration-work.steps';
import type { IntegrationWorkStep, IntegrationWorkUnit } from '../integration-work/integration-work.step';
import { SyncRunTrigger } from '../sync-run/sync-run.enums';
import type { InboundConfig } from './inbound.config';
import { InboundRepository } from './inbound.repository';
import { InboundInterruptedError, InboundRuns } from './inbound-runs';
import { nextPollDue, pollIntervalMs } from './poll-window';
import { readingUnitOf } from './zoho-deal-reader';
import { ZohoChangeReader } from './zoho-change-reader';

/**
 * The safety net under notifications: at the integration's sync interval, the Zoho deals modified
 * since the cursor (minus the overlap) and the deletions since the deleted cursor are read and
 * applied (our own writes read back are echoes and change nothing), so a lost notification is caught
 * within one interval. Run trigger SCHEDULE, started only when a poll finds something to apply.
 */
@Injectable()
export class DealPollStep implements IntegrationWorkStep {
  readonly name = 'inbound-deal-poll';

  constructor(
    steps: IntegrationWorkSteps,
    @Inject(SERVICE_CONFIG) private readonly config: InboundConfig,
    private readonly repository: InboundRepository,
    private readonly changes: ZohoChangeReader,
    private readonly runs: InboundRuns,
  ) {
    steps.register(this);
  }

  async run(unit: IntegrationWorkUnit): Promise<Date | null> {
    const reading = readingUnitOf(unit);
    const cursor = reading ? await this.repository.cursorOf(unit.tenantId, unit.integrationId) : null;
    if (!reading || !cursor?.modifiedCursor || !cursor.deletedCursor) {
      // Nothing to poll until the initial full sync has set the cursors.
      return null;
    }
    // Polls are the first thing a low credit budget slows, then stops (notifications still bring changes).
    if (!creditAllows.polls(unit.credits)) {
      return new Date(Date.now() + CREDIT_PAUSE_RECHECK_MS);
    }
    const now = new Date();
    const interval =
      pollIntervalMs(unit.integration.settings.syncIntervalMinutes, this.config.INBOUND_POLL_INTERVAL_OVERRIDE_SECONDS) *
      creditAllows.pollIntervalFactor(unit.credits);
    const due = nextPollDue(cursor.lastPollAt, interval, now);
    if (due.getTime() > now.getTime()) {
      return due;
    }
    const run = this.runs.open(unit, SyncRunTrigger.SCHEDULE);
    try {
      await this.changes.readAndApply(reading, run, {
        modifiedCursor: cursor.modifiedCursor,
        deletedCursor: cursor.deletedCursor,
        listedThrough: cursor.listedThrough,
      });
      await run.finish();
    } catch (error) {
      if (unit.signal.aborted) {
        await run.finish(new InboundInterruptedError()).catch(() => undefined);
        throw error;
      }
      await run.finish(error);
    }
    // A failed poll is not retried sooner than the interval: a revoked connection would otherwise
    // leave a failed run every few seconds. The cursors stayed where the last applied page left them.
    await this.repository.updateCursor(unit.tenantId, unit.integrationId, (row) => {
      row.lastPollAt = now;
    });
    return new Date(now.getTime() + interval);
  }
}
