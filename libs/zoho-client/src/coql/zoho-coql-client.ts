import { ZohoArgumentError, ZohoPaginationError } from '../errors/zoho-errors';
import type { ZohoHttpClient } from '../http/zoho-http-client';
import { coqlCredits } from '../limits/zoho-credit-costs';
import type { ZohoRecord } from '../records/zoho-records-client';
import { COQL_LIMITS, renderCoqlSelect, type CoqlCondition, type CoqlSelect } from './coql-query';

export interface CoqlPage {
  records: ZohoRecord[];
  offset: number;
  moreRecords: boolean;
}

/**
 * COQL (§5): `POST /coql` with LIMIT ≤ 2,000 and OFFSET, 1/2/3 credits by LIMIT — so pages of
 * 2,000 cost 1.5 credits per 1,000 rows. Zoho reaches only 100,000 rows by offset; the pager
 * stops there with a {@link ZohoPaginationError} instead of letting Zoho refuse page 51: narrow
 * the criteria (e.g. by Modified_Time ranges) to read more.
 */
export class ZohoCoqlClient {
  constructor(
    private readonly http: ZohoHttpClient,
    private readonly options: { apiVersion: string },
  ) {}

  /** One COQL call with the query text as given (build it with `renderCoqlSelect` or the `coql` tag). */
  async query(
    orgRef: string,
    selectQuery: string,
    limit: number,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ records: ZohoRecord[]; moreRecords: boolean }> {
    const response = await this.http.call<{ data?: ZohoRecord[]; info?: { more_records?: boolean } }>({
      orgRef,
      operation: 'coql.query',
      method: 'POST',
      path: `/crm/${this.options.apiVersion}/coql`,
      json: { select_query: selectQuery },
      credits: coqlCredits(limit),
      heavy: true,
      // A read: repeating it after a 5xx changes nothing.
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.body === null) {
      return { records: [], moreRecords: false };
    }
    return { records: response.body.data ?? [], moreRecords: response.body.info?.more_records === true };
  }

  /** Every row of a query, page by page (LIMIT `pageSize`, default 2,000). */
  async *pages(orgRef: string, select: CoqlSelect, options: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<CoqlPage> {
    const pageSize = checkedPageSize(options.pageSize);
    const base = renderCoqlSelect(select);
    for (let offset = 0; ; offset += pageSize) {
      if (offset >= COQL_LIMITS.maxOffsetReach) {
        throw new ZohoPaginationError({
          code: 'PAGINATION_LIMIT_EXCEEDED',
          httpStatus: null,
          field: 'offset',
          message: `COQL reaches only the first ${COQL_LIMITS.maxOffsetReach} rows by offset; narrow the criteria to read further`,
          details: { limit: COQL_LIMITS.maxOffsetReach },
        });
      }
      const limit = Math.min(pageSize, COQL_LIMITS.maxOffsetReach - offset);
      const page = await this.query(orgRef, `${base} limit ${limit} offset ${offset}`, limit, options);
      yield { records: page.records, offset, moreRecords: page.moreRecords };
      if (!page.moreRecords || page.records.length === 0) {
        return;
      }
    }
  }

  /**
   * Every row, however many: pages ordered by id with `id > last id seen` instead of OFFSET
   * (the "page by criteria" Zoho recommends past 100,000, §5). Costs the same 3 credits per
   * 2,000 rows; the query may not have its own ORDER BY.
   */
  async *pagesById(
    orgRef: string,
    select: CoqlSelect,
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<CoqlPage> {
    if (select.orderBy && select.orderBy.length > 0) {
      throw new ZohoArgumentError({
        code: 'INVALID_ARGUMENT',
        httpStatus: null,
        field: 'orderBy',
        message: 'paging by id orders by id itself',
      });
    }
    const pageSize = checkedPageSize(options.pageSize);
    let lastId: string | null = null;
    for (let offset = 0; ; offset += pageSize) {
      const where: CoqlCondition = lastId === null ? select.where : { and: [select.where, { field: 'id', op: '>', value: lastId }] };
      const text = renderCoqlSelect({ ...select, where, orderBy: [{ field: 'id', direction: 'asc' }] });
      const page = await this.query(orgRef, `${text} limit ${pageSize}`, pageSize, options);
      yield { records: page.records, offset, moreRecords: page.moreRecords };
      const last = page.records[page.records.length - 1];
      if (!page.moreRecords || last === undefined) {
        return;
      }
      lastId = last.id;
    }
  }

  async *select(orgRef: string, select: CoqlSelect, options: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<ZohoRecord> {
    for await (const page of this.pages(orgRef, select, options)) {
      yield* page.records;
    }
  }
}

/** A COQL page size: an integer from 1 to Zoho's LIMIT maximum (2,000), by default the maximum. */
function checkedPageSize(pageSize: number = COQL_LIMITS.maxLimit): number {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > COQL_LIMITS.maxLimit) {
    throw new ZohoArgumentError({
      code: 'INVALID_ARGUMENT',
      httpStatus: null,
      field: 'pageSize',
      message: `must be an integer from 1 to ${COQL_LIMITS.maxLimit}`,
    });
  }
  return pageSize;
}
