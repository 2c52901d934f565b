import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipelineStreams, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { ZohoDataCentreDirectory } from '../data-centre/zoho-data-centres';
import { ZohoArgumentError, ZohoBulkJobError, zohoErrorFromBody, ZohoResponseError, type ZohoError } from '../errors/zoho-errors';
import type { ZohoHttpClient } from '../http/zoho-http-client';
import { abortableSleep } from '../limits/zoho-rate-limiter';
import { ZOHO_CREDITS } from '../limits/zoho-credit-costs';
import type { ZohoMetadataClient } from '../metadata/zoho-metadata-client';
import { ZipCsvEntryStream, zipOneFile } from './zip-file';

/** Bulk read criteria in Zoho's JSON shape (§6), e.g. `{ field: { api_name: 'Modified_Time' }, comparator: 'greater_equal', value: '…' }`. */
export type ZohoBulkCriteria =
  | { group_operator: 'and' | 'or'; group: readonly ZohoBulkCriteria[] }
  | { field: { api_name: string }; comparator: string; value: unknown };

export interface ZohoBulkReadOptions {
  module: string;
  /** Columns; `id` always comes back first. Omitted: every field. */
  fields?: readonly string[];
  criteria?: ZohoBulkCriteria;
  /** Read every page of 200,000 (one job each, 50 credits each); default true. */
  allPages?: boolean;
  /** The longest wait between polls of the job (default 2 s; see {@link jobPollWaits}). */
  pollIntervalMs?: number;
  /** Give up on a job after this long (default 30 min). */
  jobTimeoutMs?: number;
  signal?: AbortSignal;
}

/** One CSV row keyed by column; empty cells are empty strings, as in Zoho's file. */
export type ZohoBulkRow = Record<string, string>;

export type ZohoBulkWriteOperation = 'insert' | 'update' | 'upsert';

export interface ZohoBulkWriteOptions {
  module: string;
  operation: ZohoBulkWriteOperation;
  /** `id` or a unique field; mandatory for update and upsert. */
  findBy?: string;
  /** Skip empty cells instead of clearing fields. */
  ignoreEmpty?: boolean;
  /** The longest wait between polls of the job (default 2 s; see {@link jobPollWaits}). */
  pollIntervalMs?: number;
  jobTimeoutMs?: number;
  signal?: AbortSignal;
}

export type ZohoBulkWriteOutcome =
  | { status: 'success'; index: number; id: string; action: 'added' | 'updated' }
  | { status: 'error'; index: number; error: ZohoError | null; message: string };

const FIRST_JOB_POLL_WAIT_MS = 250;
const DEFAULT_LONGEST_JOB_POLL_WAIT_MS = 2_000;

/**
 * The waits before each status poll of a bulk job: a quarter second first, then doubling up to
 * `longestMs`. A small job is done within a second, and waiting the full interval before the first
 * poll would hold every import up by it; each poll costs a credit, and the doubling adds at most
 * three polls to a job that takes longer.
 */
export function* jobPollWaits(longestMs: number): Generator<number, never> {
  let wait = Math.min(FIRST_JOB_POLL_WAIT_MS, longestMs);
  for (;;) {
    yield wait;
    wait = Math.min(wait * 2, longestMs);
  }
}

/** Zoho's bulk-write file limits (§6). */
export const ZOHO_BULK_WRITE_LIMITS = { maxRecords: 25_000, maxBytes: 25 * 1024 * 1024 } as const;

interface BulkReadDetails {
  id: string;
  state: string;
  result: { count?: number; more_records?: boolean; download_url?: string } | null;
}

/**
 * Bulk Read and Bulk Write (§6) end to end. Reads create a job, poll it, download the zipped CSV
 * to a temporary file and stream its rows — memory stays flat for 200,000-row pages — then
 * delete the file. Writes build the CSV, zip it, upload it to the DC's upload host, create the
 * job, poll it and read the result file back into per-row outcomes.
 */
export class ZohoBulkClient {
  constructor(
    private readonly http: ZohoHttpClient,
    private readonly metadata: ZohoMetadataClient,
    private readonly options: { apiVersion: string; dataCentres: ZohoDataCentreDirectory; tempDirectory?: string },
  ) {}

