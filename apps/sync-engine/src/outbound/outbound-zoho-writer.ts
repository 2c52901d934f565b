import { Injectable } from '@nestjs/common';
import type { MappingDefinition, ZohoValue } from '@crm-bridge/sync-domain';
import { parseZohoDateTime, ZohoClient, type ZohoError, type ZohoTrigger, type ZohoWriteOutcome } from '@crm-bridge/zoho-client';
import type { ZohoRefusal } from './zoho-refusal';

/** One deal's write, keyed by the portal deal it is for. */
export type OutboundZohoWrite =
  | { readonly kind: 'CREATE'; readonly portalRecordId: string; readonly payload: Readonly<Record<string, ZohoValue>> }
  | {
      readonly kind: 'UPDATE';
      readonly portalRecordId: string;
      readonly zohoRecordId: string;
      readonly payload: Readonly<Record<string, ZohoValue>>;
    }
  | { readonly kind: 'DELETE'; readonly portalRecordId: string; readonly zohoRecordId: string };

/** What Zoho did with one write: done, refused for the record's own values, or not sent (the call failed as a whole). */
export type OutboundWriteResult =
  | { readonly kind: 'WRITTEN'; readonly zohoRecordId: string; readonly zohoModifiedAt: Date | null }
  | { readonly kind: 'REFUSED'; readonly refusal: ZohoRefusal }
  | { readonly kind: 'UNSENT'; readonly error: unknown };

/**
 * Our writes run none of the org's workflows, approvals or blueprints: they replay what a portal
 * user already did, and a workflow answering with its own field update would echo back as a Zoho
 * change (and an approval would lock the deal against the next sync).
 */
const NO_TRIGGERS: readonly ZohoTrigger[] = [];

/**
 * Carries out a batch's Zoho writes: creates as an upsert on the mapping's match key (never a blind
 * insert, so a create sent twice — a retry, a crash before the outcome was recorded — lands on the
 * same Zoho deal), updates and deletes by the link's Zoho id, each in calls of ≤ 100; creates of a
 * bulk-sized backlog as one Bulk Write upsert job.
 */
@Injectable()
export class OutboundZohoWriter {
  constructor(private readonly zoho: ZohoClient) {}

  async write(
    orgRef: string,
    matchKey: MappingDefinition['matchKey'],
    writes: readonly OutboundZohoWrite[],
    options: { bulk: boolean; signal: AbortSignal },
  ): Promise<Map<string, OutboundWriteResult>> {
    const results = new Map<string, OutboundWriteResult>();
    const creates = writes.filter((write) => write.kind === 'CREATE');
    const updates = writes.filter((write) => write.kind === 'UPDATE');
    const deletes = writes.filter((write) => write.kind === 'DELETE');
    const findBy = matchKey.kind === 'ZOHO_ID' ? null : matchKey.zohoField;
    await Promise.all([
      this.settle(creates, results, () =>
        options.bulk && findBy !== null
          ? this.bulkUpsert(orgRef, findBy, creates, options.signal)
          : this.upsert(orgRef, matchKey, creates, options.signal),
      ),
      this.settle(updates, results, () =>
        answersOf(
          this.zoho.records.update(
            orgRef,
            'Deals',
            updates.map((write) => ({ ...write.payload, id: write.zohoRecordId })),
            { triggers: NO_TRIGGERS, signal: options.signal },
          ),
        ),
      ),
      this.settle(deletes, results, () =>
        answersOf(
          this.zoho.records.delete(
            orgRef,
            'Deals',
            deletes.map((write) => write.zohoRecordId),
            { triggers: NO_TRIGGERS, signal: options.signal },
          ),
        ),
      ),
    ]);
    return results;
  }

