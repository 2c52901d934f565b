import {
  isZohoErrorBody,
  ZohoArgumentError,
  type ZohoError,
  zohoErrorFromBody,
  ZohoPaginationError,
  ZohoResponseError,
} from '../errors/zoho-errors';
import type { ZohoHttpClient, ZohoResponse } from '../http/zoho-http-client';
import { isHeavyWrite, writeCredits, ZOHO_CREDITS } from '../limits/zoho-credit-costs';
import { formatZohoDateTime } from '../time/zoho-time';

/** A record as Zoho returns it: `id` plus field values by API name, in Zoho's JSON shapes. */
export type ZohoRecord = { id: string } & Record<string, unknown>;

/** Zoho's list limits (§2.1). */
export const ZOHO_LIST_LIMITS = { maxFields: 50, maxPerPage: 200, discretePageLimit: 2_000, tokenPageLimit: 100_000, maxIds: 100 } as const;
/** At most 100 records per insert, update, upsert or delete call (§2.1). */
export const ZOHO_MAX_WRITE_BATCH = 100;
/** Search reaches only the first 2,000 results (§2.1). */
export const ZOHO_SEARCH_LIMIT = 2_000;

export interface ZohoListOptions {
  /** API names to read; chunked into calls of 50 (Zoho's limit) and merged by id. */
  fields: readonly string[];
  sortBy?: 'id' | 'Created_Time' | 'Modified_Time';
  sortOrder?: 'asc' | 'desc';
  /** Only records modified after this instant (`If-Modified-Since`), epoch ms. */
  modifiedSince?: number;
  perPage?: number;
  /** A custom view; costs 3 credits per page and is a heavy call (§8). */
  cvid?: string;
  /**
   * Leads only: Zoho lists unconverted leads by default, so converted ones silently drop out of a
   * sync unless `both` (or `true`) is asked for.
   */
  converted?: 'true' | 'false' | 'both';
  /** Records awaiting approval are left out by default. */
  approved?: 'true' | 'false' | 'both';
  /**
   * Only these records (`ids=`, at most 100): one call reads a whole batch for 1 credit, where a
   * get per record costs 1 credit each. Ids Zoho does not have are simply not in the answer.
   */
  ids?: readonly string[];
  signal?: AbortSignal;
}

export interface ZohoListPage {
  records: ZohoRecord[];
  /** 1-based page number, counting pages fetched by token too. */
  page: number;
  moreRecords: boolean;
}

interface ListBody {
  data?: ZohoRecord[];
  info?: { more_records?: boolean; next_page_token?: string | null };
}

export type ZohoTrigger = 'workflow' | 'approval' | 'blueprint';

export interface ZohoWriteOptions {
  /**
   * Automation to run on this write. `[]` suppresses workflows, approvals and blueprints — how
   * the sync keeps its own writes from firing the org's rules (Zoho's `trigger` key, §2.1).
   * Omitted: Zoho runs them all.
   */
  triggers?: readonly ZohoTrigger[];
  /** Batches sent at once (each is one call of ≤ 100 records); the limiter still bounds concurrency. */
  parallelBatches?: number;
  signal?: AbortSignal;
}

export interface ZohoUpsertOptions extends ZohoWriteOptions {
  /** Fields Zoho matches existing records on, in order (`duplicate_check_fields`). */
  duplicateCheckFields?: readonly string[];
  /** Match on an external-id field instead (`X-EXTERNAL: {Module}.{Field}`). */
  externalIdField?: string;
}

export type ZohoWriteOutcome =
  | {
      status: 'success';
      /** Position of the record in the caller's input. */
      index: number;
      id: string;
      /** Upsert only: whether Zoho inserted or updated, and on which field it matched. */
      action: 'insert' | 'update' | null;
      duplicateField: string | null;
      details: Record<string, unknown>;
    }
  | { status: 'error'; index: number; error: ZohoError };

export interface ZohoDeletedRecord {
  id: string;
  displayName: string | null;
  type: 'recycle' | 'permanent';
  deletedTime: string;
  deletedBy: { id: string; name: string } | null;
}

export type ZohoSearchOperator =
  'equals' | 'not_equal' | 'starts_with' | 'in' | 'greater_than' | 'greater_equal' | 'less_than' | 'less_equal' | 'between';

