import { createHash } from 'node:crypto';
import { createEvent, type ConflictClearedReason, type CrmBridgeEvent, type RecordFieldValue } from '@crm-bridge/contracts';
import type { TenantScopedTransaction } from '@crm-bridge/persistence';
import type { CanonicalValue, FieldConflict } from '@crm-bridge/sync-domain';
import { ReportedConflictEntity } from './reported-conflict.entity';

/** One deal's reconcile, as far as conflicts go: the fields both sides changed (none: the deal has no open conflict now). */
export interface ReconciledDealConflicts {
  readonly integrationId: string;
  readonly portalRecordId: string;
  readonly zohoRecordId: string;
  readonly conflicts: readonly FieldConflict[];
  /** The deal is gone in the portal or in Zoho (the reconcile ends its pair): what was reported on it is cleared as `RECORD_DELETED`. */
  readonly recordDeleted: boolean;
  /**
   * The fields the mapping of the reconcile can find in conflict (sync-domain's
   * `conflictableDealFields`): a reported field outside them is cleared as `FIELD_UNMAPPED`.
   */
  readonly conflictableFields: ReadonlySet<string>;
  /** When the portal deal last changed (its `updatedAt`); null when it is gone (then it has no conflicts). */
  readonly portalChangedAt: Date | null;
  /** Zoho's `Modified_Time` of the record the reconcile read; null when the read gave none (then the detection's time). */
  readonly zohoChangedAt: Date | null;
}

/**
 * Publishes what changed about the conflicts of reconciled deals, in the caller's transaction (the
 * one that records the deals' outcomes):
 *
 * - `conflict.detected` for their conflicts. A field whose base, portal and Zoho values are those
 *   already reported for it is not published again: every sync of a deal finds its open conflict
 *   anew, and without this a deal waiting for review would publish on every poll and flush.
 * - `conflict.cleared` for fields reported before that are no longer in conflict, with why: the deal
 *   was deleted (`RECORD_DELETED`), the field is no longer mapped both ways (`FIELD_UNMAPPED`), or
 *   else the two sides no longer disagree (`CONVERGED`). A field whose resolution was applied is not
 *   among them: applying it forgot the report (`forgetReportedConflict`). The report is forgotten
 *   too, so a conflict that returns is news again.
 *
 * Deals with no conflict belong in `deals` too (that is how their earlier reports are cleared).
 * `correlationId` is asked for only when there is something to publish (e.g. the sync run's,
 * started lazily). Returns the number of events published.
 */
export async function reportConflicts(
  tx: TenantScopedTransaction,
  deals: readonly ReconciledDealConflicts[],
  correlationId: () => Promise<string>,
): Promise<number> {
  if (deals.length === 0) {
    return 0;
  }
  const events = [...(await clearedConflicts(tx, deals)), ...(await newConflicts(tx, deals))];
  if (events.length === 0) {
    return 0;
  }
  const correlation = await correlationId();
  const now = new Date();
  await tx.publish(events.map((event) => event(correlation, now)));
  return events.length;
}

/** An event to publish once the correlation id and the instant are known. */
type PendingEvent = (correlationId: string, now: Date) => CrmBridgeEvent;

