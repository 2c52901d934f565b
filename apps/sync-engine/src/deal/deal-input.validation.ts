import type { PortalCustomDealField, PortalFieldType } from '@crm-bridge/contracts';
import { InputProblemsException, type InputProblem } from '@crm-bridge/subgraph';
import type { DealCustomFieldValue } from './deal.entity';
import { DealExceptionCode } from './deal.exception';
import type { DealFields } from './deal.repository';

/** What a deal is checked against: the integration's portal deal schema as sync-engine last heard it. */
export interface DealSchema {
  readonly phases: readonly { readonly name: string }[];
  readonly customFields: readonly PortalCustomDealField[];
}

/** A custom field value as a portal write gives it: `null` clears the field. */
export interface DealCustomFieldChange {
  readonly apiName: string;
  readonly value?: string | null;
}

/** A new deal's fields as a portal write gives them: `CreateDealInput`, and the input of a Kafka `portal-deal.submitted` CREATE. */
export interface NewDealInput {
  readonly name: string;
  readonly phase: string;
  readonly pipeline?: string | null;
  readonly amount?: string | null;
  readonly currencyCode?: string | null;
  readonly closingDate?: string | null;
  readonly accountId?: string | null;
  readonly partnerId?: string | null;
  readonly ownerId?: string | null;
  readonly customFields?: readonly DealCustomFieldChange[] | null;
}

/**
 * Changes to a deal as a portal write gives them (`UpdateDealInput` without its id): a field left
 * out (undefined) keeps its value, null clears an optional one.
 */
export type DealChangesInput = { readonly [TField in keyof NewDealInput]?: NewDealInput[TField] | null };

/** Validated changes: undefined keeps the current value; custom fields are applied by API name. */
export type DealChanges = { readonly [TField in Exclude<keyof DealFields, 'customFields'>]?: DealFields[TField] } & {
  readonly customFields: readonly DealCustomFieldChange[];
};

/** Long enough for any real name or id, short enough to keep rows and Zoho's text fields sane. */
export const MAX_TEXT_LENGTH = 255;

// numeric(18, 2): 16 integer digits, 2 decimals. Written like Zoho's Amount: no exponent, no grouping.
const AMOUNT_PATTERN = /^-?\d{1,16}(\.\d{1,2})?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// ICU's list of current ISO 4217 codes, which Node ships; a withdrawn code is refused like an unknown one.
const ISO_4217_CODES = new Set(Intl.supportedValuesOf('currency'));

/**
 * The fields of a new deal as they will be stored (texts trimmed, the amount as PostgreSQL writes
 * it). Refuses the input with an {@link InputProblemsException} listing every bad field at once,
 * each with its path (`input.amount`, `input.customFields.2.value`) and code.
 */
export function validateNewDeal(input: NewDealInput, schema: DealSchema): DealFields {
  const problems = new DealInputProblems();
  const fields: DealFields = {
    name: problems.requiredText(input.name, 'input.name'),
    phase: problems.phase(input.phase, schema, 'input.phase'),
    pipeline: problems.optionalText(input.pipeline, 'input.pipeline'),
    amount: problems.amount(input.amount, 'input.amount'),
    currencyCode: problems.currencyCode(input.currencyCode, 'input.currencyCode'),
    closingDate: problems.closingDate(input.closingDate, 'input.closingDate'),
    accountId: problems.optionalText(input.accountId, 'input.accountId'),
    partnerId: problems.optionalText(input.partnerId, 'input.partnerId'),
    ownerId: problems.optionalText(input.ownerId, 'input.ownerId'),
    customFields: [],
  };
  const customFields = input.customFields ?? [];
  problems.customFieldChanges(customFields, schema, 'input.customFields');
  problems.refuseIfAny();
  return { ...fields, customFields: applyCustomFieldChanges([], customFields) };
}

/**
 * The changes a portal update asks for, checked like {@link validateNewDeal} (every problem at
 * once); a required field (name, phase) given as null is refused. Apply them with
 * {@link applyDealChanges}, under the row lock.
 */
export function validateDealChanges(input: DealChangesInput, schema: DealSchema): DealChanges {
  const problems = new DealInputProblems();
  const given = <TValue, TResult>(value: TValue | undefined, check: (value: TValue) => TResult): TResult | undefined =>
    value === undefined ? undefined : check(value);
  const changes: DealChanges = {
    name: given(input.name, (name) => problems.requiredText(name ?? '', 'input.name')),
    phase: given(input.phase, (phase) => problems.phase(phase ?? '', schema, 'input.phase')),
    pipeline: given(input.pipeline, (pipeline) => problems.optionalText(pipeline, 'input.pipeline')),
    amount: given(input.amount, (amount) => problems.amount(amount, 'input.amount')),
    currencyCode: given(input.currencyCode, (code) => problems.currencyCode(code, 'input.currencyCode')),
    closingDate: given(input.closingDate, (date) => problems.closingDate(date, 'input.closingDate')),
    accountId: given(input.accountId, (id) => problems.optionalText(id, 'input.accountId')),
    partnerId: given(input.partnerId, (id) => problems.optionalText(id, 'input.partnerId')),
    ownerId: given(input.ownerId, (id) => problems.optionalText(id, 'input.ownerId')),
    customFields: input.customFields ?? [],
  };
  problems.customFieldChanges(changes.customFields, schema, 'input.customFields');
  problems.refuseIfAny();
  return changes;
}

