import { Injectable } from '@nestjs/common';
import { Args, Ctx, ID, Arg, Query, Resolver } from 'type-graphql';
import type { Connection, SubgraphContext } from '@crm-bridge/subgraph';
import { ListPortalRecordsArgs } from '../portal-record.args';
import { DealService } from './deal.service';
import { Deal, DealConnection } from './deal.type';
import { dealLoader } from './deal.loader';

@Injectable()
@Resolver(() => Deal)
export class DealResolver {
  constructor(private readonly dealService: DealService) {}

  @Query(() => DealConnection, { description: "The caller's tenant's deals, oldest first" })
  deals(@Args(() => ListPortalRecordsArgs) args: ListPortalRecordsArgs, @Ctx() context: SubgraphContext): Promise<Connection<Deal>> {
    return this.dealService.list(context.caller.tenantId, args);
  }

  @Query(() => Deal, { nullable: true })
  deal(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<Deal | null> {
    return dealLoader(context, this.dealService).load(id);
  }
}
