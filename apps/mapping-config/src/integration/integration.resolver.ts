import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { IntegrationService } from './integration.service';
import { Integration, IntegrationConnection } from './integration.type';
import { integrationLoader } from './integration.loader';

@Injectable()
@Resolver(() => Integration)
export class IntegrationResolver {
  constructor(private readonly integrationService: IntegrationService) {}

  @Query(() => IntegrationConnection, { description: "The caller's tenant's integrations, oldest first" })
  integrations(@Args(() => PageArgs) args: PageArgs, @Ctx() context: SubgraphContext): Promise<Connection<Integration>> {
    return this.integrationService.list(context.caller.tenantId, args);
  }

  @Query(() => Integration, { nullable: true })
  integration(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<Integration | null> {
    return integrationLoader(context, this.integrationService).load(id);
  }
}