export interface ZohoSearchCriterion {
  field: string;
  operator: ZohoSearchOperator;
  value: string | number | boolean | readonly (string | number)[];
}

export type ZohoSearchQuery = { criteria: readonly ZohoSearchCriterion[] } | { email: string } | { phone: string } | { word: string };

/**
 * Records API (§2): list as an async iterator that walks `page` to 2,000 records and continues
 * with `page_token` to Zoho's 100,000, field lists chunked to 50; get; insert / update / upsert /
 * delete in batches of ≤ 100 with a per-record outcome; deleted records; search; record count.
 */
export class ZohoRecordsClient {
  constructor(
    private readonly http: ZohoHttpClient,
    private readonly options: { apiVersion: string; timeZoneFor: (orgRef: string) => string },
  ) {}

  /**
   * Every record, page by page.
   *
   * @example
   * for await (const deal of zoho.records.list(orgRef, 'Deals', { fields: ['Deal_Name', 'Stage'], modifiedSince })) …
   */
  async *list(orgRef: string, module: string, options: ZohoListOptions): AsyncGenerator<ZohoRecord> {
    for await (const page of this.listPages(orgRef, module, options)) {
      yield* page.records;
    }
  }

  async *listPages(orgRef: string, module: string, options: ZohoListOptions): AsyncGenerator<ZohoListPage> {
    const perPage = options.perPage ?? ZOHO_LIST_LIMITS.maxPerPage;
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > ZOHO_LIST_LIMITS.maxPerPage) {
      throw argumentError('perPage', `must be an integer from 1 to ${ZOHO_LIST_LIMITS.maxPerPage}`);
    }
    if (options.ids !== undefined) {
      if (options.ids.length === 0 || options.ids.length > ZOHO_LIST_LIMITS.maxIds) {
        throw argumentError('ids', `list 1 to ${ZOHO_LIST_LIMITS.maxIds} record ids`);
      }
      options.ids.forEach((id, index) => {
        if (!/^\d+$/.test(id)) {
          throw argumentError(`ids[${index}]`, 'must be a Zoho record id (digits)');
        }
      });
    }
    const chunks = chunkFields(options.fields);
    const [driving, ...extra] = chunks as [string[], ...string[][]];
    const headers = this.modifiedSinceHeader(orgRef, options.modifiedSince);
    let page = 1;
    let pageToken: string | null = null;
    for (;;) {
      if ((page - 1) * perPage >= ZOHO_LIST_LIMITS.tokenPageLimit) {
        // Zoho answers PAGINATION_LIMIT_EXCEEDED past 100,000; say so before spending the call.
        throw new ZohoPaginationError({
          code: 'PAGINATION_LIMIT_EXCEEDED',
          httpStatus: null,
          field: 'page_token',
          message: `a list reaches only the first ${ZOHO_LIST_LIMITS.tokenPageLimit} records; narrow it (e.g. by modifiedSince) or use bulk read`,
          details: { limit: ZOHO_LIST_LIMITS.tokenPageLimit },
        });
      }
      // `page` reaches only the first 2,000 records; past that Zoho wants the token it handed out (§2.1).
      const byToken = (page - 1) * perPage >= ZOHO_LIST_LIMITS.discretePageLimit;
      if (byToken && pageToken === null) {
        throw new ZohoResponseError({
          code: 'UNEXPECTED_RESPONSE',
          httpStatus: null,
          field: 'next_page_token',
          message: `Zoho said more records follow page ${page - 1} but gave no next_page_token`,
        });
      }
      const response: ZohoResponse<ListBody> = await this.http.call<ListBody>({
        orgRef,
        operation: 'records.list',
        method: 'GET',
        path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}`,
        query: {
          fields: driving.join(','),
          per_page: perPage,
          sort_by: options.sortBy,
          sort_order: options.sortOrder,
          cvid: options.cvid,
          converted: options.converted,
          approved: options.approved,
          ids: options.ids?.join(','),
          ...(byToken ? { page_token: pageToken } : { page }),
        },
        headers,
        credits: options.cvid === undefined ? ZOHO_CREDITS.default : ZOHO_CREDITS.listWithCustomView,
        heavy: options.cvid !== undefined,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      // 204: nothing (more); 304: nothing modified since If-Modified-Since.
      if (response.status === 204 || response.status === 304 || response.body === null) {
        return;
      }
      const records = response.body.data ?? [];
      for (const fields of extra) {
        await this.mergeFields(orgRef, module, records, fields, options.signal);
      }
      const moreRecords = response.body.info?.more_records === true;
      yield { records, page, moreRecords };
      if (!moreRecords || records.length === 0) {
        return;
      }
      pageToken = response.body.info?.next_page_token ?? null;
      page += 1;
    }
  }

  /** One record by id, or null when Zoho has none (204). */
  async get(orgRef: string, module: string, id: string, options: { signal?: AbortSignal } = {}): Promise<ZohoRecord | null> {
    if (!/^\d+$/.test(id)) {
      throw argumentError('id', 'must be a Zoho record id (digits)');
    }
    const response = await this.http.call<{ data?: ZohoRecord[] }>({
      orgRef,
      operation: 'records.get',
      method: 'GET',
      path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}/${id}`,
      credits: ZOHO_CREDITS.default,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return response.body?.data?.[0] ?? null;
  }

  async insert(
    orgRef: string,
    module: string,
    records: readonly Record<string, unknown>[],
    options: ZohoWriteOptions = {},
  ): Promise<ZohoWriteOutcome[]> {
    return this.writeInBatches(orgRef, module, records, options, 'insert', (batch) => ({
      method: 'POST',
      path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}`,
      json: withTriggers({ data: batch }, options.triggers),
    }));
  }

  /** Updates by `id` (each record must carry one). */
  async update(
    orgRef: string,
    module: string,
    records: readonly Record<string, unknown>[],
    options: ZohoWriteOptions = {},
  ): Promise<ZohoWriteOutcome[]> {
    records.forEach((record, index) => {
      if (typeof record['id'] !== 'string' || !/^\d+$/.test(record['id'])) {
        throw argumentError(`records[${index}].id`, 'an update needs the record id');
      }
    });
    return this.writeInBatches(orgRef, module, records, options, 'update', (batch) => ({
      method: 'PUT',
      path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}`,
      json: withTriggers({ data: batch }, options.triggers),
      // Zoho answers an update of the same values with the same result: safe to repeat.
      idempotent: true,
    }));
  }

