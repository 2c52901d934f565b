import { sameCanonicalValue, type CanonicalValue, type CanonicalValues } from '../normalise/canonical-value';

/** One field whose value differs from the last-synced snapshot. */
export interface FieldChange {
  readonly field: string;
  /** The snapshot's value; undefined when the field was never synced. */
  readonly before: CanonicalValue | undefined;
  readonly after: CanonicalValue;
}

/**
 * The fields of `current` that differ from the snapshot, by field name. A field `current` does not
 * carry is unchanged: a partial record (a Zoho notification, a portal patch) says nothing about it.
 * Both sides are compared in portal terms — Zoho values after `applyZohoToPortal`.
 */
export function changedFields(snapshot: CanonicalValues, current: CanonicalValues): FieldChange[] {
  return Object.keys(current)
    .sort()
    .flatMap((field) => {
      const after = current[field] as CanonicalValue;
      const before = snapshot[field];
      return sameCanonicalValue(before, after) ? [] : [{ field, before, after }];
    });
}

/** An incoming record: our own write coming back, or a change to sync. */
export type IncomingChange = { readonly kind: 'ECHO' } | { readonly kind: 'CHANGED'; readonly changes: readonly FieldChange[] };

/**
 * Whether an incoming record (portal values, or a Zoho record mapped to portal values) is an echo —
 * every mapped value equals the last-synced snapshot, as after our own write — or a change. An echo
 * is never written back, which is what keeps two-way sync from looping.
 */
export function classifyIncoming(snapshot: CanonicalValues, incoming: CanonicalValues): IncomingChange {
  const changes = changedFields(snapshot, incoming);
  return changes.length === 0 ? { kind: 'ECHO' } : { kind: 'CHANGED', changes };
}

/** What changed on each side since the last sync. */
export interface SideChanges {
  readonly portal: readonly FieldChange[];
  readonly zoho: readonly FieldChange[];
}

/** The changes on both sides against one snapshot (both sides in portal terms). */
export function detectChanges(snapshot: CanonicalValues, portal: CanonicalValues, zoho: CanonicalValues): SideChanges {
  return { portal: changedFields(snapshot, portal), zoho: changedFields(snapshot, zoho) };
}
