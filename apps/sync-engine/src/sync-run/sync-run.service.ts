import { Injectable } from '@nestjs/common';
import { parsePageArguments, toConnection, type Connection, type PageArgs } from '@crm-bridge/subgraph';
import { integrationFilter, type IntegrationPageArgs } from '@crm-bridge/subgraph';
import { withIntegration } from '../integration-reference/integration.type';
import { SyncRunRepository } from './sync-run.repository';
import type { SyncIssueEntity } from './sync-issue.entity';
import type { SyncRunNode } from './sync-run.type';

/** Reads of sync runs and their issues, always within the caller's tenant. */
@Injectable()
export class SyncRunService {
  constructor(private readonly repository: SyncRunRepository) {}

  /** One page of the tenant's runs, oldest first, optionally of one integration. */
  async list(tenantId: string, args: IntegrationPageArgs): Promise<Connection<SyncRunNode>> {
    const page = parsePageArguments(args.first, args.after);
    const runs = await this.repository.runs.page(tenantId, { ...page, filter: integrationFilter(args.integrationId) });
    return toConnection(runs.map(withIntegration), page.limit);
  }

  /** The tenant's runs with these ids, in no particular order; others' ids find nothing. */
  async byIds(tenantId: string, ids: readonly string[]): Promise<SyncRunNode[]> {
    return (await this.repository.runs.byIds(tenantId, ids)).map(withIntegration);
  }

  /** One page of a run's issues, oldest first. */
  async issuesOf(tenantId: string, syncRunId: string, args: PageArgs): Promise<Connection<SyncIssueEntity>> {
    const page = parsePageArguments(args.first, args.after);
    return toConnection(await this.repository.issues.page(tenantId, { ...page, filter: { syncRunId } }), page.limit);
  }
}
