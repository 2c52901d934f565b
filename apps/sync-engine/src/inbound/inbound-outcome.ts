import type { DealReconciliation, DealSyncNote } from '@crm-bridge/sync-domain';
import type { RecordOutcome } from '../sync-run/sync-run.recorder';

/** The two ids of one deal, as far as they exist. */
export interface DealIds {
  readonly portalRecordId: string | null;
  readonly zohoRecordId: string;
}

/**
 * What inbound sync records on the run for one Zoho deal, by the plan it carried out (only its
 * portal half): the portal write (created / updated / deleted); `conflicts` once when fields
 * changed on both sides; and `skipped` with one issue naming every field or reason left out —
 * a deal in a pipeline the mapping does not select ("ignored"), a deal that cannot be created
 * (no phase for its stage, no name), or fields of a synced deal that were not written. An echo
 * (our own write read back) records nothing.
 */
export function outcomesOfInboundPlan(plan: DealReconciliation, ids: DealIds): RecordOutcome[] {
  if (plan.outcome === 'IGNORED') {
    return [skipped(ids, plan.notes, 'ignored')];
  }
  if (plan.outcome === 'SKIPPED') {
    return [skipped(ids, plan.notes, 'not brought into the portal')];
  }
  const outcomes: RecordOutcome[] = [];
  const write = PORTAL_WRITE_OUTCOMES[plan.portal.kind];
  if (write) {
    outcomes.push({ kind: write });
  }
  if (plan.conflicts.length > 0) {
    outcomes.push({ kind: 'conflicts' });
  }
  if (plan.notes.length > 0) {
    outcomes.push(skipped(ids, plan.notes, 'fields left unchanged'));
  }
  return outcomes;
}

const PORTAL_WRITE_OUTCOMES = { NONE: null, CREATE: 'created', UPDATE: 'updated', DELETE: 'deleted' } as const;

function skipped(ids: DealIds, notes: readonly DealSyncNote[], what: string): RecordOutcome {
  const reasons = notes.map((note) => note.reason);
  return {
    kind: 'skipped',
    issue: {
      module: 'DEALS',
      direction: 'ZOHO_TO_PORTAL',
      portalRecordId: ids.portalRecordId,
      zohoRecordId: ids.zohoRecordId,
      zohoErrorCode: null,
      field: notes.find((note) => note.field !== null)?.field ?? null,
      reason: `Zoho deal ${ids.zohoRecordId} ${what}: ${reasons.length > 0 ? reasons.join('; ') : 'no reason given'}`,
    },
  };
}
