import type { PortalCustomDealField, PortalFieldType } from '@crm-bridge/contracts';
import { ErrorKind } from '@crm-bridge/subgraph';
import type { DealCustomFieldValue } from './deal.entity';
import { DealException, DealExceptionCode } from './deal.exception';
import type { DealCustomFieldInput } from './dto/deal-custom-field.input';

/** What a deal is checked against: the integration's portal deal schema as sync-engine last heard it. */
export interface DealSchema {
  readonly phases: readonly { readonly name: string }[];
  readonly customFields: readonly PortalCustomDealField[];
}

/** Long enough for any real name or id, short enough to keep rows and Zoho's text fields sane. */
export const MAX_TEXT_LENGTH = 255;

// numeric(18, 2): 16 integer digits, 2 decimals. Written like Zoho's Amount: no exponent, no grouping.
const AMOUNT_PATTERN = /^-?\d{1,16}(\.\d{1,2})?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// ICU's list of current ISO 4217 codes, which Node ships; a withdrawn code is refused like an unknown one.
const ISO_4217_CODES = new Set(Intl.supportedValuesOf('currency'));

function refuse(code: DealExceptionCode, field: string, reason: string): DealException {
  return new DealException(code, ErrorKind.BadUserInput, `${field} ${reason}`, field);
}

/** A required text, trimmed: non-empty and at most {@link MAX_TEXT_LENGTH} characters. */
export function requiredText(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed === '') {
    throw refuse(DealExceptionCode.NameRequired, field, 'must not be empty');
  }
  return optionalText(trimmed, field) ?? trimmed;
}

/** An optional text, trimmed; empty means none. */
export function optionalText(value: string | null | undefined, field: string): string | null {
  const trimmed = value?.trim() || null;
  if (trimmed !== null && trimmed.length > MAX_TEXT_LENGTH) {
    throw refuse(DealExceptionCode.ValueTooLong, field, `must be at most ${MAX_TEXT_LENGTH} characters (got ${trimmed.length})`);
  }
  return trimmed;
}

/** One of the schema's phases, spelled as the schema spells it. */
export function phaseOf(value: string, schema: DealSchema, field: string): string {
  const phase = schema.phases.find((candidate) => candidate.name === value.trim());
  if (!phase) {
    const known = schema.phases.map((candidate) => candidate.name).join(', ') || 'none yet';
    throw refuse(DealExceptionCode.PhaseNotInSchema, field, `must be one of the portal deal phases (${known}), not "${value}"`);
  }
  return phase.name;
}

/**
 * A decimal string with at most two decimals, written as PostgreSQL's numeric(18, 2) returns it
 * (`"1250.5"` → `"1250.50"`, `"007"` → `"7.00"`): the value an event carries is the value a later
 * read shows, and an update to the same amount written differently is no change.
 */
export function amountOf(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!AMOUNT_PATTERN.test(value)) {
    throw refuse(
      DealExceptionCode.InvalidAmount,
      field,
      `must be a decimal string with at most 2 decimals, e.g. "1250.00" (got "${value}")`,
    );
  }
  const [whole = '0', fraction = ''] = value.replace(/^-/, '').split('.');
  const digits = `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
  return value.startsWith('-') && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** An ISO 4217 code, upper case. */
export function currencyCodeOf(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!ISO_4217_CODES.has(value)) {
    throw refuse(DealExceptionCode.InvalidCurrencyCode, field, `must be an ISO 4217 currency code such as "EUR" (got "${value}")`);
  }
  return value;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function closingDateOf(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!isCalendarDate(value)) {
    throw refuse(DealExceptionCode.InvalidClosingDate, field, `must be a calendar date written YYYY-MM-DD (got "${value}")`);
  }
  return value;
}

function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * `current` with `changes` applied: each field the schema declares, its value of the field's type
 * (see {@link customValueProblem}); a null value removes the field. Errors name the entry
 * (`input.customFields.1.value`).
 */
export function customFieldsOf(
  current: readonly DealCustomFieldValue[],
  changes: readonly DealCustomFieldInput[],
  schema: DealSchema,
  field: string,
): DealCustomFieldValue[] {
  const values = new Map(current.map((entry) => [entry.apiName, entry.value]));
  const seen = new Set<string>();
  changes.forEach((change, index) => {
    const declared = schema.customFields.find((candidate) => candidate.apiName === change.apiName);
    if (!declared) {
      throw refuse(
        DealExceptionCode.CustomFieldNotDeclared,
        `${field}.${index}.apiName`,
        `must be a custom deal field of the portal deal schema, and "${change.apiName}" is not one`,
      );
    }
    if (seen.has(change.apiName)) {
      throw refuse(DealExceptionCode.DuplicateCustomField, `${field}.${index}.apiName`, `repeats "${change.apiName}"`);
    }
    seen.add(change.apiName);
    if (change.value === null || change.value === undefined) {
      values.delete(change.apiName);
      return;
    }
    const problem = customValueProblem(declared, change.value);
    if (problem) {
      throw refuse(
        DealExceptionCode.CustomFieldTypeMismatch,
        `${field}.${index}.value`,
        `(${change.apiName}, ${declared.type}) ${problem}`,
      );
    }
    values.set(change.apiName, change.value);
  });
  return [...values].map(([apiName, value]) => ({ apiName, value }));
}

const INTEGER_PATTERN = /^-?\d{1,15}$/;
const DECIMAL_PATTERN = /^-?\d{1,16}(\.\d+)?$/;
// Deliberately loose, like Zoho's own email check: one @, something either side, a dot in the domain.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why `value` is not a value of the field's type, or null when it is. The text forms match Zoho's. */
function customValueProblem(field: PortalCustomDealField, value: string): string | null {
  const type: PortalFieldType = field.type;
  switch (type) {
    case 'TEXT':
    case 'PHONE':
    case 'LOOKUP':
      return value.length > MAX_TEXT_LENGTH ? `must be at most ${MAX_TEXT_LENGTH} characters` : null;
    case 'TEXT_AREA':
      return null;
    case 'INTEGER':
      return INTEGER_PATTERN.test(value) ? null : `must be a whole number, e.g. "42" (got "${value}")`;
    case 'DECIMAL':
    case 'CURRENCY':
    case 'PERCENT':
      return DECIMAL_PATTERN.test(value) ? null : `must be a decimal string, e.g. "12.5" (got "${value}")`;
    case 'BOOLEAN':
      return value === 'true' || value === 'false' ? null : `must be "true" or "false" (got "${value}")`;
    case 'DATE':
      return isCalendarDate(value) ? null : `must be a calendar date written YYYY-MM-DD (got "${value}")`;
    case 'DATE_TIME':
      return isUtcInstant(value) ? null : `must be an ISO 8601 instant with an offset, e.g. "2026-03-31T09:30:00Z" (got "${value}")`;
    case 'PICKLIST':
      return field.options.includes(value) ? null : `must be one of ${field.options.join(', ')} (got "${value}")`;
    case 'MULTI_PICKLIST': {
      const unknown = value.split(';').filter((option) => !field.options.includes(option));
      return unknown.length === 0
        ? null
        : `must be options of ${field.options.join(', ')} separated by ";" (unknown: ${unknown.join(', ')})`;
    }
    case 'EMAIL':
      return EMAIL_PATTERN.test(value) ? null : `must be an email address (got "${value}")`;
    case 'URL':
      return isHttpUrl(value) ? null : `must be an http or https URL (got "${value}")`;
  }
}

function isUtcInstant(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