/** Forgets the reports of the deals' fields no longer in conflict; their `conflict.cleared`, one per deal and reason. */
async function clearedConflicts(tx: TenantScopedTransaction, deals: readonly ReconciledDealConflicts[]): Promise<PendingEvent[]> {
  const repository = tx.repository(ReportedConflictEntity);
  const current = deals.flatMap((deal) => deal.conflicts.map((conflict) => ({ deal, conflict })));
  // A DELETE answers its rows as an array and their count: [rows, count].
  const [cleared] = await repository.query<[{ integration_id: string; portal_record_id: string; field: string }[], number]>(
    `DELETE FROM ${repository.metadata.tablePath} AS reported
     USING unnest($2::uuid[], $3::uuid[]) AS deal(integration_id, portal_record_id)
     WHERE reported.tenant_id = $1 AND reported.module = 'DEALS'
       AND reported.integration_id = deal.integration_id AND reported.portal_record_id = deal.portal_record_id
       AND NOT EXISTS (
         SELECT 1 FROM unnest($4::uuid[], $5::uuid[], $6::text[]) AS open(integration_id, portal_record_id, field)
         WHERE open.integration_id = reported.integration_id AND open.portal_record_id = reported.portal_record_id
           AND open.field = reported.field)
     RETURNING reported.integration_id, reported.portal_record_id, reported.field`,
    [
      tx.tenantId,
      deals.map((deal) => deal.integrationId),
      deals.map((deal) => deal.portalRecordId),
      current.map(({ deal }) => deal.integrationId),
      current.map(({ deal }) => deal.portalRecordId),
      current.map(({ conflict }) => conflict.field),
    ],
  );
  const byDeal = new Map(deals.map((deal) => [`${deal.integrationId}/${deal.portalRecordId}`, deal]));
  const fieldsByReason = new Map<string, { deal: ReconciledDealConflicts; reason: ConflictClearedReason; fields: string[] }>();
  for (const row of cleared) {
    const deal = byDeal.get(`${row.integration_id}/${row.portal_record_id}`);
    if (!deal) {
      continue;
    }
    const reason = clearedReasonOf(deal, row.field);
    const key = `${row.integration_id}/${row.portal_record_id}/${reason}`;
    const entry = fieldsByReason.get(key) ?? { deal, reason, fields: [] };
    entry.fields.push(row.field);
    fieldsByReason.set(key, entry);
  }
  return [...fieldsByReason.values()].map(
    ({ deal, reason, fields }) =>
      (correlationId, now) =>
        createEvent('conflict.cleared', {
          ...dealConflictEnvelope(tx, deal, correlationId),
          data: {
            module: 'DEALS',
            portalRecordId: deal.portalRecordId,
            zohoRecordId: deal.zohoRecordId,
            fields: fields.sort(),
            reason,
            clearedAt: now.toISOString(),
          },
        }),
  );
}

/** Why a reported field of a reconciled deal is no longer in conflict. */
function clearedReasonOf(deal: ReconciledDealConflicts, field: string): ConflictClearedReason {
  if (deal.recordDeleted) {
    return 'RECORD_DELETED';
  }
  return deal.conflictableFields.has(field) ? 'CONVERGED' : 'FIELD_UNMAPPED';
}

/** Remembers the deals' conflicts; their `conflict.detected` for those new or with changed values, one per deal. */
async function newConflicts(tx: TenantScopedTransaction, deals: readonly ReconciledDealConflicts[]): Promise<PendingEvent[]> {
  const repository = tx.repository(ReportedConflictEntity);
  const table = repository.metadata.tablePath;
  const current = deals.flatMap((deal) => deal.conflicts.map((conflict) => ({ deal, conflict })));
  if (current.length === 0) {
    return [];
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
  return deals.flatMap((deal) => {
    const fields = deal.conflicts.filter((conflict) => toReport.has(`${deal.integrationId}/${deal.portalRecordId}/${conflict.field}`));
    if (fields.length === 0) {
      return [];
    }
    return [
      (correlationId: string, detectedAt: Date) =>
        createEvent('conflict.detected', {
          ...dealConflictEnvelope(tx, deal, correlationId),
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
              portalChangedAt: (deal.portalChangedAt ?? detectedAt).toISOString(),
              zohoChangedAt: (deal.zohoChangedAt ?? detectedAt).toISOString(),
            })),
          },
        }),
    ];
  });
}

/** The envelope of a deal's conflict event from sync-engine: keyed by its integration, the portal deal its subject. */
function dealConflictEnvelope(tx: TenantScopedTransaction, deal: ReconciledDealConflicts, correlationId: string) {
  return {
    source: 'sync-engine',
    tenantId: tx.tenantId,
    integrationId: deal.integrationId,
    subject: deal.portalRecordId,
    correlationId,
  } as const;
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