/** `current` with validated `changes` applied: undefined keeps a value, null clears it, custom fields merge by API name. */
export function applyDealChanges(current: DealFields, changes: DealChanges): DealFields {
  const keep = <TField extends Exclude<keyof DealFields, 'customFields'>>(field: TField): DealFields[TField] =>
    changes[field] === undefined ? current[field] : changes[field];
  return {
    name: keep('name'),
    phase: keep('phase'),
    pipeline: keep('pipeline'),
    amount: keep('amount'),
    currencyCode: keep('currencyCode'),
    closingDate: keep('closingDate'),
    accountId: keep('accountId'),
    partnerId: keep('partnerId'),
    ownerId: keep('ownerId'),
    customFields: applyCustomFieldChanges(current.customFields, changes.customFields),
  };
}

/** `current` with each change applied by API name; a null value removes the field. Changes must be validated. */
function applyCustomFieldChanges(
  current: readonly DealCustomFieldValue[],
  changes: readonly DealCustomFieldChange[],
): DealCustomFieldValue[] {
  const values = new Map(current.map((entry) => [entry.apiName, entry.value]));
  for (const change of changes) {
    if (change.value === null || change.value === undefined) {
      values.delete(change.apiName);
    } else {
      values.set(change.apiName, change.value);
    }
  }
  return [...values].map(([apiName, value]) => ({ apiName, value }));
}

/**
 * Collects the problems of one deal input. Each check returns the value to store (meaningless when
 * it recorded a problem: {@link refuseIfAny} then refuses the whole input).
 */
class DealInputProblems {
  private readonly problems: InputProblem[] = [];

  refuseIfAny(): void {
    if (this.problems.length > 0) {
      throw new InputProblemsException(this.problems);
    }
  }

  /** A required text, trimmed: non-empty and at most {@link MAX_TEXT_LENGTH} characters. */
  requiredText(value: string, path: string): string {
    const trimmed = value.trim();
    if (trimmed === '') {
      this.add(DealExceptionCode.NameRequired, path, 'must not be empty');
      return trimmed;
    }
    return this.optionalText(trimmed, path) ?? trimmed;
  }

  /** An optional text, trimmed; empty means none. */
  optionalText(value: string | null | undefined, path: string): string | null {
    const trimmed = value?.trim() || null;
    if (trimmed !== null && trimmed.length > MAX_TEXT_LENGTH) {
      this.add(DealExceptionCode.ValueTooLong, path, `must be at most ${MAX_TEXT_LENGTH} characters (got ${trimmed.length})`);
    }
    return trimmed;
  }

  /** One of the schema's phases, spelled as the schema spells it. */
  phase(value: string, schema: DealSchema, path: string): string {
    const phase = schema.phases.find((candidate) => candidate.name === value.trim());
    if (!phase) {
      const known = schema.phases.map((candidate) => candidate.name).join(', ') || 'none yet';
      this.add(DealExceptionCode.PhaseNotInSchema, path, `must be one of the portal deal phases (${known}), not "${value}"`);
      return value;
    }
    return phase.name;
  }

  /**
   * A decimal string with at most two decimals, written as PostgreSQL's numeric(18, 2) returns it
   * (`"1250.5"` → `"1250.50"`, `"007"` → `"7.00"`): the value an event carries is the value a later
   * read shows, and an update to the same amount written differently is no change.
   */
  amount(value: string | null | undefined, path: string): string | null {
    if (value === null || value === undefined) {
      return null;
    }
    if (!AMOUNT_PATTERN.test(value)) {
      this.add(DealExceptionCode.InvalidAmount, path, `must be a decimal string with at most 2 decimals, e.g. "1250.00" (got "${value}")`);
      return value;
    }
    const [whole = '0', fraction = ''] = value.replace(/^-/, '').split('.');
    const digits = `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
    return value.startsWith('-') && /[1-9]/.test(digits) ? `-${digits}` : digits;
  }

  /** An ISO 4217 code, upper case. */
  currencyCode(value: string | null | undefined, path: string): string | null {
    if (value !== null && value !== undefined && !ISO_4217_CODES.has(value)) {
      this.add(DealExceptionCode.InvalidCurrencyCode, path, `must be an ISO 4217 currency code such as "EUR" (got "${value}")`);
    }
    return value ?? null;
  }

  /** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
  closingDate(value: string | null | undefined, path: string): string | null {
    if (value !== null && value !== undefined && !isCalendarDate(value)) {
      this.add(DealExceptionCode.InvalidClosingDate, path, `must be a calendar date written YYYY-MM-DD (got "${value}")`);
    }
    return value ?? null;
  }

  /**
   * Each change names a field the schema declares, at most once, with a value of the field's type
   * (see {@link customValueProblem}) or null. Problems name the entry (`input.customFields.1.value`).
   */
  customFieldChanges(changes: readonly DealCustomFieldChange[], schema: DealSchema, path: string): void {
    const seen = new Set<string>();
    changes.forEach((change, index) => {
      const declared = schema.customFields.find((candidate) => candidate.apiName === change.apiName);
      if (!declared) {
        this.add(
          DealExceptionCode.CustomFieldNotDeclared,
          `${path}.${index}.apiName`,
          `must be a custom deal field of the portal deal schema, and "${change.apiName}" is not one`,
        );
        return;
      }
      if (seen.has(change.apiName)) {
        this.add(DealExceptionCode.DuplicateCustomField, `${path}.${index}.apiName`, `repeats "${change.apiName}"`);
        return;
      }
      seen.add(change.apiName);
      const problem = change.value === null || change.value === undefined ? null : customValueProblem(declared, change.value);
      if (problem) {
        this.add(DealExceptionCode.CustomFieldTypeMismatch, `${path}.${index}.value`, `(${change.apiName}, ${declared.type}) ${problem}`);
      }
    });
  }

  private add(code: DealExceptionCode, path: string, reason: string): void {
    this.problems.push({ code, path, message: `${path} ${reason}` });
  }
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
