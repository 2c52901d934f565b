import { isZohoDate, parseZohoDateTime } from '../clock/zoho-time';
import type { FieldDefinition } from '../metadata/metadata.model';
import type { SandboxOrg } from '../org/sandbox-org';

/** Why a value was refused, as the `details` extras and message of Zoho's INVALID_DATA. */
export interface FieldValueProblem {
  message: string;
  details: Record<string, unknown>;
}

export type FieldValueResult = { ok: true; value: unknown } | { ok: false; problem: FieldValueProblem };

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const JSON_TYPE: Record<FieldDefinition['dataType'], string> = {
  text: 'string',
  textarea: 'string',
  email: 'string',
  phone: 'string',
  website: 'string',
  picklist: 'string',
  multiselectpicklist: 'jsonarray',
  integer: 'integer',
  bigint: 'string',
  double: 'double',
  currency: 'double',
  percent: 'double',
  boolean: 'boolean',
  date: 'string',
  datetime: 'string',
  lookup: 'jsonobject',
  ownerlookup: 'jsonobject',
};

export function jsonTypeOf(field: FieldDefinition): string {
  return JSON_TYPE[field.dataType];
}

const ok = (value: unknown): FieldValueResult => ({ ok: true, value });
const wrongType = (field: FieldDefinition): FieldValueResult => ({
  ok: false,
  problem: { message: 'invalid data', details: { expected_data_type: field.dataType } },
});
const tooLong = (field: FieldDefinition): FieldValueResult => ({
  ok: false,
  problem: { message: 'invalid data', details: { maximum_length: field.length } },
});
const invalid = (message = 'invalid data'): FieldValueResult => ({ ok: false, problem: { message, details: {} } });

/**
 * Checks one incoming field value against its field definition and returns the canonical stored
 * value (reference §9): strings within their length, numbers within their digits, `yyyy-MM-dd`
 * dates, `yyyy-MM-ddTHH:mm:ss±HH:mm` date-times (stored as epoch ms), lookups that point at an
 * existing record (stored as its id) and owners that are active users. `null` clears a field.
 * Ordinary picklists are lenient — Zoho documents that an unknown value is added, not refused.
 */
export function validateFieldValue(
  field: FieldDefinition,
  value: unknown,
  org: SandboxOrg,
  externalLookupField?: string,
): FieldValueResult {
  if (value === null) {
    return ok(null);
  }
  if (field.dataType === 'lookup' && externalLookupField !== undefined && isObject(value) && externalLookupField in value) {
    return lookupByExternalValue(field, value[externalLookupField], externalLookupField, org);
  }
  switch (field.dataType) {
    case 'text':
    case 'textarea':
    case 'phone':
    case 'website':
    case 'picklist':
      if (typeof value !== 'string') {
        return wrongType(field);
      }
      return value.length > field.length ? tooLong(field) : ok(value);
    case 'email':
      if (typeof value !== 'string') {
        return wrongType(field);
      }
      if (value.length > field.length) {
        return tooLong(field);
      }
      return value === '' || EMAIL_PATTERN.test(value) ? ok(value) : invalid();
    case 'multiselectpicklist':
      if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
        return wrongType(field);
      }
      return ok([...(value as string[])]);
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return wrongType(field);
      }
      return String(Math.abs(value)).length > field.length ? tooLong(field) : ok(value);
    case 'bigint': {
      const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== 'string' || !/^-?\d+$/.test(text)) {
        return wrongType(field);
      }
      return text.replace('-', '').length > field.length ? tooLong(field) : ok(text);
    }
    case 'double':
    case 'currency':
    case 'percent': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return wrongType(field);
      }
      const [whole = '', fraction = ''] = Math.abs(value).toString().split('.');
      // Currency and decimal fields take 16 digits before the point and 9 after (reference §9).
      if (whole.length > field.length || fraction.length > 9) {
        return tooLong(field);
      }
      return ok(value);
    }
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : wrongType(field);
    case 'date':
      return typeof value === 'string' && isZohoDate(value) ? ok(value) : wrongType(field);
    case 'datetime': {
      const epoch = typeof value === 'string' ? parseZohoDateTime(value) : null;
      return epoch === null ? wrongType(field) : ok(epoch);
    }
    case 'lookup': {
      const id = referencedId(value);
      if (id === null) {
        return wrongType(field);
      }
      const target = field.lookupModule === null ? undefined : org.records.get(field.lookupModule, id);
      return target ? ok(id) : invalid('the id given seems to be invalid');
    }
    case 'ownerlookup': {
      const id = referencedId(value);
      if (id === null) {
        return wrongType(field);
      }
      const user = org.findUser(id);
      return user && user.status === 'active' ? ok(id) : invalid('the id given seems to be invalid');
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{"External_Account_ID":"ext1"}` under `X-EXTERNAL: Deals.Account_Name.External_Account_ID` (reference §2.1). */
function lookupByExternalValue(field: FieldDefinition, externalValue: unknown, externalField: string, org: SandboxOrg): FieldValueResult {
  if (typeof externalValue !== 'string' || field.lookupModule === null) {
    return wrongType(field);
  }
  for (const record of org.records.records(field.lookupModule).values()) {
    if (record.values[externalField] === externalValue) {
      return ok(record.id);
    }
  }
  return invalid('The external ID of the lookup field or the Price Book is incorrect');
}

/** Lookups are written as `{"id":"…"}` (reference §4); a bare id string is accepted too. */
function referencedId(value: unknown): string | null {
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return value;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['id'];
    if (typeof id === 'string' && /^\d+$/.test(id)) {
      return id;
    }
  }
  return null;
}

/** True when a stored value counts as empty for mandatory checks. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}
