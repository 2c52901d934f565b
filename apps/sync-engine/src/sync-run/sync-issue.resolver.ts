import { Injectable } from '@nestjs/common';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Connection, SubgraphContext } from '@crm-bridge/subgraph';
import type { SyncIssueEntity } from './sync-issue.entity';
import { SyncIssue, SyncIssueConnection, type SyncIssueNode } from './sync-issue.type';
import { ListSyncIssuesArgs } from './dto/list-sync-issues.args';
import { SyncRunService } from './sync-run.service';
import { SyncRun, type SyncRunNode } from './sync-run.type';
import { syncRunLoader } from './sync-run.loader';

@Injectable()
@Resolver(() => SyncIssue)
export class SyncIssueResolver {
  constructor(private readonly syncRunService: SyncRunService) {}

  @Query(() => SyncIssueConnection, {
    description: "The caller's tenant's sync issues across runs, oldest first unless newestFirst, narrowed by the filters given",
  })
  syncIssues(
    @Args(() => ListSyncIssuesArgs) args: ListSyncIssuesArgs,
    @Ctx() context: SubgraphContext,
  ): Promise<Connection<SyncIssueNode>> {
    return this.syncRunService.listIssues(context.caller.tenantId, args);
  }

  /** Through the request's run loader: a page of issues costs one runs query. */
  @FieldResolver(() => SyncRun, { description: 'The run the record failed in' })
  syncRun(@Root() issue: SyncIssueEntity, @Ctx() context: SubgraphContext): Promise<SyncRunNode | null> {
    return syncRunLoader(context, this.syncRunService).load(issue.syncRunId);
  }
}
