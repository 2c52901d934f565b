import { applyZohoToPortal, type ApplyContext, type CanonicalValues, type MappingDefinition } from '@crm-bridge/sync-domain';

/**
 * The link's snapshot with a base value for every field the mapping brings from Zoho that the
 * snapshot does not have yet — a field mapped since the deal was last synced. Without one, the
 * three-way merge would see both sides "changed" from nothing and call it a conflict. The base makes
 * the new mapping do what a user expects: Zoho's value, when it has one, is written to the portal
 * (the portal's side counts as unchanged); when Zoho's field is empty, the portal's value counts as
 * the change (for outbound sync to write to Zoho) and the portal keeps it.
 */
export function snapshotCoveringMappedFields(
  definition: MappingDefinition,
  context: ApplyContext,
  sides: { snapshot: CanonicalValues | null; portal: CanonicalValues | null; zoho: Readonly<Record<string, unknown>> | null },
): CanonicalValues | null {
  const { snapshot, portal, zoho } = sides;
  if (!snapshot || !portal || !zoho) {
    return snapshot;
  }
  const missing = definition.fieldMappings
    .filter((mapping) => mapping.direction !== 'PORTAL_TO_ZOHO' && !Object.hasOwn(snapshot, mapping.portalField))
    .map((mapping) => mapping.portalField);
  if (missing.length === 0) {
    return snapshot;
  }
  const incoming = applyZohoToPortal(definition, zoho, context).values;
  const seeded: Record<string, CanonicalValues[string]> = { ...snapshot };
  for (const field of missing) {
    const zohoValue = incoming[field];
    seeded[field] = zohoValue === undefined || zohoValue === null ? null : (portal[field] ?? null);
  }
  return seeded;
}
