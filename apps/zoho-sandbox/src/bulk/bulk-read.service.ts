import type { StructuredLogger } from '@crm-bridge/observability';
import type { SandboxClock } from '../clock/sandbox-clock';
import { postToReceiver } from '../http/receiver-post';
import { formatZohoDateTime } from '../clock/zoho-time';
import { CoqlExecutor } from '../coql/coql.executor';
import type { CoqlExpression } from '../coql/coql.parser';
import type { ZohoIdGenerator } from '../ids/zoho-id.generator';
import type { ModuleDefinition } from '../metadata/metadata.model';
import type { SandboxUser } from '../org/org.model';
import type { SandboxOrg } from '../org/sandbox-org';
import { zipCsvFile } from './bulk-result-file';

/** Records per bulk-read page (reference §6). */
export const BULK_READ_PAGE_SIZE = 200_000;
const DOWNLOADS_PER_MINUTE = 10;
/** Jobs and their result files are kept for a day, which also bounds the memory they hold. */
const JOB_RETENTION_MS = 24 * 3600_000;

export type BulkJobState = 'ADDED' | 'IN PROGRESS' | 'COMPLETED';

export interface BulkReadJob {
  id: string;
  org: SandboxOrg;
  module: ModuleDefinition;
  createdBy: SandboxUser;
  createdTime: number;
  state: BulkJobState;
  /** The `query` object as the caller sent it, echoed in job details. */
  query: Record<string, unknown>;
  columns: string[];
  where: CoqlExpression | null;
  page: number;
  callbackUrl: string | null;
  downloadPath: string;
  result: { count: number; moreRecords: boolean; archive: Buffer } | null;
}

/**
 * Bulk read jobs (reference §6): a job is ADDED, then IN PROGRESS, then COMPLETED with one page of
 * up to 200,000 records as a zip holding `{job_id}.csv`; a callback URL gets the job details
 * POSTed on completion. Jobs run asynchronously, so clients must poll as they do with Zoho.
 */
export class BulkReadService {
  private readonly jobs = new Map<string, BulkReadJob>();
  private readonly downloads = new Map<string, number[]>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly ids: ZohoIdGenerator,
    private readonly logger: StructuredLogger,
  ) {}

  create(input: Omit<BulkReadJob, 'id' | 'createdTime' | 'state' | 'result' | 'downloadPath'> & { downloadBase: string }): BulkReadJob {
    this.dropExpired();
    const id = this.ids.next();
    const { downloadBase, ...rest } = input;
    const job: BulkReadJob = {
      ...rest,
      id,
      createdTime: this.clock.now(),
      state: 'ADDED',
      result: null,
      downloadPath: `${downloadBase}/${id}/result`,
    };
    this.jobs.set(id, job);
    const run = this.run(job);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return job;
  }

  find(org: SandboxOrg, id: string): BulkReadJob | undefined {
    const job = this.jobs.get(id);
    return job && job.org === org ? job : undefined;
  }

  /** At most 10 downloads per org per minute (reference §6); false when over. */
  allowDownload(org: SandboxOrg): boolean {
    const now = this.clock.now();
    const recent = (this.downloads.get(org.id) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= DOWNLOADS_PER_MINUTE) {
      this.downloads.set(org.id, recent);
      return false;
    }
    recent.push(now);
    this.downloads.set(org.id, recent);
    return true;
  }

  private dropExpired(): void {
    const now = this.clock.now();
    for (const [id, job] of this.jobs) {
      if (job.state === 'COMPLETED' && now - job.createdTime > JOB_RETENTION_MS) {
        this.jobs.delete(id);
      }
    }
  }

  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async run(job: BulkReadJob): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    job.state = 'IN PROGRESS';
    await new Promise((resolve) => setImmediate(resolve));
    const executor = new CoqlExecutor(job.org, job.module, job.createdBy.timeZone);
    const query = { columns: job.columns, module: job.module.apiName, where: job.where, orderBy: [], limit: null, offset: 0 };
    const rows = executor.select(query);
    const start = (job.page - 1) * BULK_READ_PAGE_SIZE;
    const page = rows.slice(start, start + BULK_READ_PAGE_SIZE);
    const csvRows = [job.columns, ...page.map((record) => job.columns.map((column) => executor.csvValue(column, record)))];
    job.result = {
      count: page.length,
      moreRecords: rows.length > start + page.length,
      archive: zipCsvFile(`${job.id}.csv`, csvRows),
    };
    job.state = 'COMPLETED';
    if (job.callbackUrl !== null) {
      await this.callBack(job);
    }
  }

  private async callBack(job: BulkReadJob): Promise<void> {
    const outcome = await postToReceiver(job.callbackUrl as string, this.details(job));
    if ('error' in outcome) {
      this.logger.warn('bulk read callback failed', { orgId: job.org.id, jobId: job.id, error: outcome.error });
    }
  }

  /** Job details as `GET /read/{id}` returns them and the callback receives them. */
  details(job: BulkReadJob): Record<string, unknown> {
    return {
      id: job.id,
      operation: 'read',
      state: job.state,
      query: job.query,
      created_by: { id: job.createdBy.id, name: `${job.createdBy.firstName} ${job.createdBy.lastName}`.trim() },
      created_time: formatZohoDateTime(job.createdTime, job.createdBy.timeZone),
      file_type: 'csv',
      result:
        job.result === null
          ? null
          : {
              page: job.page,
              per_page: BULK_READ_PAGE_SIZE,
              count: job.result.count,
              download_url: job.downloadPath,
              more_records: job.result.moreRecords,
            },
    };
  }
}
