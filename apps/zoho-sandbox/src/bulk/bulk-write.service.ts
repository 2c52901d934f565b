import type { StructuredLogger } from '@crm-bridge/observability';
import type { SandboxClock } from '../clock/sandbox-clock';
import { postToReceiver } from '../http/receiver-post';
import { formatZohoDateTime } from '../clock/zoho-time';
import type { ZohoIdGenerator } from '../ids/zoho-id.generator';
import type { FieldDefinition, ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxUser } from '../org/org.model';
import type { SandboxOrg } from '../org/sandbox-org';
import type { RecordWriteOptions, RecordWriteService, WriteOutcome } from '../records/record-write.service';
import { csvCellToJson } from './bulk-write-values';
import { zipCsvFile } from './bulk-result-file';

export interface UploadedFile {
  id: string;
  org: SandboxOrg;
  name: string;
  header: string[];
  rows: string[][];
  createdTime: number;
}

export interface FieldMapping {
  field: FieldDefinition;
  index: number;
  /** For lookups: the looked-up module's field the cell holds (`id` by default). */
  findBy: string;
  defaultValue: unknown;
  format: string | undefined;
}

export interface BulkWriteJob {
  id: string;
  org: SandboxOrg;
  module: ModuleDefinition;
  file: UploadedFile;
  operation: 'insert' | 'update' | 'upsert';
  findBy: FieldDefinition | 'id' | null;
  ignoreEmpty: boolean;
  mappings: FieldMapping[];
  /** The `field_mappings` as sent, echoed in job details. */
  rawMappings: unknown;
  createdBy: SandboxUser;
  /** The OAuth client that created the job, for the org's write log. */
  clientId: string;
  createdTime: number;
  callbackUrl: string | null;
  resultPath: string;
  status: 'ADDED' | 'IN PROGRESS' | 'COMPLETED';
  counts: { added: number; updated: number; skipped: number; total: number };
  result: Buffer | null;
}

const BATCH_SIZE = 100;
/** Uploads, jobs and result files are kept for a day, which also bounds the memory they hold. */
const RETENTION_MS = 24 * 3600_000;

/**
 * Bulk write (reference §6): uploaded zipped CSVs and import jobs that insert, update or upsert
 * their rows through the same record writer as the API, 100 at a time, then offer a zipped result
 * CSV with the original columns plus `ID`, `STATUS` and `ERRORS`, and POST the job details to the
 * callback URL.
 */
