/**
 * A portal field's value in the one spelling sync compares and stores (the last-synced snapshot),
 * so that equal values are equal strings: text as given (empty → null); integers as numbers;
 * decimals as strings (`'1200.50'`, never a float); booleans; dates `YYYY-MM-DD`; instants in UTC
 * to the second (`2026-03-01T08:00:00Z`); a picklist value; a multi-select as a sorted list; a
 * lookup as the linked record's id. `null` is an empty field.
 */
export type CanonicalValue = string | number | boolean | null | readonly string[];

/** A portal record's fields, canonical, by portal field name. */
export type CanonicalValues = Readonly<Record<string, CanonicalValue>>;

/** Whether two canonical values are the same value (lists element by element). */
export function sameCanonicalValue(left: CanonicalValue | undefined, right: CanonicalValue | undefined): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => item === right[index]);
  }
  return left === right;
}

/** Why one field's value could not be normalised or mapped; sync skips the field and reports it. */
export const VALUE_PROBLEM_CODES = ['INVALID_VALUE', 'UNMAPPED_PICKLIST_VALUE', 'UNKNOWN_PORTAL_FIELD'] as const;
export type ValueProblemCode = (typeof VALUE_PROBLEM_CODES)[number];

/** One field's value refused, with the field it came from and a reason a person can read. */
export interface ValueProblem {
  readonly field: string;
  readonly code: ValueProblemCode;
  readonly reason: string;
}

/** A value converted, or why it could not be — bad data is a result, never a throw. */
export type ValueResult<TValue> = { readonly ok: true; readonly value: TValue } | { readonly ok: false; readonly problem: ValueProblem };
