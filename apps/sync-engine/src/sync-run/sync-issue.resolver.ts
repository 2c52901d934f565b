import { Injectable } from '@nestjs/common';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import type { SyncIssueEntity } from './sync-issue.entity';
import { SyncIssue } from './sync-issue.type';
import { SyncRunService } from './sync-run.service';
import { SyncRun, type SyncRunNode } from './sync-run.type';
import { syncRunLoader } from './sync-run.loader';

@Injectable()
@Resolver(() => SyncIssue)
export class SyncIssueResolver {
  constructor(private readonly syncRunService: SyncRunService) {}

  /** Through the request's run loader: a page of issues costs one runs query. */
  @FieldResolver(() => SyncRun, { description: 'The run the record failed in' })
  syncRun(@Root() issue: SyncIssueEntity, @Ctx() context: SubgraphContext): Promise<SyncRunNode | null> {
    return syncRunLoader(context, this.syncRunService).load(issue.syncRunId);
  }
}
