import { Injectable } from '@nestjs/common';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { ConflictService } from '../conflict/conflict.service';
import { Conflict } from '../conflict/conflict.type';
import { Deal } from './deal.type';
import { openConflictsByDealLoader } from './deal.loader';

/** The fields conflict-resolver adds to sync-engine's `Deal`. */
@Injectable()
@Resolver(() => Deal)
export class DealConflictsResolver {
  constructor(private readonly conflictService: ConflictService) {}

  @FieldResolver(() => [Conflict], { description: 'Fields of this deal both sides changed, awaiting a decision; oldest first' })
  openConflicts(@Root() deal: Deal, @Ctx() context: SubgraphContext): Promise<Conflict[]> {
    return openConflictsByDealLoader(context, this.conflictService).load(deal.id);
  }
}