export class BulkWriteService {
  private readonly files = new Map<string, UploadedFile>();
  private readonly jobs = new Map<string, BulkWriteJob>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly ids: ZohoIdGenerator,
    private readonly logger: StructuredLogger,
    private readonly writerFor: (org: SandboxOrg, options?: RecordWriteOptions) => RecordWriteService,
  ) {}

  addFile(org: SandboxOrg, name: string, header: string[], rows: string[][]): UploadedFile {
    this.dropExpired();
    const file: UploadedFile = { id: this.ids.next(), org, name, header, rows, createdTime: this.clock.now() };
    this.files.set(file.id, file);
    return file;
  }

  findFile(org: SandboxOrg, id: string): UploadedFile | undefined {
    const file = this.files.get(id);
    return file && file.org === org ? file : undefined;
  }

  create(
    input: Omit<BulkWriteJob, 'id' | 'createdTime' | 'status' | 'counts' | 'result' | 'resultPath'> & { resultBase: string },
  ): BulkWriteJob {
    const id = this.ids.next();
    const { resultBase, ...rest } = input;
    const job: BulkWriteJob = {
      ...rest,
      id,
      createdTime: this.clock.now(),
      status: 'ADDED',
      counts: { added: 0, updated: 0, skipped: 0, total: input.file.rows.length },
      result: null,
      resultPath: `${resultBase}/${id}/result`,
    };
    this.jobs.set(id, job);
    const run = this.run(job);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return job;
  }

  find(org: SandboxOrg, id: string): BulkWriteJob | undefined {
    const job = this.jobs.get(id);
    return job && job.org === org ? job : undefined;
  }

  private dropExpired(): void {
    const now = this.clock.now();
    for (const [id, file] of this.files) {
      if (now - file.createdTime > RETENTION_MS) {
        this.files.delete(id);
      }
    }
    for (const [id, job] of this.jobs) {
      if (job.status === 'COMPLETED' && now - job.createdTime > RETENTION_MS) {
        this.jobs.delete(id);
      }
    }
  }

  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  details(job: BulkWriteJob): Record<string, unknown> {
    const { added, updated, skipped, total } = job.counts;
    return {
      status: job.status,
      character_encoding: 'UTF-8',
      resource: [
        {
          status: job.status,
          type: 'data',
          module: { api_name: job.module.apiName, id: job.module.id },
          field_mappings: job.rawMappings,
          file: {
            status: job.status,
            name: job.file.name,
            added_count: added,
            skipped_count: skipped,
            updated_count: updated,
            total_count: total,
          },
        },
      ],
      id: job.id,
      result: job.result === null ? null : { download_url: job.resultPath },
      created_by: { id: job.createdBy.id, name: `${job.createdBy.firstName} ${job.createdBy.lastName}`.trim() },
      operation: job.operation,
      created_time: formatZohoDateTime(job.createdTime, job.createdBy.timeZone),
    };
  }

  private async run(job: BulkWriteJob): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    job.status = 'IN PROGRESS';
    const resultRows: string[][] = [];
    for (let start = 0; start < job.file.rows.length; start += BATCH_SIZE) {
      const rows = job.file.rows.slice(start, start + BATCH_SIZE);
      for (const [offset, outcome] of this.writeBatch(job, rows).entries()) {
        resultRows.push([...(rows[offset] ?? []), ...outcome]);
      }
      // Let API calls interleave with a long import, as they do on Zoho.
      await new Promise((resolve) => setImmediate(resolve));
    }
    job.result = zipCsvFile(`${job.id}.csv`, [[...job.file.header, 'ID', 'STATUS', 'ERRORS'], ...resultRows]);
    job.status = 'COMPLETED';
    if (job.callbackUrl !== null) {
      await this.callBack(job);
    }
  }

  /** Writes one batch; returns `[ID, STATUS, ERRORS]` per row. */
  private writeBatch(job: BulkWriteJob, rows: string[][]): [string, string, string][] {
    const results: ([string, string, string] | null)[] = rows.map(() => null);
    const toInsert: { row: number; record: Record<string, unknown> }[] = [];
    const toUpdate: { row: number; record: Record<string, unknown> }[] = [];
    const converted = rows.map((row) => this.convertRow(job, row));
    const existingIds = job.operation === 'insert' ? new Map<string, string>() : this.existingIdsByFindBy(job, converted);
    converted.forEach((record, index) => {
      if (typeof record === 'string') {
        results[index] = ['', 'SKIPPED', record];
        return;
      }
      const existingId = job.operation === 'insert' ? null : this.findExisting(job, record, existingIds);
      if (job.operation === 'update' && existingId === null) {
        results[index] = ['', 'SKIPPED', 'NO_RECORD_FOUND'];
        return;
      }
      if (existingId === null) {
        toInsert.push({ row: index, record });
      } else {
        toUpdate.push({ row: index, record: { ...record, id: existingId } });
      }
    });
    const writer = this.writerFor(job.org, { channel: { kind: 'BULK_WRITE', clientId: job.clientId } });
    const apply = (entries: typeof toInsert, outcomes: WriteOutcome[], status: 'ADDED' | 'UPDATED'): void => {
      outcomes.forEach((outcome, index) => {
        const row = (entries[index] as { row: number }).row;
        if (outcome.ok) {
          results[row] = [outcome.record.id, status, ''];
          if (status === 'ADDED') {
            job.counts.added += 1;
          } else {
            job.counts.updated += 1;
          }
        } else {
          const apiName = outcome.error.details['api_name'];
          results[row] = ['', 'SKIPPED', `${outcome.error.code}${typeof apiName === 'string' ? `:${apiName}` : ''}`];
        }
      });
    };
    if (toInsert.length > 0) {
      apply(
        toInsert,
        writer.insert(
          job.module,
          toInsert.map((entry) => entry.record),
          job.createdBy,
        ),
        'ADDED',
      );
    }
    if (toUpdate.length > 0) {
      apply(
        toUpdate,
        writer.update(
          job.module,
          toUpdate.map((entry) => entry.record),
          job.createdBy,
          null,
        ),
        'UPDATED',
      );
    }
    const final = results.map((result): [string, string, string] => result ?? ['', 'SKIPPED', 'INTERNAL_ERROR']);
    job.counts.skipped += final.filter((result) => result[1] === 'SKIPPED').length;
    return final;
  }

  /** The row as a records-API JSON object, or the error text of the first cell that cannot convert. */
  private convertRow(job: BulkWriteJob, row: string[]): Record<string, unknown> | string {
    const record: Record<string, unknown> = {};
    for (const mapping of job.mappings) {
      const cell = row[mapping.index] ?? '';
      if (cell === '') {
        if (mapping.defaultValue !== undefined) {
          record[mapping.field.apiName] = mapping.defaultValue;
        } else if (!job.ignoreEmpty) {
          record[mapping.field.apiName] = null;
        }
        continue;
      }
      if (mapping.field.apiName === 'id') {
        record['id'] = cell;
        continue;
      }
      let value = csvCellToJson(mapping.field, cell, mapping.format, job.createdBy.timeZone);
      if (value !== null && (mapping.field.dataType === 'lookup' || mapping.field.dataType === 'ownerlookup') && mapping.findBy !== 'id') {
        const resolved = this.resolveReference(job.org, mapping, cell);
        value = resolved === null ? null : { id: resolved };
      }
      if (value === null) {
        return `INVALID_DATA:${mapping.field.apiName}`;
      }
      record[mapping.field.apiName] = value;
    }
    return record;
  }

  /** Lookup columns such as `Account_Name.Account_Name` or owners by email name the target by a value, not an id. */
  private resolveReference(org: SandboxOrg, mapping: FieldMapping, cell: string): string | null {
    if (mapping.field.dataType === 'ownerlookup') {
      return (
        org.users.find((user) => (mapping.findBy === 'email' ? user.email.toLowerCase() === cell.toLowerCase() : user.id === cell))?.id ??
        null
      );
    }
    if (mapping.field.lookupModule === null) {
      return null;
    }
    for (const record of org.records.records(mapping.field.lookupModule).values()) {
      const value = record.values[mapping.findBy];
      if (typeof value === 'string' && value.toLowerCase() === cell.toLowerCase()) {
        return record.id;
      }
    }
    return null;
  }

  private findExisting(job: BulkWriteJob, record: Record<string, unknown>, existingIds: ReadonlyMap<string, string>): string | null {
    if (job.findBy === null) {
      return null;
    }
    if (job.findBy === 'id') {
      const id = record['id'];
      return typeof id === 'string' && job.org.records.get(job.module.apiName, id) ? id : null;
    }
    const wanted = record[job.findBy.apiName];
    return typeof wanted === 'string' && wanted !== '' ? (existingIds.get(wanted.toLowerCase()) ?? null) : null;
  }

  /**
   * The ids of the module's records whose find-by field (case-insensitive) is one a row of this
   * batch names: one pass over the module per batch, where a pass per row made a 10,000-row upsert
   * into a 100,000-record org take most of a minute (Zoho looks them up by index).
   */
  private existingIdsByFindBy(job: BulkWriteJob, rows: readonly (Record<string, unknown> | string)[]): Map<string, string> {
    const found = new Map<string, string>();
    const findBy = job.findBy;
    if (findBy === null || findBy === 'id') {
      return found;
    }
    const wanted = new Set(
      rows.flatMap((row) => {
        const value = typeof row === 'string' ? undefined : row[findBy.apiName];
        return typeof value === 'string' && value !== '' ? [value.toLowerCase()] : [];
      }),
    );
    if (wanted.size === 0) {
      return found;
    }
    for (const existing of job.org.records.records(job.module.apiName).values()) {
      const value = existing.values[findBy.apiName];
      const key = typeof value === 'string' ? value.toLowerCase() : undefined;
      if (key !== undefined && wanted.has(key) && !found.has(key)) {
        found.set(key, existing.id);
      }
    }
    return found;
  }

  private async callBack(job: BulkWriteJob): Promise<void> {
    const outcome = await postToReceiver(job.callbackUrl as string, this.details(job));
    if ('error' in outcome) {
      this.logger.warn('bulk write callback failed', { orgId: job.org.id, jobId: job.id, error: outcome.error });
    }
  }
}
