import { PORTAL_STANDARD_DEAL_FIELDS, type PortalFieldType, type RecordModule } from '@crm-bridge/contracts';
import { normalisePortalValue, toZohoValue, type CanonicalValue } from '@crm-bridge/sync-domain';
import type { IntegrationFieldRulesEntity } from './field-rules.entity';

/** The portal field whose values are the tenant's phases, sent to Zoho as stages by the stage mappings. */
const PHASE_FIELD = 'phase';

/** Why a reviewer's own value was refused. */
export enum CustomValueProblemCode {
  /** The field's type is not known here, so no value can be checked (and none is taken unchecked). */
  UnknownFieldType = 'UNKNOWN_FIELD_TYPE',
  /** Not a value of the field's type. */
  InvalidValue = 'INVALID_VALUE',
  /** Not a value Zoho's picklist takes (through the mapping's value map, or the portal field's options). */
  NotInPicklist = 'VALUE_NOT_IN_PICKLIST',
}

/** A reviewer's value in its canonical spelling, or why it is refused (`reason` reads after the field name). */
export type CustomValueCheck =
  | { readonly ok: true; readonly value: CanonicalValue }
  | { readonly ok: false; readonly code: CustomValueProblemCode; readonly reason: string };

/**
 * Checks a value a reviewer wants written to both sides of one conflicting field: of the field's
 * portal type (a decimal for `amount`), spelled canonically as sync compares it (`'0160.50'` →
 * `'160.5'`), that Zoho can hold (no more digits than it keeps), and, for a picklist, one Zoho's
 * picklist takes — through the mapping's value map where the field has one, else the portal
 * field's options; for `phase`, a tenant phase the stage mappings send to Zoho.
 *
 * Types are known for deals only (the standard fields and the portal deal schema's custom fields);
 * a value for any other field is refused rather than passed on unchecked.
 *
 * @example checkCustomValue('DEALS', 'amount', 'lots', rules) → { ok: false, code: 'INVALID_VALUE', reason: 'must be a decimal number, e.g. 1200.50' }
 */
export function checkCustomValue(
  module: RecordModule,
  fieldName: string,
  raw: unknown,
  rules: Pick<IntegrationFieldRulesEntity, 'fieldMappings' | 'outboundStages' | 'phases' | 'customFields'> | null,
): CustomValueCheck {
  const type = portalFieldType(module, fieldName, rules);
  if (type === null) {
    return {
      ok: false,
      code: CustomValueProblemCode.UnknownFieldType,
      reason: `cannot be checked: the type of ${module} field "${fieldName}" is not known here (keep PORTAL or ZOHO instead)`,
    };
  }
  const field = { name: fieldName, type };
  const normalised = normalisePortalValue(field, raw);
  if (!normalised.ok) {
    return { ok: false, code: CustomValueProblemCode.InvalidValue, reason: normalised.problem.reason };
  }
  // Only whether Zoho can hold it matters here; the zone changes a date-time's spelling, not that.
  const forZoho = toZohoValue(field, normalised.value, 'UTC');
  if (!forZoho.ok) {
    return { ok: false, code: CustomValueProblemCode.InvalidValue, reason: forZoho.problem.reason };
  }
  const accepted = picklistValuesZohoAccepts(fieldName, rules);
  const chosen = normalised.value === null ? [] : Array.isArray(normalised.value) ? normalised.value : [normalised.value];
  if (accepted !== null && chosen.some((value) => !accepted.some((candidate) => candidate.portalValue === value))) {
    const listed = accepted.map(({ portalValue, zohoValue }) =>
      portalValue === zohoValue ? portalValue : `${portalValue} (Zoho: ${zohoValue})`,
    );
    return {
      ok: false,
      code: CustomValueProblemCode.NotInPicklist,
      reason: `must be one of the picklist values Zoho accepts: ${listed.join(', ')}`,
    };
  }
  return { ok: true, value: normalised.value };
}

function portalFieldType(
  module: RecordModule,
  fieldName: string,
  rules: Pick<IntegrationFieldRulesEntity, 'customFields'> | null,
): PortalFieldType | null {
  if (module !== 'DEALS') {
    return null;
  }
  const standard = PORTAL_STANDARD_DEAL_FIELDS.find((field) => field.apiName === fieldName);
  return standard?.type ?? rules?.customFields.find((field) => field.apiName === fieldName)?.type ?? null;
}

/** The portal values a picklist field may take so that Zoho takes what they become; null: nothing to check against. */
function picklistValuesZohoAccepts(
  fieldName: string,
  rules: Pick<IntegrationFieldRulesEntity, 'fieldMappings' | 'outboundStages' | 'phases' | 'customFields'> | null,
): { portalValue: string; zohoValue: string }[] | null {
  if (rules === null) {
    return null;
  }
  if (fieldName === PHASE_FIELD) {
    const sent = rules.outboundStages.filter((stage) => rules.phases.some((phase) => phase.name === stage.portalPhase));
    return sent.length === 0
      ? null
      : uniqueBy(sent.map(({ portalPhase, zohoStage }) => ({ portalValue: portalPhase, zohoValue: zohoStage })));
  }
  const valueMap = rules.fieldMappings.find((mapping) => mapping.portalField === fieldName)?.valueMap ?? [];
  if (valueMap.length > 0) {
    return uniqueBy(valueMap.map(({ portalValue, zohoValue }) => ({ portalValue, zohoValue })));
  }
  // Without a value map the portal's option passes to Zoho unchanged (the mapping's publish checked Zoho has them).
  const options = rules.customFields.find((field) => field.apiName === fieldName)?.options ?? [];
  return options.length === 0 ? null : options.map((option) => ({ portalValue: option, zohoValue: option }));
}

/** The first entry per portal value: several pipelines may send one phase, to different stages. */
function uniqueBy(entries: { portalValue: string; zohoValue: string }[]): { portalValue: string; zohoValue: string }[] {
  return entries.filter((entry, index) => entries.findIndex((other) => other.portalValue === entry.portalValue) === index);
}
