import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, type ConflictResolvedData } from '@crm-bridge/contracts';
import { TenantScopedRepository, TransactionalOutbox } from '@crm-bridge/persistence';
import { normalisePortalValue, type CanonicalValue, type PortalField } from '@crm-bridge/sync-domain';
import { DealEntity } from '../deal/deal.entity';
import { dealUpdatedEvent } from '../deal/deal-updated.event';
import { dealFieldsWith, portalValuesOfDeal } from '../deal/deal-values';
import { wakeIntegrations } from '../integration-work/integration-work.wake';
import { RecordLinkEntity } from '../record-link/record-link.entity';
import { forgetReportedConflict } from './conflict-reports';
import { ReportedConflictEntity } from './reported-conflict.entity';

/** Prefix of a snapshot's entries holding Zoho's own reading of a field (see sync-domain's `reconcileDeal`). */
const ZOHO_READING = 'zoho:';

/** A resolution to apply, as conflict-resolver published it, with the integration it belongs to. */
export interface ConflictResolution {
  readonly integrationId: string;
  readonly correlationId: string;
  readonly data: ConflictResolvedData;
}

/** What applying a resolution did: applied, or dropped with the reason (for the log). */
export type AppliedResolution = { readonly kind: 'APPLIED' } | { readonly kind: 'DROPPED'; readonly reason: string };

/**
 * Applies conflict resolutions to the portal side of a deal pair; outbound sync then carries the
 * resolved value to Zoho like any portal change.
 */
@Injectable()
export class ConflictResolutionRepository extends TenantScopedRepository<ReportedConflictEntity> {
  constructor(source: DataSource, outbox: TransactionalOutbox) {
    super(source, ReportedConflictEntity, outbox);
  }

  /**
   * In one transaction (the consumer's, which also records the event as processed): locks the deal,
   * its link and the field's `reported_conflicts` row (none: the conflict was cleared meanwhile, the
   * resolution is dropped), writes `resolvedValue` into the deal's field, sets the link snapshot's field to
   * the `zohoValue` the resolution saw (dropping Zoho's reading of it) — so the next reconcile sees
   * Zoho unchanged and the portal changed, and sends `resolvedValue` to Zoho unless Zoho has it
   * already — marks the deal PENDING, queues it for outbound sync (`portal-record.changed`, as every
   * portal write does), announces the change to partners (`deal.updated`, origin CONFLICT_RESOLUTION,
   * when the deal's value changed) and wakes the integration. If Zoho changed the field again since the
   * resolution saw it, that is a new change: the next reconcile finds it (perhaps a new conflict).
   */
  apply(tenantId: string, resolution: ConflictResolution, portalFields: readonly PortalField[]): Promise<AppliedResolution> {
    const { integrationId, data } = resolution;
    return this.transaction(tenantId, async (tx) => {
      // Tenant-scoped: another tenant's deal id finds nothing.
      const deal = await tx.lock(DealEntity, data.portalRecordId);
      if (!deal || deal.integrationId !== integrationId) {
        return dropped(`portal deal ${data.portalRecordId} no longer exists in integration ${integrationId}`);
      }
      const link = await tx.lockOneBy(RecordLinkEntity, { integrationId, module: 'DEALS', portalRecordId: deal.id });
      if (!link || link.zohoRecordId !== data.zohoRecordId) {
        return dropped(`portal deal ${deal.id} is no longer linked to Zoho deal ${data.zohoRecordId}`);
      }
      const field = portalFields.find((candidate) => candidate.name === data.field);
      if (!field) {
        return dropped(`the portal has no deal field ${data.field}`);
      }
      // No report: the conflict was cleared (the sides converged, or the field was unmapped) before
      // its resolution arrived. Applying it would write over a value nobody disputes any more.
      const reported = await tx.lockOneBy(ReportedConflictEntity, {
        integrationId,
        module: 'DEALS',
        portalRecordId: deal.id,
        field: field.name,
      });
      if (!reported) {
        return dropped(`the conflict on ${field.name} of portal deal ${deal.id} was cleared before its resolution arrived`);
      }
      // In the spelling snapshots are kept in (e.g. an amount of 1500.00 is 1500), or the next reconcile would see a change.
      const resolved = normalisePortalValue(field, data.resolvedValue);
      const zohoValue = normalisePortalValue(field, data.zohoValue);
      if (!resolved.ok || !zohoValue.ok) {
        const problem = resolved.ok ? (zohoValue.ok ? null : zohoValue.problem) : resolved.problem;
        return dropped(`a value for ${data.field} is not one the field takes: ${problem?.reason ?? 'unreadable'}`);
      }
      const before = { ...deal };
      Object.assign(deal, dealFieldsWith(deal, { [field.name]: resolved.value }, portalFields), {
        syncStatus: 'PENDING',
        lastSyncError: null,
      });
      const saved = await tx.save(DealEntity, deal);
      // Partners hear of it unless the deal kept its value (a PORTAL_VALUE resolution changes only Zoho).
      const announced = dealUpdatedEvent(
        { before, after: saved },
        { origin: 'CONFLICT_RESOLUTION', fields: portalFields, correlationId: resolution.correlationId },
      );
      link.snapshot = withBase(link.snapshot, field.name, zohoValue.value);
      await tx.save(RecordLinkEntity, link);
      await forgetReportedConflict(tx, { integrationId, portalRecordId: deal.id, field: field.name });
      await tx.publish([
        ...(announced ? [announced] : []),
        createEvent('portal-record.changed', {
          source: 'sync-engine',
          tenantId,
          integrationId,
          subject: deal.id,
          correlationId: resolution.correlationId,
          data: {
            module: 'DEALS',
            portalRecordId: deal.id,
            operation: 'UPDATED',
            changedFields: [field.name],
            values: portalValuesOfDeal(saved),
          },
        }),
      ]);
      await wakeIntegrations(tx, [integrationId]);
      return { kind: 'APPLIED' };
    });
  }
}

/** The snapshot with `field`'s base set to Zoho's value and Zoho's stale reading of it gone. */
function withBase(
  snapshot: Readonly<Record<string, CanonicalValue>>,
  field: string,
  zohoValue: CanonicalValue,
): Record<string, CanonicalValue> {
  const next: Record<string, CanonicalValue> = { ...snapshot, [field]: zohoValue };
  delete next[ZOHO_READING + field];
  return next;
}

function dropped(reason: string): AppliedResolution {
  return { kind: 'DROPPED', reason };
}
