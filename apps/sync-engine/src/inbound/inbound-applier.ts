import { Injectable } from '@nestjs/common';
import { reconcileDeal, type ApplyContext, type PortalField } from '@crm-bridge/sync-domain';
import type { ZohoRecord } from '@crm-bridge/zoho-client';
import { canonicalValuesOfDeal, portalDealFieldsOf } from '../deal/deal-values';
import { syncsDeals } from '../integration-work/integration-work.step';
import { PortalDealSchemaService } from '../portal-deal-schema/portal-deal-schema.service';
import { SyncMetrics } from '../sync-metrics/sync-metrics';
import type { RecordOutcome } from '../sync-run/sync-run.recorder';
import { InboundRepository } from './inbound.repository';
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
 * Brings Zoho deals into the portal, one transaction each (`InboundRepository.applyDeal`): the
 * plan is `reconcileDeal` of the portal deal, the Zoho deal and their last-synced snapshot, of
 * which inbound sync carries out only the portal half. A deal that fails is recorded as failed
 * on the run and does not stop the others.
 */
@Injectable()
export class InboundApplier {
  constructor(
    private readonly repository: InboundRepository,
    private readonly schemas: PortalDealSchemaService,
    private readonly metrics: SyncMetrics,
  ) {}

  /**
   * Applies the deals in order, counting their outcomes on `run` (started by the first deal that
   * has one); returns the `Modified_Time`s of those applied, for the cursor.
   */
  async apply(unit: ReadingUnit, run: InboundRun, deals: readonly ZohoDealToApply[]): Promise<(Date | null)[]> {
    const { portalFields, context } = await this.contextOf(unit);
    const { definition, version } = unit.mapping;
    const ways = { toZoho: syncsDeals(unit, 'PORTAL_TO_ZOHO'), toPortal: true };
    const applied: (Date | null)[] = [];
    for (const deal of deals) {
      unit.signal.throwIfAborted();
      const zohoModifiedAt = instantOfZohoDateTime(deal.zoho?.['Modified_Time']);
      const inbound = {
        integrationId: unit.integrationId,
        syncRunId: () => run.id(),
        mappingVersion: version,
        matchKey: definition.matchKey,
        portalFields,
        zohoRecordId: deal.zohoRecordId,
        zoho: deal.zoho,
        zohoModifiedAt,
        notifiedAt: deal.notifiedAt ?? null,
      };
      const runStartedBefore = run.started;
      try {
        const result = await this.repository.applyDeal(unit.tenantId, inbound, (found) => {
          const portal = found.portal ? { id: found.portal.id, values: canonicalValuesOfDeal(found.portal, portalFields).values } : null;
          const snapshot = snapshotCoveringMappedFields(definition, context, {
            snapshot: found.snapshot,
            portal: portal?.values ?? null,
            zoho: deal.zoho,
          });
          return reconcileDeal(definition, context, { portal, zoho: deal.zoho, snapshot }, ways);
        });
        applied.push(zohoModifiedAt);
        // Propagation from the change in Zoho: its notification's arrival, else its Modified_Time (whole seconds).
        const changedAt = deal.notifiedAt ?? zohoModifiedAt;
        if (result.kind === 'applied' && changedAt && result.outcomes.some((outcome) => PORTAL_WRITES.has(outcome.kind))) {
          this.metrics.observePropagation('ZOHO_TO_PORTAL', unit.integrationId, (Date.now() - changedAt.getTime()) / 1000);
        }
      } catch (error) {
        if (!runStartedBefore) {
          // A run started inside the failed transaction was rolled back with it.
          run.forgetUncommitted();
        }
        unit.signal.throwIfAborted();
        await this.repository.recordFailure(unit.tenantId, inbound, error instanceof Error ? error.message : String(error));
      }
    }
    return applied;
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
