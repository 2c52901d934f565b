import { Injectable } from '@nestjs/common';
import { isUuid } from '@crm-bridge/persistence';
import {
  ErrorKind,
  integrationFilter,
  parsePageArguments,
  requireUuidArgument,
  toConnection,
  type Connection,
  type PageArgs,
} from '@crm-bridge/subgraph';
import { withIntegration } from '../integration-reference/integration.type';
import { SyncRunRepository } from './sync-run.repository';
import { SyncRunException, SyncRunExceptionCode } from './sync-run.exception';
import type { ListSyncIssuesArgs } from './dto/list-sync-issues.args';
import type { ListSyncRunsArgs } from './dto/list-sync-runs.args';
import type { SyncIssueNode } from './sync-issue.type';
import type { SyncRunNode } from './sync-run.type';

/** Zoho record ids are decimal numbers (19 digits today). */
const ZOHO_RECORD_ID = /^\d{1,30}$/;
/** Zoho's error codes and the client's own (`MANDATORY_NOT_FOUND`, `NETWORK_ERROR`): upper-case words joined by underscores. */
const ZOHO_ERROR_CODE = /^[A-Z][A-Z0-9_]{0,99}$/;

/** Reads of sync runs and their issues, always within the caller's tenant. */
@Injectable()
export class SyncRunService {
  constructor(private readonly repository: SyncRunRepository) {}

  /** One page of the tenant's runs, oldest first unless asked otherwise, narrowed by every filter given. */
  async list(tenantId: string, args: ListSyncRunsArgs): Promise<Connection<SyncRunNode>> {
    const page = parsePageArguments(args.first, args.after);
    const runs = await this.repository.runs.page(tenantId, {
      ...page,
      filter: { ...integrationFilter(args.integrationId), status: args.status ?? undefined, trigger: args.trigger ?? undefined },
      since: args.startedSince ? { property: 'startedAt', at: args.startedSince } : undefined,
      newestFirst: args.newestFirst,
    });
    return toConnection(runs.map(withIntegration), page.limit);
  }

  /** The tenant's runs with these ids, in no particular order; others' ids find nothing. */
  async byIds(tenantId: string, ids: readonly string[]): Promise<SyncRunNode[]> {
    return (await this.repository.runs.byIds(tenantId, ids)).map(withIntegration);
  }

  /** One page of a run's issues, oldest first. */
  async issuesOf(tenantId: string, syncRunId: string, args: PageArgs): Promise<Connection<SyncIssueNode>> {
    const page = parsePageArguments(args.first, args.after);
    const issues = await this.repository.issues.page(tenantId, { ...page, filter: { syncRunId } });
    return toConnection(issues.map(withIntegration), page.limit);
  }

  /** One page of the tenant's issues across runs, oldest first unless asked otherwise, narrowed by every filter given. */
  async listIssues(tenantId: string, args: ListSyncIssuesArgs): Promise<Connection<SyncIssueNode>> {
    const page = parsePageArguments(args.first, args.after);
    const issues = await this.repository.issues.page(tenantId, {
      ...page,
      filter: {
        ...integrationFilter(args.integrationId),
        module: args.module ?? undefined,
        direction: args.direction ?? undefined,
        zohoErrorCode: checked(
          args.zohoErrorCode,
          ZOHO_ERROR_CODE,
          SyncRunExceptionCode.InvalidZohoErrorCode,
          'zohoErrorCode',
          'a Zoho error code, e.g. MANDATORY_NOT_FOUND',
        ),
        portalRecordId: portalRecordIdOf(args.portalRecordId),
        zohoRecordId: checked(
          args.zohoRecordId,
          ZOHO_RECORD_ID,
          SyncRunExceptionCode.InvalidZohoRecordId,
          'zohoRecordId',
          'a Zoho record id (digits)',
        ),
      },
      since: args.since ? { property: 'createdAt', at: args.since } : undefined,
      newestFirst: args.newestFirst,
    });
    return toConnection(issues.map(withIntegration), page.limit);
  }

  /** The newest `first` issues of each of these portal records of `module`, newest first, keyed by record id. */
  async latestIssuesOfRecords(
    tenantId: string,
    module: SyncIssueNode['module'],
    portalRecordIds: readonly string[],
    first: number,
  ): Promise<Map<string, SyncIssueNode[]>> {
    const { limit } = parsePageArguments(first, null);
    const issues = await this.repository.latestIssuesOfRecords(tenantId, module, portalRecordIds.filter(isUuid), limit);
    const byRecord = new Map<string, SyncIssueNode[]>();
    for (const issue of issues) {
      const recordId = issue.portalRecordId as string;
      byRecord.set(recordId, [...(byRecord.get(recordId) ?? []), withIntegration(issue)]);
    }
    return byRecord;
  }
}

function portalRecordIdOf(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  return requireUuidArgument(value, 'portalRecordId', {
    names: 'a portal record id',
    exception: SyncRunException,
    code: SyncRunExceptionCode.InvalidPortalRecordId,
  });
}

function checked(
  value: string | null | undefined,
  pattern: RegExp,
  code: SyncRunExceptionCode,
  argument: string,
  expected: string,
): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!pattern.test(value)) {
    throw new SyncRunException(code, ErrorKind.BadUserInput, `${argument} must be ${expected}`, argument);
  }
  return value;
}
