import { Inject, Injectable } from '@nestjs/common';
import { StructuredLogger } from '@crm-bridge/observability';
import { SERVICE_CONFIG } from '@crm-bridge/service-runtime';
import {
  conflictableDealFields,
  reconcileDeal,
  type ApplyContext,
  type DealReconciliation,
  type PortalField,
} from '@crm-bridge/sync-domain';
import type { ZohoRecord } from '@crm-bridge/zoho-client';
import { canonicalValuesOfDeal, portalDealFieldsOf } from '../deal/deal-values';
import type { SyncRetryConfig } from '../integration-work/integration-work.config';
import { syncsDeals } from '../integration-work/integration-work.step';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import { SyncMetrics } from '../sync-metrics/sync-metrics';
import { SyncRunTrigger } from '../sync-run/sync-run.enums';
import type { RecordOutcome } from '../sync-run/sync-run.recorder';
import { InboundPageNeedsOrder, InboundRepository, type AppliedDeal, type FoundDeal, type InboundDeal } from './inbound.repository';
import { inboundRetryAt } from './inbound-retry';
import type { InboundRun } from './inbound-runs';
import { snapshotCoveringMappedFields } from './newly-mapped-fields';
import { instantOfZohoDateTime } from './poll-window';
import type { ReadingUnit } from './zoho-deal-reader';

/** Outcomes that wrote the portal deal: the ones a propagation time is measured for. */
const PORTAL_WRITES: ReadonlySet<RecordOutcome['kind']> = new Set(['created', 'updated', 'deleted']);

/** One Zoho deal to apply: as Zoho answered it, or null when Zoho no longer has it. */
export interface ZohoDealToApply {
  readonly zohoRecordId: string;
  readonly zoho: ZohoRecord | null;
  /** Set when it came from the notification queue: the row taken, deleted with the deal's transaction. */
  readonly notifiedAt?: Date;
}

/** Raised when the portal side cannot take deals yet; the run fails with this reason. */
export class InboundNotReadyError extends Error {}

/**
 * Brings Zoho deals into the portal, a page per transaction (`InboundRepository.applyDeals`), or
 * one transaction per deal (`applyDeal`) when a page cannot commit whole: the plan is
 * `reconcileDeal` of the portal deal, the Zoho deal and their last-synced snapshot, of which
 * inbound sync carries out only the portal half. A deal that fails is recorded as failed on the
 * run and does not stop the others; it is queued to be tried again with the sync back-off
 * (`inboundRetryAt`), up to `INBOUND_MAX_ATTEMPTS` failures in a row.
 */