  async upsert(
    orgRef: string,
    module: string,
    records: readonly Record<string, unknown>[],
    options: ZohoUpsertOptions = {},
  ): Promise<ZohoWriteOutcome[]> {
    if (options.duplicateCheckFields !== undefined && options.externalIdField !== undefined) {
      throw argumentError('externalIdField', 'use either duplicateCheckFields or externalIdField');
    }
    const headers = options.externalIdField === undefined ? undefined : { 'X-EXTERNAL': `${module}.${options.externalIdField}` };
    return this.writeInBatches(orgRef, module, records, options, 'upsert', (batch) => ({
      method: 'POST',
      path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}/upsert`,
      json: withTriggers(
        { data: batch, ...(options.duplicateCheckFields ? { duplicate_check_fields: options.duplicateCheckFields } : {}) },
        options.triggers,
      ),
      // Matching on duplicate-check fields makes a repeated upsert update what the first inserted.
      idempotent: true,
      ...(headers ? { headers } : {}),
    }));
  }

  /** Deletes by id in batches of 100; `triggers: []` stops workflows (`wf_trigger=false`). */
  async delete(orgRef: string, module: string, ids: readonly string[], options: ZohoWriteOptions = {}): Promise<ZohoWriteOutcome[]> {
    ids.forEach((id, index) => {
      if (!/^\d+$/.test(id)) {
        throw argumentError(`ids[${index}]`, 'must be a Zoho record id (digits)');
      }
    });
    const outcomes: ZohoWriteOutcome[] = [];
    for (let start = 0; start < ids.length; start += ZOHO_MAX_WRITE_BATCH) {
      const batch = ids.slice(start, start + ZOHO_MAX_WRITE_BATCH);
      const response = await this.http.call<{ data?: unknown[] }>({
        orgRef,
        operation: 'records.delete',
        method: 'DELETE',
        path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}`,
        query: { ids: batch.join(','), wf_trigger: options.triggers === undefined ? undefined : options.triggers.includes('workflow') },
        credits: ZOHO_CREDITS.default,
        batchEnvelope: true,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      outcomes.push(...batchOutcomes(response.status, response.body?.data, batch.length, start));
    }
    return outcomes;
  }

  /** Deleted records (recycle bin 60 days, permanent 120 days), newest first, 2 credits per page. */
  async *deleted(
    orgRef: string,
    module: string,
    options: { type?: 'all' | 'recycle' | 'permanent'; modifiedSince?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<ZohoDeletedRecord> {
    const headers = this.modifiedSinceHeader(orgRef, options.modifiedSince);
    for (let page = 1; ; page += 1) {
      const response = await this.http.call<{ data?: Record<string, unknown>[]; info?: { more_records?: boolean } }>({
        orgRef,
        operation: 'records.deleted',
        method: 'GET',
        path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}/deleted`,
        query: { type: options.type ?? 'all', page, per_page: ZOHO_LIST_LIMITS.maxPerPage },
        headers,
        credits: ZOHO_CREDITS.deletedRecords,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (response.body === null) {
        return;
      }
      for (const item of response.body.data ?? []) {
        yield toDeletedRecord(item);
      }
      if (response.body.info?.more_records !== true) {
        return;
      }
    }
  }

  /**
   * Search (criteria > email > phone > word); Zoho returns at most 2,000 matches and its index
   * lags writes, so use COQL to read what was just written (§2.1).
   */
  async *search(
    orgRef: string,
    module: string,
    query: ZohoSearchQuery,
    options: Pick<ZohoListOptions, 'converted' | 'approved' | 'signal'> = {},
  ): AsyncGenerator<ZohoRecord> {
    const params = searchParams(query);
    for (let page = 1; (page - 1) * ZOHO_LIST_LIMITS.maxPerPage < ZOHO_SEARCH_LIMIT; page += 1) {
      const response = await this.http.call<{ data?: ZohoRecord[]; info?: { more_records?: boolean } }>({
        orgRef,
        operation: 'records.search',
        method: 'GET',
        path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}/search`,
        query: { ...params, page, per_page: ZOHO_LIST_LIMITS.maxPerPage, converted: options.converted, approved: options.approved },
        credits: ZOHO_CREDITS.default,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (response.body === null) {
        return;
      }
      yield* response.body.data ?? [];
      if (response.body.info?.more_records !== true) {
        return;
      }
    }
  }

  /**
   * How many records of the module match `query` (read as search reads it), or all of them without
   * one: Zoho's Record Count API, one call for 1 credit whatever the number — where counting by
   * COQL `limit 1 offset n` probes costs about 2·log₂(n) calls and stops at COQL's 100,000 reach.
   * Zoho's OpenAPI file types `count` as a string; a string or a number is accepted, anything but
   * a non-negative whole number is a `ZohoResponseError` naming `count`.
   *
   * @example
   * const deals = await zoho.records.count(orgRef, 'Deals', { criteria: [{ field: 'Modified_Time', operator: 'greater_equal', value }] });
   */
  async count(orgRef: string, module: string, query?: ZohoSearchQuery, options: { signal?: AbortSignal } = {}): Promise<number> {
    const response = await this.http.call<{ count?: unknown }>({
      orgRef,
      operation: 'records.count',
      method: 'GET',
      path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}/actions/count`,
      ...(query === undefined ? {} : { query: searchParams(query) }),
      credits: ZOHO_CREDITS.default,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return recordCount(response.status, response.body);
  }

  private modifiedSinceHeader(orgRef: string, modifiedSince: number | undefined): Record<string, string> | undefined {
    if (modifiedSince === undefined) {
      return undefined;
    }
    if (!Number.isFinite(modifiedSince)) {
      throw argumentError('modifiedSince', 'must be epoch milliseconds');
    }
    // Zoho's example is local time with an offset (§2.1); the org's zone keeps logs readable.
    return { 'If-Modified-Since': formatZohoDateTime(modifiedSince, this.options.timeZoneFor(orgRef)) };
  }

  /** Fetches more columns for a page's records by `ids` (≤ 100 per call) and merges them in. */
  private async mergeFields(orgRef: string, module: string, records: ZohoRecord[], fields: string[], signal?: AbortSignal): Promise<void> {
    const byId = new Map(records.map((record) => [record.id, record]));
    for (let start = 0; start < records.length; start += ZOHO_LIST_LIMITS.maxIds) {
      const ids = records.slice(start, start + ZOHO_LIST_LIMITS.maxIds).map((record) => record.id);
      const response = await this.http.call<{ data?: ZohoRecord[] }>({
        orgRef,
        operation: 'records.list',
        method: 'GET',
        path: `/crm/${this.options.apiVersion}/${encodeURIComponent(module)}`,
        query: { fields: fields.join(','), ids: ids.join(','), per_page: ZOHO_LIST_LIMITS.maxPerPage },
        credits: ZOHO_CREDITS.default,
        ...(signal ? { signal } : {}),
      });
      for (const extra of response.body?.data ?? []) {
        const target = byId.get(extra.id);
        if (target) {
          Object.assign(target, extra);
        }
      }
    }
  }

  private async writeInBatches(
    orgRef: string,
    module: string,
    records: readonly Record<string, unknown>[],
    options: ZohoWriteOptions,
    kind: 'insert' | 'update' | 'upsert',
    request: (batch: readonly Record<string, unknown>[]) => {
      method: 'POST' | 'PUT';
      path: string;
      json: unknown;
      idempotent?: boolean;
      headers?: Record<string, string>;
    },
  ): Promise<ZohoWriteOutcome[]> {
    if (module.length === 0) {
      throw argumentError('module', 'is required');
    }
    const parallel = options.parallelBatches ?? 4;
    if (!Number.isInteger(parallel) || parallel < 1) {
      throw argumentError('parallelBatches', 'must be a positive integer');
    }
    const starts: number[] = [];
    for (let start = 0; start < records.length; start += ZOHO_MAX_WRITE_BATCH) {
      starts.push(start);
    }
    const results: ZohoWriteOutcome[][] = new Array<ZohoWriteOutcome[]>(starts.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < starts.length) {
        const slot = next++;
        const start = starts[slot] as number;
        const batch = records.slice(start, start + ZOHO_MAX_WRITE_BATCH);
        const response = await this.http.call<{ data?: unknown[] }>({
          orgRef,
          operation: `records.${kind}`,
          credits: writeCredits(batch.length),
          heavy: isHeavyWrite(batch.length),
          batchEnvelope: true,
          ...request(batch),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        results[slot] = batchOutcomes(response.status, response.body?.data, batch.length, start);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, starts.length) }, worker));
    return results.flat();
  }
}

/** Splits field names into Zoho's 50-per-call chunks, without duplicates; `id` always comes back anyway. */
export function chunkFields(fields: readonly string[]): string[][] {
  const unique = [...new Set(fields.filter((field) => field !== 'id'))];
  if (unique.length === 0) {
    throw argumentError('fields', 'list at least one field (Zoho requires fields when listing)');
  }
  unique.forEach((field, index) => {
    if (!/^[A-Za-z0-9_$.]+$/.test(field)) {
      throw argumentError(`fields[${index}]`, `"${field}" is not an API name`);
    }
  });
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += ZOHO_LIST_LIMITS.maxFields) {
    chunks.push(unique.slice(start, start + ZOHO_LIST_LIMITS.maxFields));
  }
  return chunks;
}

/** The one query parameter a search or count is asked with, in Zoho's precedence: criteria > email > phone > word. */
function searchParams(query: ZohoSearchQuery): Record<string, string> {
  return 'criteria' in query
    ? { criteria: searchCriteria(query.criteria) }
    : 'email' in query
      ? { email: query.email }
      : 'phone' in query
        ? { phone: query.phone }
        : { word: query.word };
}

/** The number in a Record Count answer `{"count": "<n>"}`: a non-negative whole number, as a string or a number. */
function recordCount(httpStatus: number, body: { count?: unknown } | null): number {
  if (httpStatus === 204) {
    // Zoho answers an empty list or search with 204 and no body; its count documents only 200, so
    // an empty answer is taken to mean what it means elsewhere: no records.
    return 0;
  }
  const value = body?.count;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new ZohoResponseError({
      code: 'UNEXPECTED_RESPONSE',
      httpStatus,
      field: 'count',
      message: `a record count must be a non-negative whole number, got ${JSON.stringify(value) ?? 'nothing'}`,
    });
  }
  return Number(text);
}

/**
 * Search criteria `((Field:op:value)and(…))`. Zoho wants `(`, `)` and `,` in values escaped with
 * `\` (§2.1); backslashes are escaped first so a value cannot end the criterion early.
 */
export function searchCriteria(criteria: readonly ZohoSearchCriterion[]): string {
  if (criteria.length === 0) {
    throw argumentError('criteria', 'at least one criterion is required');
  }
  if (criteria.length > 10) {
    throw argumentError('criteria', 'Zoho accepts at most 10 criteria');
  }
  const parts = criteria.map((criterion, index) => {
    if (!/^[A-Za-z0-9_]+$/.test(criterion.field)) {
      throw argumentError(`criteria[${index}].field`, 'must be an API name');
    }
    const values = Array.isArray(criterion.value)
      ? (criterion.value as readonly (string | number)[])
      : [criterion.value as string | number | boolean];
    if (values.length === 0) {
      throw argumentError(`criteria[${index}].value`, 'needs at least one value');
    }
    return `(${criterion.field}:${criterion.operator}:${values.map((value) => escapeSearchValue(String(value))).join(',')})`;
  });
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join('and')})`;
}

export function escapeSearchValue(value: string): string {
  return value.replace(/[\\(),]/g, (character) => `\\${character}`);
}

/**
 * Per-record outcomes of a batch response, in input order (Zoho keeps it, §2.1). A single error
 * element for a multi-record batch is a request-level error (INVALID_MODULE on POST) and is thrown.
 */
export function batchOutcomes(httpStatus: number, data: unknown[] | undefined, expected: number, offset: number): ZohoWriteOutcome[] {
  if (!Array.isArray(data)) {
    throw new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus, field: 'data', message: 'batch response has no data array' });
  }
  if (data.length !== expected) {
    if (data.length === 1 && isZohoErrorBody(data[0])) {
      throw zohoErrorFromBody(data[0], httpStatus);
    }
    throw new ZohoResponseError({
      code: 'UNEXPECTED_RESPONSE',
      httpStatus,
      field: 'data',
      message: `batch of ${expected} records answered with ${data.length} results`,
    });
  }
  return data.map((element, position): ZohoWriteOutcome => {
    const index = offset + position;
    if (!isZohoErrorBody(element)) {
      return {
        status: 'error',
        index,
        error: new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus, message: 'result without code' }),
      };
    }
    const body = element as {
      code: string;
      status?: string;
      details?: Record<string, unknown>;
      action?: unknown;
      duplicate_field?: unknown;
    };
    if (body.status === 'success' && body.code === 'SUCCESS') {
      const details = body.details ?? {};
      return {
        status: 'success',
        index,
        id: String(details['id']),
        action: body.action === 'insert' || body.action === 'update' ? body.action : null,
        duplicateField: typeof body.duplicate_field === 'string' ? body.duplicate_field : null,
        details,
      };
    }
    // 207 / 400 elements carry the record's own status (e.g. 412 ALREADY_MODIFIED inside a 207).
    return { status: 'error', index, error: zohoErrorFromBody(body, httpStatus === 207 ? null : httpStatus) };
  });
}

function withTriggers(body: Record<string, unknown>, triggers: readonly ZohoTrigger[] | undefined): Record<string, unknown> {
  return triggers === undefined ? body : { ...body, trigger: [...triggers] };
}

function toDeletedRecord(item: Record<string, unknown>): ZohoDeletedRecord {
  const deletedBy = item['deleted_by'] as { id?: unknown; name?: unknown } | null | undefined;
  return {
    id: String(item['id']),
    displayName: typeof item['display_name'] === 'string' ? item['display_name'] : null,
    type: item['type'] === 'permanent' ? 'permanent' : 'recycle',
    deletedTime: String(item['deleted_time']),
    deletedBy: deletedBy && typeof deletedBy.id === 'string' ? { id: deletedBy.id, name: String(deletedBy.name) } : null,
  };
}

function argumentError(field: string, message: string): ZohoArgumentError {
  return new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message });
}
