import { PORTAL_STANDARD_DEAL_FIELDS, type PortalFieldType } from '@crm-bridge/contracts';
import {
  normalisePortalValue,
  type CanonicalValue,
  type CanonicalValues,
  type PortalField,
  type ValueProblem,
} from '@crm-bridge/sync-domain';
import type { DealSchema } from './deal-input.validation';
import type { DealCustomFieldValue, DealEntity } from './deal.entity';
import type { DealFields } from './deal.repository';

/** Custom multi-picklist values are stored as one text, options joined by this (see `deal-input.validation.ts`). */
const MULTI_PICKLIST_SEPARATOR = ';';

/**
 * The deal's values under the portal field API names mappings use (`PORTAL_STANDARD_DEAL_FIELDS`,
 * custom fields under their own names), in the text form the deal stores. Absent values are null,
 * so a cleared field is a change too.
 */
export function portalValuesOfDeal(deal: DealEntity): Record<string, string | null> {
  return {
    name: deal.name,
    phase: deal.phase,
    pipeline: deal.pipeline,
    amount: deal.amount,
    currency: deal.currencyCode,
    closingDate: deal.closingDate,
    account: deal.accountId,
    partner: deal.partnerId,
    owner: deal.ownerId,
    ...Object.fromEntries(deal.customFields.map((entry) => [entry.apiName, entry.value])),
  };
}

/** The integration's portal deal fields with their types and picklist values: what applying a mapping version reads the deal's values by. */
export function portalDealFieldsOf(schema: DealSchema): PortalField[] {
  return [
    ...PORTAL_STANDARD_DEAL_FIELDS.map((field) => ({
      name: field.apiName,
      type: field.type,
      maxLength: null,
      picklistValues: field.apiName === 'phase' ? schema.phases.map((phase) => phase.name) : [],
    })),
    ...schema.customFields.map((field) => ({ name: field.apiName, type: field.type, maxLength: null, picklistValues: field.options })),
  ];
}

/**
 * The deal's values in canonical form (the spelling snapshots are kept in), field by field; a
 * stored value its field's type cannot read is a problem naming the field, not a throw.
 */
export function canonicalValuesOfDeal(
  deal: DealEntity,
  fields: readonly PortalField[],
): { values: CanonicalValues; problems: ValueProblem[] } {
  const stored = portalValuesOfDeal(deal);
  const values: Record<string, CanonicalValue> = {};
  const problems: ValueProblem[] = [];
  for (const field of fields) {
    const text = stored[field.name] ?? null;
    const raw = text !== null && field.type === 'MULTI_PICKLIST' ? text.split(MULTI_PICKLIST_SEPARATOR) : text;
    const result = normalisePortalValue(field, raw);
    if (result.ok) {
      values[field.name] = result.value;
    } else {
      problems.push(result.problem);
    }
  }
  return { values, problems };
}

/**
 * The deal's fields with `values` (canonical, by portal field name, e.g. from Zoho through the
 * mapping) written over the current ones; fields `values` does not carry keep their value.
 */
export function dealFieldsWith(current: DealEntity, values: CanonicalValues, fields: readonly PortalField[]): DealFields {
  const typeOf = new Map<string, PortalFieldType>(fields.map((field) => [field.name, field.type]));
  const text = (name: string, fallback: string | null): string | null => (name in values ? textOf(values[name] ?? null) : fallback);
  const customFields: DealCustomFieldValue[] = current.customFields.filter((entry) => !(entry.apiName in values));
  for (const [apiName, value] of Object.entries(values)) {
    const isCustom = typeOf.has(apiName) && !PORTAL_STANDARD_DEAL_FIELDS.some((field) => field.apiName === apiName);
    const valueText = textOf(value);
    if (isCustom && valueText !== null) {
      customFields.push({ apiName, value: valueText });
    }
  }
  return {
    name: text('name', current.name) ?? current.name,
    phase: text('phase', current.phase) ?? current.phase,
    pipeline: text('pipeline', current.pipeline),
    amount: text('amount', current.amount),
    currencyCode: text('currency', current.currencyCode),
    closingDate: text('closingDate', current.closingDate),
    accountId: text('account', current.accountId),
    partnerId: text('partner', current.partnerId),
    ownerId: text('owner', current.ownerId),
    customFields,
  };
}

/** A canonical value in the text form a deal stores. */
function textOf(value: CanonicalValue): string | null {
  if (value === null) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.join(MULTI_PICKLIST_SEPARATOR);
  }
  return String(value);
}
