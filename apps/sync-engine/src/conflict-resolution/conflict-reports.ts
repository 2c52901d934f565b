import { createHash } from 'node:crypto';
import { createEvent, type RecordFieldValue } from '@crm-bridge/contracts';
import type { TenantScopedTransaction } from '@crm-bridge/persistence';
import type { CanonicalValue, FieldConflict } from '@crm-bridge/sync-domain';
import { ReportedConflictEntity } from './reported-conflict.entity';

/** One deal's reconcile, as far as conflicts go: the fields both sides changed (none: the deal has no open conflict now). */
export interface ReconciledDealConflicts {
  readonly integrationId: string;
  readonly portalRecordId: string;
  readonly zohoRecordId: string;
  readonly conflicts: readonly FieldConflict[];
  /** When the portal deal last changed (its `updatedAt`). */
  readonly portalChangedAt: Date;
  /** Zoho's `Modified_Time` of the record the reconcile read; null when the read gave none (then the detection's time). */
  readonly zohoChangedAt: Date | null;
}

/**
 * Publishes `conflict.detected` for the conflicts of reconciled deals, in the caller's transaction
 * (the one that records the deals' outcomes). A field whose base, portal and Zoho values are those
 * already reported for it is not published again: every sync of a deal finds its open conflict
 * anew, and without this a deal waiting for review would publish on every poll and flush. Fields
 * no longer in conflict are forgotten, so a conflict that returns is reported again. Deals with no
 * conflict belong in `deals` too (that is how their earlier reports are forgotten). `correlationId`
 * is asked for only when there is something to publish (e.g. the sync run's, started lazily).
 * Returns the number of events published.
 */
export async function reportConflicts(
  tx: TenantScopedTransaction,
  deals: readonly ReconciledDealConflicts[],
  correlationId: () => Promise<string>,
): Promise<number> {
  if (deals.length === 0) {
    return 0;
  }
  const repository = tx.repository(ReportedConflictEntity);
  const table = repository.metadata.tablePath;
  const current = deals.flatMap((deal) => deal.conflicts.map((conflict) => ({ deal, conflict })));
  await repository.query(
    `DELETE FROM ${table} AS reported
     USING unnest($2::uuid[], $3::uuid[]) AS deal(integration_id, portal_record_id)
     WHERE reported.tenant_id = $1 AND reported.module = 'DEALS'
       AND reported.integration_id = deal.integration_id AND reported.portal_record_id = deal.portal_record_id
       AND NOT EXISTS (
         SELECT 1 FROM unnest($4::uuid[], $5::uuid[], $6::text[]) AS open(integration_id, portal_record_id, field)
         WHERE open.integration_id = reported.integration_id AND open.portal_record_id = reported.portal_record_id
           AND open.field = reported.field)`,
    [
      tx.tenantId,
      deals.map((deal) => deal.integrationId),
      deals.map((deal) => deal.portalRecordId),
      current.map(({ deal }) => deal.integrationId),
      current.map(({ deal }) => deal.portalRecordId),
      current.map(({ conflict }) => conflict.field),
    ],
  );
  if (current.length === 0) {
    return 0;
  }
  // Inserted (new) and updated (values changed) rows come back; a fingerprint already reported does not.
  const changed = await repository.query<{ integration_id: string; portal_record_id: string; field: string }[]>(
    `INSERT INTO ${table} (tenant_id, integration_id, module, portal_record_id, field, fingerprint)
     SELECT $1, integration_id, 'DEALS', portal_record_id, field, fingerprint
     FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS open(integration_id, portal_record_id, field, fingerprint)
     ON CONFLICT (integration_id, module, portal_record_id, field) DO UPDATE
       SET fingerprint = excluded.fingerprint, updated_at = now()
       WHERE ${table}.tenant_id = excluded.tenant_id AND ${table}.fingerprint <> excluded.fingerprint
     RETURNING integration_id, portal_record_id, field`,
    [
      tx.tenantId,
      current.map(({ deal }) => deal.integrationId),
      current.map(({ deal }) => deal.portalRecordId),
      current.map(({ conflict }) => conflict.field),
      current.map(({ conflict }) => fingerprintOf(conflict)),
    ],
  );
  const toReport = new Set(changed.map((row) => `${row.integration_id}/${row.portal_record_id}/${row.field}`));
  if (changed.length === 0) {
    return 0;
  }
  const detectedAt = new Date();
  const correlation = await correlationId();
  const events = deals.flatMap((deal) => {
    const fields = deal.conflicts.filter((conflict) => toReport.has(`${deal.integrationId}/${deal.portalRecordId}/${conflict.field}`));
    if (fields.length === 0) {
      return [];
    }
    return [
      createEvent('conflict.detected', {
        source: 'sync-engine',
        tenantId: tx.tenantId,
        integrationId: deal.integrationId,
        subject: deal.portalRecordId,
        correlationId: correlation,
        data: {
          module: 'DEALS',
          portalRecordId: deal.portalRecordId,
          zohoRecordId: deal.zohoRecordId,
          detectedAt: detectedAt.toISOString(),
          fields: fields.map((conflict) => ({
            field: conflict.field,
            baseValue: eventValueOf(conflict.base),
            portalValue: eventValueOf(conflict.portal),
            zohoValue: eventValueOf(conflict.zoho),
            portalChangedAt: deal.portalChangedAt.toISOString(),
            zohoChangedAt: (deal.zohoChangedAt ?? detectedAt).toISOString(),
          })),
        },
      }),
    ];
  });
  await tx.publish(events);
  return events.length;
}

/** Forgets the report of a field whose resolution was applied: the conflict is settled, a new one on it is news. */
export async function forgetReportedConflict(
  tx: TenantScopedTransaction,
  conflict: { integrationId: string; portalRecordId: string; field: string },
): Promise<void> {
  await tx.repository(ReportedConflictEntity).delete({
    tenantId: tx.tenantId,
    integrationId: conflict.integrationId,
    module: 'DEALS',
    portalRecordId: conflict.portalRecordId,
    field: conflict.field,
  });
}

function fingerprintOf(conflict: FieldConflict): string {
  return createHash('sha256')
    .update(JSON.stringify([conflict.base ?? null, conflict.portal, conflict.zoho]))
    .digest('hex');
}

function eventValueOf(value: CanonicalValue | undefined): RecordFieldValue {
  if (value === undefined) {
    return null;
  }
  return Array.isArray(value) ? [...(value as readonly string[])] : (value as RecordFieldValue);
}