  private upsert(
    orgRef: string,
    matchKey: MappingDefinition['matchKey'],
    creates: readonly Extract<OutboundZohoWrite, { kind: 'CREATE' }>[],
    signal: AbortSignal,
  ): Promise<RecordAnswer[]> {
    const payloads = creates.map((write) => write.payload);
    switch (matchKey.kind) {
      case 'EXTERNAL_ID':
        return answersOf(
          this.zoho.records.upsert(orgRef, 'Deals', payloads, { externalIdField: matchKey.zohoField, triggers: NO_TRIGGERS, signal }),
        );
      case 'DUPLICATE_CHECK':
        return answersOf(
          this.zoho.records.upsert(orgRef, 'Deals', payloads, {
            duplicateCheckFields: [matchKey.zohoField],
            triggers: NO_TRIGGERS,
            signal,
          }),
        );
      case 'ZOHO_ID':
        // No key Zoho could match a repeated create on; mapping-config warns when this key is chosen.
        return answersOf(this.zoho.records.insert(orgRef, 'Deals', payloads, { triggers: NO_TRIGGERS, signal }));
    }
  }

  private async bulkUpsert(
    orgRef: string,
    findBy: string,
    creates: readonly Extract<OutboundZohoWrite, { kind: 'CREATE' }>[],
    signal: AbortSignal,
  ): Promise<RecordAnswer[]> {
    const outcomes = await this.zoho.bulk.write(
      orgRef,
      creates.map((write) => bulkRow(write.payload)),
      { module: 'Deals', operation: 'upsert', findBy, signal },
    );
    return outcomes.map((outcome): RecordAnswer =>
      outcome.status === 'success'
        ? { ok: true, id: outcome.id, details: {} }
        : {
            ok: false,
            refusal: outcome.error
              ? refusalOf(outcome.error)
              : { code: 'BULK_WRITE_ROW_FAILED', zohoField: null, message: outcome.message, details: {} },
          },
    );
  }

  /** Runs one kind's calls; a call failing as a whole leaves each of its writes UNSENT, never thrown past the batch. */
  private async settle(
    writes: readonly OutboundZohoWrite[],
    results: Map<string, OutboundWriteResult>,
    call: () => Promise<RecordAnswer[]>,
  ): Promise<void> {
    if (writes.length === 0) {
      return;
    }
    let outcomes: RecordAnswer[];
    try {
      outcomes = await call();
    } catch (error) {
      writes.forEach((write) => results.set(write.portalRecordId, { kind: 'UNSENT', error }));
      return;
    }
    writes.forEach((write, index) => {
      const outcome = outcomes[index];
      if (!outcome) {
        results.set(write.portalRecordId, { kind: 'UNSENT', error: new Error('Zoho gave no result for this record') });
      } else if (outcome.ok) {
        results.set(write.portalRecordId, {
          kind: 'WRITTEN',
          zohoRecordId: write.kind === 'CREATE' ? outcome.id : write.zohoRecordId,
          zohoModifiedAt: modifiedTimeOf(outcome.details),
        });
      } else {
        results.set(write.portalRecordId, { kind: 'REFUSED', refusal: outcome.refusal });
      }
    });
  }
}

function refusalOf(error: ZohoError): ZohoRefusal {
  return { code: error.zohoCode, zohoField: error.field, message: error.zohoMessage, details: error.details };
}

/** Zoho's answer for one record of a REST or bulk call. */
type RecordAnswer = { ok: true; id: string; details: Record<string, unknown> } | { ok: false; refusal: ZohoRefusal };

async function answersOf(call: Promise<ZohoWriteOutcome[]>): Promise<RecordAnswer[]> {
  return (await call).map((outcome): RecordAnswer =>
    outcome.status === 'success'
      ? { ok: true, id: outcome.id, details: outcome.details }
      : { ok: false, refusal: refusalOf(outcome.error) },
  );
}

function modifiedTimeOf(details: Record<string, unknown>): Date | null {
  const raw = details['Modified_Time'];
  if (typeof raw !== 'string') {
    return null;
  }
  try {
    return new Date(parseZohoDateTime(raw, 'Modified_Time').epochMs);
  } catch {
    return null;
  }
}

/** A payload as a Bulk Write CSV row: multi-picklists joined by `;`, lookups by `Field.id`. */
function bulkRow(payload: Readonly<Record<string, ZohoValue>>): Record<string, string | number | boolean | null> {
  const row: Record<string, string | number | boolean | null> = {};
  for (const [field, value] of Object.entries(payload)) {
    if (Array.isArray(value)) {
      row[field] = value.join(';');
    } else if (value !== null && typeof value === 'object') {
      row[`${field}.id`] = (value as { id: string }).id;
    } else {
      row[field] = value;
    }
  }
  return row;
}
