import { createEvent, type EventOfType, type RecordChangeOrigin, type RecordFieldValue } from '@crm-bridge/contracts';
import { sameCanonicalValue, type CanonicalValue, type PortalField } from '@crm-bridge/sync-domain';
import type { DealEntity } from './deal.entity';
import { canonicalValuesOfDeal } from './deal-values';

/**
 * One committed change to a portal deal: `before` null when it was created, `after` null when it
 * was deleted. `before` must be a copy taken before the write (`{ ...deal }`): writes change the
 * entity they save in place.
 */
export interface DealWrite {
  readonly before: DealEntity | null;
  readonly after: DealEntity | null;
}

/** Where the write came from and what the event is read under. */
export interface DealWriteSource {
  readonly origin: RecordChangeOrigin;
  /** The integration's portal deal fields (`portalDealFieldsOf(schema)`): the fields compared, in canonical form. */
  readonly fields: readonly PortalField[];
  readonly correlationId: string;
  /** When a deletion happened (a deleted row has no `updatedAt` of its own); now by default. */
  readonly deletedAt?: Date;
}

/**
 * The `deal.updated` event of one committed deal write — the one place every write path (GraphQL
 * and Kafka intake writes, inbound Zoho applies one by one or a page at a time, conflict
 * resolutions) computes it from, so partners hear the same thing whichever way a deal changed.
 * `changes` compares the canonical values (`canonicalValuesOfDeal`, the spelling snapshots use) of
 * every field of `fields`: on a creation every field with a value, on an update each field whose
 * value differs, on a deletion none. Null when the write changed no field (an echo, a save of the
 * same values, a write of only sync columns such as `zohoId`): nothing to tell. Publish the event
 * with `tx.publish` in the write's own transaction.
 */
export function dealUpdatedEvent(write: DealWrite, source: DealWriteSource): EventOfType<'deal.updated'> | null {
  const deal = write.after ?? write.before;
  if (!deal) {
    return null;
  }
  const operation = !write.before ? 'CREATED' : !write.after ? 'DELETED' : 'UPDATED';
  const changes = operation === 'DELETED' ? [] : changedFields(write.before, deal, source.fields);
  if (operation === 'UPDATED' && changes.length === 0) {
    return null;
  }
  return createEvent('deal.updated', {
    source: 'sync-engine',
    tenantId: deal.tenantId,
    integrationId: deal.integrationId,
    subject: deal.id,
    correlationId: source.correlationId,
    data: {
      dealId: deal.id,
      operation,
      origin: source.origin,
      pipeline: deal.pipeline,
      phase: deal.phase,
      partnerId: deal.partnerId,
      changes,
      updatedAt: (operation === 'DELETED' ? (source.deletedAt ?? new Date()) : deal.updatedAt).toISOString(),
    },
  });
}

/** Each field whose canonical value differs between `before` (null: a new deal, every value was null) and `after`. */
function changedFields(
  before: DealEntity | null,
  after: DealEntity,
  fields: readonly PortalField[],
): { field: string; oldValue: RecordFieldValue; newValue: RecordFieldValue }[] {
  const oldValues = before ? canonicalValuesOfDeal(before, fields).values : {};
  const newValues = canonicalValuesOfDeal(after, fields).values;
  return fields.flatMap(({ name }) => {
    const oldValue = oldValues[name] ?? null;
    const newValue = newValues[name] ?? null;
    return sameCanonicalValue(oldValue, newValue) ? [] : [{ field: name, oldValue: eventValue(oldValue), newValue: eventValue(newValue) }];
  });
}

function eventValue(value: CanonicalValue): RecordFieldValue {
  return Array.isArray(value) ? [...(value as readonly string[])] : (value as Exclude<CanonicalValue, readonly string[]>);
}
