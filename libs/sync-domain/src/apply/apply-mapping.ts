import type { PortalField } from '../mapping/mapping-context';
import type { FieldMapping, MappingDefinition } from '../mapping/mapping-definition';
import type { CanonicalValue, CanonicalValues, ValueProblem, ValueResult } from '../normalise/canonical-value';
import { fromZohoValue, normalisePortalValue, toZohoValue, type ZohoValue } from '../normalise/normalise-value';

/** What applying a mapping needs besides the definition. */
export interface ApplyContext {
  /** The portal's deal fields with their types (and picklist values, to refuse an unknown one). */
  readonly portalFields: readonly PortalField[];
  /** The integration's IANA time zone, e.g. `Europe/Berlin`: Zoho's date-times carry its offset. */
  readonly timeZone: string;
}

/** A portal record: its id and its field values by portal field name (canonical or raw input). */
export interface PortalRecord {
  readonly id: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A field left out of the result, naming it on both sides and saying why. */
export interface FieldSkip extends ValueProblem {
  readonly zohoField: string;
}

/** A Zoho record payload (API names → values as Zoho's API takes them) and the fields left out. */
export interface ZohoPayloadResult {
  readonly payload: Readonly<Record<string, ZohoValue>>;
  readonly skipped: readonly FieldSkip[];
}

/** Portal values (canonical, by portal field name) and the fields left out. */
export interface PortalValuesResult {
  readonly values: CanonicalValues;
  readonly skipped: readonly FieldSkip[];
}

/** Whether a deal is being created in Zoho (defaults apply) or updated. */
export type ZohoWriteKind = 'CREATE' | 'UPDATE';

/**
 * A portal record as the Zoho payload a mapping version writes: only fields mapped
 * `PORTAL_TO_ZOHO` or `BOTH` and present on the record, picklist values through the value map
 * (values it does not list pass unchanged), on create the defaults for Zoho fields nothing filled,
 * and under an `EXTERNAL_ID` match key the portal id in the key field (upsert matches on it).
 * Stage and pipeline come from stage resolution, not from here.
 *
 * @example applyPortalToZoho(definition, { id: 'deal-1', values: { amount: '1200.50' } }, context, 'UPDATE')
 *   → { payload: { Amount: 1200.5, Portal_Deal_Id: 'deal-1' }, skipped: [] }
 */
export function applyPortalToZoho(
  definition: MappingDefinition,
  record: PortalRecord,
  context: ApplyContext,
  writeKind: ZohoWriteKind,
): ZohoPayloadResult {
  const payload: Record<string, ZohoValue> = {};
  const skipped: FieldSkip[] = [];
  for (const mapping of definition.fieldMappings) {
    if (mapping.direction === 'ZOHO_TO_PORTAL' || !Object.hasOwn(record.values, mapping.portalField)) {
      continue;
    }
    const result = portalToZohoValue(mapping, record.values[mapping.portalField], context);
    if (result.ok) {
      payload[mapping.zohoField] = result.value;
    } else {
      skipped.push({ ...result.problem, zohoField: mapping.zohoField });
    }
  }
  if (writeKind === 'CREATE') {
    for (const fallback of definition.zohoDefaults) {
      if (payload[fallback.zohoField] === undefined || payload[fallback.zohoField] === null) {
        payload[fallback.zohoField] = fallback.value;
      }
    }
  }
  if (definition.matchKey.kind === 'EXTERNAL_ID') {
    payload[definition.matchKey.zohoField] = record.id;
  }
  return { payload, skipped };
}

/**
 * A Zoho record as the portal values a mapping version writes: only fields mapped
 * `ZOHO_TO_PORTAL` or `BOTH` and present on the record, picklist values through the value map read
 * backwards. A Zoho value the map does not list passes unchanged when the portal field takes it,
 * and is skipped (`UNMAPPED_PICKLIST_VALUE`) when the portal's picklist does not.
 */
export function applyZohoToPortal(
  definition: MappingDefinition,
  zohoRecord: Readonly<Record<string, unknown>>,
  context: ApplyContext,
): PortalValuesResult {
  const values: Record<string, CanonicalValue> = {};
  const skipped: FieldSkip[] = [];
  for (const mapping of definition.fieldMappings) {
    if (mapping.direction === 'PORTAL_TO_ZOHO' || !Object.hasOwn(zohoRecord, mapping.zohoField)) {
      continue;
    }
    const result = zohoToPortalValue(mapping, zohoRecord[mapping.zohoField], context);
    if (result.ok) {
      values[mapping.portalField] = result.value;
    } else {
      skipped.push({ ...result.problem, zohoField: mapping.zohoField });
    }
  }
  return { values, skipped };
}

function portalToZohoValue(mapping: FieldMapping, raw: unknown, context: ApplyContext): ValueResult<ZohoValue> {
  const field = context.portalFields.find((candidate) => candidate.name === mapping.portalField);
  if (field === undefined) {
    return unknownPortalField(mapping);
  }
  const canonical = normalisePortalValue(field, raw);
  if (!canonical.ok) {
    return canonical;
  }
  const zohoValueOf = new Map(mapping.valueMap.map((entry) => [entry.portalValue, entry.zohoValue]));
  return toZohoValue(field, mapValues(canonical.value, zohoValueOf), context.timeZone);
}

function zohoToPortalValue(mapping: FieldMapping, raw: unknown, context: ApplyContext): ValueResult<CanonicalValue> {
  const field = context.portalFields.find((candidate) => candidate.name === mapping.portalField);
  if (field === undefined) {
    return unknownPortalField(mapping);
  }
  const canonical = fromZohoValue(field, raw, context.timeZone);
  if (!canonical.ok) {
    return canonical;
  }
  const portalValueOf = new Map(mapping.valueMap.map((entry) => [entry.zohoValue, entry.portalValue]));
  const mapped = mapValues(canonical.value, portalValueOf);
  // Normalised again: a multi-select mapped value by value must be sorted again.
  const normalised = normalisePortalValue(field, mapped);
  if (!normalised.ok || field.picklistValues.length === 0 || (field.type !== 'PICKLIST' && field.type !== 'MULTI_PICKLIST')) {
    return normalised;
  }
  const refused = (Array.isArray(normalised.value) ? normalised.value : [normalised.value]).filter(
    (value): value is string => typeof value === 'string' && !field.picklistValues.includes(value),
  );
  return refused.length === 0
    ? normalised
    : {
        ok: false,
        problem: {
          field: mapping.portalField,
          code: 'UNMAPPED_PICKLIST_VALUE',
          reason: `Zoho's ${refused.map((value) => `'${value}'`).join(', ')} is no value of the portal picklist and the value map does not translate it`,
        },
      };
}

/** A picklist value (or each of a multi-select's) through a value map; values it lacks pass unchanged. */
function mapValues(value: CanonicalValue, valueMap: ReadonlyMap<string, string>): CanonicalValue {
  if (valueMap.size === 0) {
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    return value.map((item) => valueMap.get(item) ?? item);
  }
  return typeof value === 'string' ? (valueMap.get(value) ?? value) : value;
}

function unknownPortalField(mapping: FieldMapping): ValueResult<never> {
  return {
    ok: false,
    problem: { field: mapping.portalField, code: 'UNKNOWN_PORTAL_FIELD', reason: 'is not a field of the portal deal model' },
  };
}
