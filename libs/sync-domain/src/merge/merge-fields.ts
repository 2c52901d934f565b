import { sameCanonicalValue, type CanonicalValue, type CanonicalValues } from '../normalise/canonical-value';

/** A field both sides changed since the last sync, to different values: left for the conflict policy. */
export interface FieldConflict {
  readonly field: string;
  readonly base: CanonicalValue | undefined;
  readonly portal: CanonicalValue;
  readonly zoho: CanonicalValue;
}

/** The three-way merge of one record. */
export interface FieldMergeResult {
  /** Every field: the changed side's value, the base where unchanged or in conflict. */
  readonly merged: CanonicalValues;
  /** Fields only the portal changed: what to write to Zoho. */
  readonly toZoho: CanonicalValues;
  /** Fields only Zoho changed: what to write to the portal. */
  readonly toPortal: CanonicalValues;
  /** Fields changed on both sides to different values, not resolved here. */
  readonly conflicts: readonly FieldConflict[];
}

/**
 * The three-way field merge against the last-synced snapshot `base` (all in portal terms): a field
 * changed on one side takes that side's value; changed on both to the same value, that value (no
 * conflict); changed on both to different values, a conflict returned with the base kept in
 * `merged`. A field a side does not carry is unchanged on that side. Fields are in name order, so
 * the result depends only on the values.
 *
 * @example mergeFields({ amount: '10.00', name: 'A' }, { amount: '12.00', name: 'A' }, { amount: '10.00', name: 'B' })
 *   → merged { amount: '12.00', name: 'B' }, toZoho { amount: '12.00' }, toPortal { name: 'B' }, no conflicts
 */
export function mergeFields(base: CanonicalValues, portal: CanonicalValues, zoho: CanonicalValues): FieldMergeResult {
  const merged: Record<string, CanonicalValue> = {};
  const toZoho: Record<string, CanonicalValue> = {};
  const toPortal: Record<string, CanonicalValue> = {};
  const conflicts: FieldConflict[] = [];
  const fields = [...new Set([...Object.keys(base), ...Object.keys(portal), ...Object.keys(zoho)])].sort();
  for (const field of fields) {
    const baseValue = base[field];
    const portalValue = Object.hasOwn(portal, field) ? portal[field] : baseValue;
    const zohoValue = Object.hasOwn(zoho, field) ? zoho[field] : baseValue;
    const portalChanged = !sameCanonicalValue(baseValue, portalValue);
    const zohoChanged = !sameCanonicalValue(baseValue, zohoValue);
    if (portalChanged && zohoChanged && !sameCanonicalValue(portalValue, zohoValue)) {
      conflicts.push({ field, base: baseValue, portal: portalValue as CanonicalValue, zoho: zohoValue as CanonicalValue });
      if (baseValue !== undefined) {
        merged[field] = baseValue;
      }
    } else if (portalChanged) {
      merged[field] = portalValue as CanonicalValue;
      if (!zohoChanged) {
        toZoho[field] = portalValue as CanonicalValue;
      }
    } else if (zohoChanged) {
      merged[field] = zohoValue as CanonicalValue;
      toPortal[field] = zohoValue as CanonicalValue;
    } else if (baseValue !== undefined) {
      merged[field] = baseValue;
    }
  }
  return { merged, toZoho, toPortal, conflicts };
}
