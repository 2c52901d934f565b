import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { SyncIssueConnection, type SyncIssueNode } from './sync-issue.type';
import { ListSyncRunsArgs } from './dto/list-sync-runs.args';
import { SyncRunService } from './sync-run.service';
import { SyncRun, SyncRunConnection, type SyncRunNode } from './sync-run.type';
import { syncRunLoader } from './sync-run.loader';

@Injectable()
@Resolver(() => SyncRun)
export class SyncRunResolver {
  constructor(private readonly syncRunService: SyncRunService) {}

  @Query(() => SyncRunConnection, {
    description: "The caller's tenant's sync runs, oldest first unless newestFirst, narrowed by the filters given",
  })
  syncRuns(@Args(() => ListSyncRunsArgs) args: ListSyncRunsArgs, @Ctx() context: SubgraphContext): Promise<Connection<SyncRunNode>> {
    return this.syncRunService.list(context.caller.tenantId, args);
  }

  @Query(() => SyncRun, { nullable: true })
  syncRun(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<SyncRunNode | null> {
    return syncRunLoader(context, this.syncRunService).load(id);
  }

  /**
   * One query per run asked for: a keyset page per parent does not batch into one simple query,
   * and clients list issues of one run at a time.
   */
  @FieldResolver(() => SyncIssueConnection, { description: 'Records of this run that could not sync, oldest first' })
  issues(
    @Root() run: SyncRunNode,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() context: SubgraphContext,
  ): Promise<Connection<SyncIssueNode>> {
    return this.syncRunService.issuesOf(context.caller.tenantId, run.id, args);
  }
}
