import { parseZohoDateTime } from '../clock/zoho-time';
import type { CrmRequest } from '../crm-api/crm-request';
import { enumParam, integerParam } from '../crm-api/query-params';
import { ZohoApiError, ZohoErrors } from '../http/zoho-api.error';
import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';

/** Documented list limits (reference §2.1). */
export const LIST_LIMITS = { maxFields: 50, maxPerPage: 200, discretePageLimit: 2_000, tokenPageLimit: 100_000, maxIds: 100 } as const;

export const SORT_FIELDS = ['id', 'Created_Time', 'Modified_Time'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface ListQuery {
  fields: FieldDefinition[] | null;
  perPage: number;
  /** 1-based page when paging by `page`; `null` when a page token is used. */
  page: number | null;
  pageToken: string | null;
  sortBy: SortField;
  sortOrder: 'asc' | 'desc';
  ids: string[] | null;
  modifiedSince: number | null;
  /** The parameters a page token is bound to. */
  boundTo: string;
}

/** `If-Modified-Since: 2019-07-25T15:26:49+05:30` (reference §2.1); also used by deleted records. */
export function modifiedSinceHeader(request: CrmRequest): number | null {
  const header = request.exchange.header('if-modified-since');
  if (header === undefined) {
    return null;
  }
  const epoch = parseZohoDateTime(header.trim());
  if (epoch === null) {
    throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { param_name: 'If-Modified-Since' });
  }
  return epoch;
}

/** `fields=A,B`: at most 50, each a field of the module. */
export function parseFieldsParam(raw: string, module: ModuleDefinition): FieldDefinition[] {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0) {
    throw ZohoErrors.requiredParamMissing('fields');
  }
  if (names.length > LIST_LIMITS.maxFields) {
    throw ZohoErrors.limitExceeded('fields', LIST_LIMITS.maxFields);
  }
  const fields: FieldDefinition[] = [];
  for (const name of names) {
    if (name === 'id') {
      continue;
    }
    const field = module.fields.find((candidate) => candidate.apiName === name);
    if (!field) {
      throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { param_name: 'fields', api_name: name });
    }
    if (!fields.includes(field)) {
      fields.push(field);
    }
  }
  return fields;
}

/** Parses and validates every list parameter with Zoho's errors. */
export function parseListQuery(request: CrmRequest, module: ModuleDefinition): ListQuery {
  const query = request.exchange.query;
  const rawFields = query.get('fields');
  if (rawFields === null && request.profile.listFieldsRequired) {
    throw ZohoErrors.requiredParamMissing('fields');
  }
  const fields = rawFields === null ? null : parseFieldsParam(rawFields, module);
  if (query.has('cvid')) {
    // Custom views are not emulated: no cvid exists in a sandbox org.
    throw ZohoErrors.invalidParam('cvid');
  }
  if (query.has('page') && query.has('page_token')) {
    throw ZohoErrors.ambiguity(['page', 'page_token']);
  }
  const pageToken = query.get('page_token');
  if (pageToken !== null && (pageToken.length === 0 || pageToken.length > 96)) {
    throw ZohoErrors.invalidParam('page_token');
  }
  const perPage = integerParam(query, 'per_page', { defaultValue: LIST_LIMITS.maxPerPage, min: 1, max: LIST_LIMITS.maxPerPage });
  const page = pageToken === null ? integerParam(query, 'page', { defaultValue: 1, min: 1 }) : null;
  const sortBy = enumParam(query, 'sort_by', SORT_FIELDS, 'id');
  const sortOrder = enumParam(query, 'sort_order', ['asc', 'desc'] as const, 'desc');
  enumParam(query, 'converted', ['true', 'false', 'both'] as const, 'false');
  enumParam(query, 'approved', ['true', 'false', 'both'] as const, 'true');
  const rawIds = query.get('ids');
  let ids: string[] | null = null;
  if (rawIds !== null) {
    ids = rawIds.split(',').map((id) => id.trim());
    // With X-EXTERNAL the ids are external values, not record ids.
    const externalIds = request.exchange.header('x-external') !== undefined;
    if (!externalIds && ids.some((id) => !/^\d+$/.test(id))) {
      throw ZohoErrors.invalidParam('ids');
    }
    if (ids.length > LIST_LIMITS.maxIds) {
      throw ZohoErrors.limitExceeded('ids', LIST_LIMITS.maxIds);
    }
  }
  const modifiedSince = modifiedSinceHeader(request);
  const boundTo = JSON.stringify([
    module.apiName,
    rawFields,
    perPage,
    sortBy,
    sortOrder,
    modifiedSince,
    rawIds,
    query.get('converted'),
    query.get('approved'),
  ]);
  return { fields, perPage, page, pageToken, sortBy, sortOrder, ids, modifiedSince, boundTo };
}