@Injectable()
export class InboundApplier {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SyncRetryConfig,
    private readonly repository: InboundRepository,
    private readonly schemas: PortalDealSchemaService,
    private readonly metrics: SyncMetrics,
    private readonly logger: StructuredLogger,
  ) {}

  /**
   * Applies the deals in order, counting their outcomes on `run` (started by the first deal that
   * has one); returns the `Modified_Time`s of those applied, for the cursor. Several deals go in one
   * transaction (`applyDeals`); a page that cannot commit as a whole is applied deal by deal, so a
   * deal that fails is recorded as failed and does not stop the others.
   */
  async apply(unit: ReadingUnit, run: InboundRun, deals: readonly ZohoDealToApply[]): Promise<(Date | null)[]> {
    const { portalFields, context } = await this.contextOf(unit);
    const { definition, version } = unit.mapping;
    const ways = { toZoho: syncsDeals(unit, 'PORTAL_TO_ZOHO'), toPortal: true };
    const conflictableFields = conflictableDealFields(definition);
    const read = deals.map((deal): InboundDeal => ({
      integrationId: unit.integrationId,
      syncRunId: () => run.id(),
      mappingVersion: version,
      matchKey: definition.matchKey,
      portalFields,
      conflictableFields,
      zohoRecordId: deal.zohoRecordId,
      zoho: deal.zoho,
      zohoModifiedAt: instantOfZohoDateTime(deal.zoho?.['Modified_Time']),
      notifiedAt: deal.notifiedAt ?? null,
      announced: run.trigger !== SyncRunTrigger.INITIAL,
    }));
    const inbounds = await this.withoutRetriesWaiting(unit, read);
    const decide = (inbound: InboundDeal, found: FoundDeal): DealReconciliation => {
      const portal = found.portal ? { id: found.portal.id, values: canonicalValuesOfDeal(found.portal, portalFields).values } : null;
      const snapshot = snapshotCoveringMappedFields(definition, context, {
        snapshot: found.snapshot,
        portal: portal?.values ?? null,
        zoho: inbound.zoho,
      });
      return reconcileDeal(definition, context, { portal, zoho: inbound.zoho, snapshot }, ways);
    };
    unit.signal.throwIfAborted();
    if (inbounds.length > 1) {
      const runStartedBefore = run.started;
      try {
        const results = await this.repository.applyDeals(unit.tenantId, inbounds, decide);
        results.forEach((result, index) => this.observePropagation(unit, inbounds[index] as InboundDeal, result));
        return inbounds.map((inbound) => inbound.zohoModifiedAt);
      } catch (error) {
        if (!runStartedBefore) {
          run.forgetUncommitted();
        }
        unit.signal.throwIfAborted();
        if (!(error instanceof InboundPageNeedsOrder)) {
          this.logger.warn('a page of Zoho deals could not be applied in one transaction; applying it deal by deal', {
            tenantId: unit.tenantId,
            integrationId: unit.integrationId,
            deals: inbounds.length,
            error,
          });
        }
      }
    }
    const applied: (Date | null)[] = [];
    for (const inbound of inbounds) {
      unit.signal.throwIfAborted();
      const runStartedBefore = run.started;
      try {
        const result = await this.repository.applyDeal(unit.tenantId, inbound, (found) => decide(inbound, found));
        applied.push(inbound.zohoModifiedAt);
        this.observePropagation(unit, inbound, result);
      } catch (error) {
        if (!runStartedBefore) {
          // A run started inside the failed transaction was rolled back with it.
          run.forgetUncommitted();
        }
        unit.signal.throwIfAborted();
        await this.repository.recordFailure(unit.tenantId, inbound, error instanceof Error ? error.message : String(error), (attempts) =>
          inboundRetryAt(attempts, this.config),
        );
      }
    }
    return applied;
  }

  /**
   * The deals to apply now: a deal read by a poll or full read (not from the queue) that failed
   * before and waits for its retry is passed over while Zoho still has the version that failed —
   * the polls' overlap would otherwise re-read it every interval and spend its attempts faster
   * than the back-off. A newer Zoho version is applied at once.
   */
  private async withoutRetriesWaiting(unit: ReadingUnit, deals: InboundDeal[]): Promise<InboundDeal[]> {
    const read = deals.filter((deal) => !deal.notifiedAt).map((deal) => deal.zohoRecordId);
    const waiting = await this.repository.retriesWaiting(unit.tenantId, unit.integrationId, read);
    return deals.filter((deal) => {
      const failed = deal.notifiedAt ? undefined : waiting.get(deal.zohoRecordId);
      return !failed || !deal.zohoModifiedAt || deal.zohoModifiedAt.getTime() > failed.getTime();
    });
  }

  /** Propagation from the change in Zoho: its notification's arrival, else its Modified_Time (whole seconds). */
  private observePropagation(unit: ReadingUnit, inbound: InboundDeal, result: AppliedDeal): void {
    const changedAt = inbound.notifiedAt ?? inbound.zohoModifiedAt;
    if (result.kind === 'applied' && changedAt && result.outcomes.some((outcome) => PORTAL_WRITES.has(outcome.kind))) {
      this.metrics.observePropagation('ZOHO_TO_PORTAL', unit.integrationId, (Date.now() - changedAt.getTime()) / 1000);
    }
  }

  private async contextOf(unit: ReadingUnit): Promise<{ portalFields: PortalField[]; context: ApplyContext }> {
    const schema = await this.schemas.ofIntegration(unit.tenantId, unit.integrationId);
    if (!schema) {
      throw new InboundNotReadyError("the portal's deal phases and fields have not reached sync yet; deals come in once they have");
    }
    const portalFields = portalDealFieldsOf(schema);
    return { portalFields, context: { portalFields, timeZone: unit.integration.settings.timeZone } };
  }
}
