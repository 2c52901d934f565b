import { ZohoErrors } from '../http/zoho-api.error';

/**
 * Reads an optional whole-number query parameter. Zoho rejects malformed numbers with
 * INVALID_DATA naming the parameter, and values over a documented maximum with LIMIT_EXCEEDED.
 */
export function integerParam(query: URLSearchParams, name: string, options: { defaultValue: number; min: number; max?: number }): number {
  const raw = query.get(name);
  if (raw === null) {
    return options.defaultValue;
  }
  if (!/^\d+$/.test(raw)) {
    throw ZohoErrors.invalidParam(name);
  }
  const value = Number(raw);
  if (value < options.min) {
    throw ZohoErrors.invalidParam(name);
  }
  if (options.max !== undefined && value > options.max) {
    throw ZohoErrors.limitExceeded(name, options.max);
  }
  return value;
}

/** An optional parameter restricted to documented values; anything else is INVALID_DATA with `supported_values`. */
export function enumParam<T extends string>(query: URLSearchParams, name: string, values: readonly T[], defaultValue: T): T {
  const raw = query.get(name);
  if (raw === null) {
    return defaultValue;
  }
  if (!(values as readonly string[]).includes(raw)) {
    throw ZohoErrors.invalidParam(name, { supported_values: values });
  }
  return raw as T;
}

/** `page`/`per_page` as Zoho's list-like endpoints take them: page ≥ 1, per_page 1–200 (default 200). */
export function pageParams(query: URLSearchParams, maxPerPage = 200): { page: number; perPage: number } {
  return {
    page: integerParam(query, 'page', { defaultValue: 1, min: 1 }),
    perPage: integerParam(query, 'per_page', { defaultValue: maxPerPage, min: 1, max: maxPerPage }),
  };
}

/** `info` of paged metadata-style lists (users, deleted records, search): per_page, count, page, more_records. */
export function pageInfo(page: number, perPage: number, count: number, moreRecords: boolean): Record<string, unknown> {
  return { per_page: perPage, count, page, more_records: moreRecords };
}