  /**
   * Every row of a module (or of the criteria), streamed.
   *
   * @example
   * for await (const row of zoho.bulk.read(orgRef, { module: 'Deals', fields: ['Deal_Name', 'Stage'] })) …
   */
  async *read(orgRef: string, options: ZohoBulkReadOptions): AsyncGenerator<ZohoBulkRow> {
    for (let page = 1; ; page += 1) {
      const job = await this.createReadJob(orgRef, options, page);
      const details = await this.waitForReadJob(orgRef, job, options);
      if ((details.result?.count ?? 0) > 0) {
        yield* this.downloadRows(orgRef, details, options.signal);
      }
      if (options.allPages === false || details.result?.more_records !== true) {
        return;
      }
    }
  }

  /** Creates one bulk-read job for a page and returns its id (50 credits). */
  async createReadJob(orgRef: string, options: ZohoBulkReadOptions, page = 1): Promise<string> {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(options.module)) {
      throw argumentError('module', 'must be a module API name');
    }
    const query: Record<string, unknown> = { module: { api_name: options.module }, page };
    if (options.fields) {
      query['fields'] = options.fields.filter((field) => field !== 'id');
    }
    if (options.criteria) {
      query['criteria'] = options.criteria;
    }
    const response = await this.http.call<{ data?: { status?: string; code?: string; details?: { id?: string } }[] }>({
      orgRef,
      operation: 'bulk.read.create',
      method: 'POST',
      path: `/crm/bulk/${this.options.apiVersion}/read`,
      json: { query, file_type: 'csv' },
      credits: ZOHO_CREDITS.bulkReadJob,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const id = response.body?.data?.[0]?.details?.id;
    if (typeof id !== 'string') {
      throw unexpected(response.status, 'bulk read job created without an id');
    }
    return id;
  }

  private async waitForReadJob(orgRef: string, jobId: string, options: ZohoBulkReadOptions): Promise<BulkReadDetails> {
    const deadline = Date.now() + (options.jobTimeoutMs ?? 30 * 60_000);
    const signal = options.signal ?? new AbortController().signal;
    const waits = jobPollWaits(options.pollIntervalMs ?? DEFAULT_LONGEST_JOB_POLL_WAIT_MS);
    for (;;) {
      // A job is never done the moment it is created, and every poll costs a credit: wait first.
      await abortableSleep(waits.next().value, signal);
      const response = await this.http.call<{ data?: BulkReadDetails[] }>({
        orgRef,
        operation: 'bulk.read.status',
        method: 'GET',
        path: `/crm/bulk/${this.options.apiVersion}/read/${jobId}`,
        credits: ZOHO_CREDITS.default,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const details = response.body?.data?.[0];
      if (!details) {
        throw unexpected(response.status, 'bulk read status without data');
      }
      if (details.state === 'COMPLETED') {
        return details;
      }
      // Zoho does not document its failure state's name; anything not on the happy path ends the wait.
      if (!['ADDED', 'QUEUED', 'IN PROGRESS'].includes(details.state)) {
        throw new ZohoBulkJobError({
          code: 'BULK_JOB_FAILED',
          httpStatus: null,
          field: 'state',
          message: `bulk read job ${jobId} ended ${details.state}`,
          details: { jobId },
        });
      }
      if (Date.now() > deadline) {
        throw new ZohoBulkJobError({
          code: 'BULK_JOB_FAILED',
          httpStatus: null,
          field: 'state',
          message: `bulk read job ${jobId} still ${details.state} at its time-out`,
          details: { jobId },
        });
      }
    }
  }

  private async *downloadRows(orgRef: string, details: BulkReadDetails, signal: AbortSignal | undefined): AsyncGenerator<ZohoBulkRow> {
    const directory = await mkdtemp(join(this.options.tempDirectory ?? tmpdir(), 'zoho-bulk-'));
    try {
      const file = join(directory, `${details.id}.zip`);
      const download = await this.http.stream({
        orgRef,
        operation: 'bulk.read.download',
        method: 'GET',
        path: `/crm/bulk/${this.options.apiVersion}/read/${details.id}/result`,
        credits: ZOHO_CREDITS.default,
        // A 200,000-row file takes a while; the default call deadline is for ordinary calls.
        deadlineMs: 10 * 60_000,
        ...(signal ? { signal } : {}),
      });
      await pipeline(download.body, createWriteStream(file));
      yield* readCsvFromZip(openBulkFile(file));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  /**
   * Writes records through a bulk-write job per 25,000 rows (500 credits each), returning one
   * outcome per input row in order.
   */
  async write(
    orgRef: string,
    records: readonly Record<string, string | number | boolean | null>[],
    options: ZohoBulkWriteOptions,
  ): Promise<ZohoBulkWriteOutcome[]> {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(options.module)) {
      throw argumentError('module', 'must be a module API name');
    }
    if (options.operation !== 'insert' && options.findBy === undefined) {
      throw argumentError('findBy', `is mandatory for ${options.operation}`);
    }
    const outcomes: ZohoBulkWriteOutcome[] = [];
    for (let start = 0; start < records.length; start += ZOHO_BULK_WRITE_LIMITS.maxRecords) {
      const chunk = records.slice(start, start + ZOHO_BULK_WRITE_LIMITS.maxRecords);
      const { columns, archive } = buildBulkWriteFile(chunk, `${options.module}.csv`);
      const fileId = await this.upload(orgRef, archive, options.signal);
      const jobId = await this.createWriteJob(orgRef, fileId, columns, options);
      await this.waitForWriteJob(orgRef, jobId, options);
      const results = await this.writeResults(orgRef, jobId, options.signal);
      chunk.forEach((_, position) => {
        const row = results[position];
        const index = start + position;
        if (!row) {
          outcomes.push({ status: 'error', index, error: null, message: 'no result row for this record' });
        } else if ((row['STATUS'] === 'ADDED' || row['STATUS'] === 'UPDATED') && row['ID']) {
          outcomes.push({ status: 'success', index, id: row['ID'], action: row['STATUS'] === 'ADDED' ? 'added' : 'updated' });
        } else {
          const message = row['ERRORS'] ?? row['STATUS'] ?? 'skipped';
          const code = /^[A-Z_]+/.exec(message)?.[0];
          outcomes.push({ status: 'error', index, error: code ? zohoErrorFromBody({ code, message }, null) : null, message });
        }
      });
    }
    return outcomes;
  }

  private async upload(orgRef: string, archive: Buffer, signal: AbortSignal | undefined): Promise<string> {
    const org = await this.metadata.org(orgRef);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(archive)], { type: 'application/zip' }), 'records.zip');
    const response = await this.http.call<{ status?: string; details?: { file_id?: string } }>({
      orgRef,
      operation: 'bulk.write.upload',
      method: 'POST',
      // Uploads go to the DC's content host, not the API domain (§6); it follows the token's api_domain.
      path: (apiDomain) => `${this.options.dataCentres.uploadBaseFor(apiDomain)}/crm/${this.options.apiVersion}/upload`,
      form,
      headers: { feature: 'bulk-write', 'X-CRM-ORG': org.zgid },
      credits: ZOHO_CREDITS.default,
      ...(signal ? { signal } : {}),
    });
    const fileId = response.body?.details?.file_id;
    if (typeof fileId !== 'string') {
      throw unexpected(response.status, 'upload answered without a file_id');
    }
    return fileId;
  }

  private async createWriteJob(orgRef: string, fileId: string, columns: string[], options: ZohoBulkWriteOptions): Promise<string> {
    const resource: Record<string, unknown> = {
      type: 'data',
      module: { api_name: options.module },
      file_id: fileId,
      field_mappings: columns.map((apiName, index) => ({ api_name: apiName, index })),
    };
    if (options.findBy !== undefined) {
      resource['find_by'] = options.findBy;
    }
    const response = await this.http.call<{ details?: { id?: string } }>({
      orgRef,
      operation: 'bulk.write.create',
      method: 'POST',
      path: `/crm/bulk/${this.options.apiVersion}/write`,
      json: { operation: options.operation, ignore_empty: options.ignoreEmpty ?? false, resource: [resource] },
      credits: ZOHO_CREDITS.bulkWriteJob,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const id = response.body?.details?.id;
    if (typeof id !== 'string') {
      throw unexpected(response.status, 'bulk write job created without an id');
    }
    return id;
  }

  private async waitForWriteJob(orgRef: string, jobId: string, options: ZohoBulkWriteOptions): Promise<void> {
    const deadline = Date.now() + (options.jobTimeoutMs ?? 30 * 60_000);
    const signal = options.signal ?? new AbortController().signal;
    const waits = jobPollWaits(options.pollIntervalMs ?? DEFAULT_LONGEST_JOB_POLL_WAIT_MS);
    for (;;) {
      await abortableSleep(waits.next().value, signal);
      const response = await this.http.call<{ status?: string; resource?: { status?: string }[] }>({
        orgRef,
        operation: 'bulk.write.status',
        method: 'GET',
        path: `/crm/bulk/${this.options.apiVersion}/write/${jobId}`,
        credits: ZOHO_CREDITS.default,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const status = response.body?.status;
      const failed = response.body?.resource?.find((resource) => resource.status === 'FAILED');
      if (failed) {
        throw new ZohoBulkJobError({
          code: 'BULK_JOB_FAILED',
          httpStatus: null,
          field: 'resource.status',
          message: `bulk write job ${jobId} failed`,
          details: { jobId },
        });
      }
      if (status === 'COMPLETED') {
        return;
      }
      if (Date.now() > deadline) {
        throw new ZohoBulkJobError({
          code: 'BULK_JOB_FAILED',
          httpStatus: null,
          field: 'status',
          message: `bulk write job ${jobId} still ${String(status)} at its time-out`,
          details: { jobId },
        });
      }
    }
  }

  private async writeResults(orgRef: string, jobId: string, signal: AbortSignal | undefined): Promise<ZohoBulkRow[]> {
    const directory = await mkdtemp(join(this.options.tempDirectory ?? tmpdir(), 'zoho-bulk-'));
    try {
      const file = join(directory, `${jobId}.zip`);
      const download = await this.http.stream({
        orgRef,
        operation: 'bulk.write.result',
        method: 'GET',
        path: `/crm/bulk/${this.options.apiVersion}/write/${jobId}/result`,
        credits: ZOHO_CREDITS.default,
        ...(signal ? { signal } : {}),
      });
      await pipeline(download.body, createWriteStream(file));
      // ≤ 25,000 rows: small enough to hold.
      const rows: ZohoBulkRow[] = [];
      for await (const row of readCsvFromZip(openBulkFile(file))) {
        rows.push(row);
      }
      return rows;
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }
}

/**
 * The downloaded file, read in small chunks: a deflated CSV expands many times over, and each
 * chunk's expansion is held at once (fflate inflates a whole chunk per call).
 */
function openBulkFile(file: string): Readable {
  return createReadStream(file, { highWaterMark: 16 * 1024 });
}

/**
 * Streams the rows of the first CSV in a zip (Zoho's bulk-file shape, §6), keyed by the header
 * row. Rows flow through as they are inflated and parsed (csv-parse's stream), so memory does not
 * grow with the file. A damaged archive or CSV fails with `UNEXPECTED_RESPONSE` naming `zip` or `csv`.
 */
export async function* readCsvFromZip(zip: Readable): AsyncGenerator<ZohoBulkRow> {
  // The callback pipeline hands back its last stream; a failure anywhere destroys every stage with
  // that error, so the loop below sees it, and leaving the loop early closes the file.
  const rows = pipelineStreams(
    zip,
    new ZipCsvEntryStream(),
    parseCsv({ columns: true, bom: true, skip_empty_lines: true }),
    () => undefined,
  );
  try {
    for await (const row of rows as AsyncIterable<ZohoBulkRow>) {
      yield row;
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: null, field: 'csv', message: error.message });
    }
    throw error;
  }
}

/** The CSV (header = every key used, in first-seen order) zipped, checked against Zoho's file limits. */
export function buildBulkWriteFile(
  records: readonly Record<string, string | number | boolean | null>[],
  name: string,
): { columns: string[]; archive: Buffer } {
  if (records.length === 0) {
    throw argumentError('records', 'at least one record is required');
  }
  if (records.length > ZOHO_BULK_WRITE_LIMITS.maxRecords) {
    throw argumentError('records', `at most ${ZOHO_BULK_WRITE_LIMITS.maxRecords} per file`);
  }
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  columns.forEach((column) => {
    if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/.test(column)) {
      throw argumentError('records', `"${column}" is not a column API name`);
    }
  });
  const csv = Buffer.from(stringifyCsv([columns, ...records.map((record) => columns.map((column) => cell(record[column])))]), 'utf8');
  if (csv.length > ZOHO_BULK_WRITE_LIMITS.maxBytes) {
    throw argumentError('records', `the CSV is ${csv.length} bytes; Zoho takes at most 25 MB`);
  }
  return { columns, archive: zipOneFile(name, csv) };
}

function cell(value: string | number | boolean | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function argumentError(field: string, message: string): ZohoArgumentError {
  return new ZohoArgumentError({ code: 'INVALID_ARGUMENT', httpStatus: null, field, message });
}

function unexpected(status: number | null, message: string): ZohoResponseError {
  return new ZohoResponseError({ code: 'UNEXPECTED_RESPONSE', httpStatus: status, message });
}
