import { diffMappingDefinitions, type MappingDefinition } from '@crm-bridge/sync-domain';

/** What a new mapping version means for deals already brought in from Zoho. */
export interface InboundResync {
  /** Nothing Zoho → portal changed (e.g. only outbound stages or defaults): the links stay as they are. */
  readonly kind: 'NONE' | 'LINKED' | 'ALL';
  /**
   * Portal fields the new version maps from Zoho that the old one did not: their snapshot has no
   * value yet, so the re-read takes Zoho's value (see `seedNewlyMappedFields`).
   */
  readonly newlyMappedFields: readonly string[];
}

/**
 * What to re-sync from Zoho when the active mapping goes from `before` to `after` (null: none was
 * synced under yet). A pipeline newly selected brings deals never linked (`ALL`: a full read);
 * inbound stage mappings, fields mapped from Zoho and their value maps change how linked deals read
 * (`LINKED`: re-read those); outbound-only changes, defaults and the match key change nothing here.
 */
export function inboundResyncBetween(before: MappingDefinition | null, after: MappingDefinition): InboundResync {
  if (before === null) {
    return { kind: 'ALL', newlyMappedFields: [] };
  }
  const inboundBefore = inboundFieldMappings(before);
  const inboundAfter = inboundFieldMappings(after);
  const newlyMappedFields = [...inboundAfter].filter(([key]) => !inboundBefore.has(key)).map(([, portalField]) => portalField);
  let kind: InboundResync['kind'] = newlyMappedFields.length > 0 ? 'LINKED' : 'NONE';
  for (const change of diffMappingDefinitions(before, after)) {
    if (/^stageMappings\['[^']*'\]$/.test(change.path) && change.kind === 'ADDED') {
      return { kind: 'ALL', newlyMappedFields };
    }
    const valueMap = /^fieldMappings\['([^']*)'\]\.valueMap/.exec(change.path);
    if (/^stageMappings\['[^']*'\]\.inbound/.test(change.path) || (valueMap && isInbound(after, valueMap[1] ?? ''))) {
      kind = 'LINKED';
    }
  }
  return { kind, newlyMappedFields };
}

/** Field mappings that carry Zoho values to the portal, keyed by both names (a renamed target is a new mapping). */
function inboundFieldMappings(definition: MappingDefinition): Map<string, string> {
  return new Map(
    definition.fieldMappings
      .filter((mapping) => mapping.direction !== 'PORTAL_TO_ZOHO')
      .map((mapping) => [`${mapping.zohoField}→${mapping.portalField}`, mapping.portalField]),
  );
}

function isInbound(definition: MappingDefinition, zohoField: string): boolean {
  return definition.fieldMappings.some((mapping) => mapping.zohoField === zohoField && mapping.direction !== 'PORTAL_TO_ZOHO');
}
