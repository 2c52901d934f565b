import { Injectable } from '@nestjs/common';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { Deal } from '../deal/deal.type';
import { SyncIssue, type SyncIssueNode } from './sync-issue.type';
import { SyncRunService } from './sync-run.service';

/** `Deal.syncIssues`: the sync issues of one deal, for a deal's page in a frontend. */
@Injectable()
@Resolver(() => Deal)
export class DealSyncIssuesResolver {
  constructor(private readonly syncRunService: SyncRunService) {}

  /** Batched per request (one query for a page of deals), per page size asked for. */
  @FieldResolver(() => [SyncIssue], { description: "The deal's newest sync issues, newest first (first: 1 to 100)" })
  syncIssues(
    @Root() deal: Pick<Deal, 'id'>,
    @Arg('first', () => Int, { defaultValue: 5 }) first: number,
    @Ctx() context: SubgraphContext,
  ): Promise<SyncIssueNode[]> {
    return context.loaders
      .loader<string, SyncIssueNode[]>(`deal-sync-issues:${first}`, async (dealIds) => {
        const byDeal = await this.syncRunService.latestIssuesOfRecords(context.caller.tenantId, 'DEALS', dealIds, first);
        return dealIds.map((id) => byDeal.get(id) ?? []);
      })
      .load(deal.id);
  }
}
