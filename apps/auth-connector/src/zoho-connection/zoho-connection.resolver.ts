import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { ZohoConnectionService } from './zoho-connection.service';
import { ZohoConnection, ZohoConnectionConnection } from './zoho-connection.type';
import { zohoConnectionLoader } from './zoho-connection.loader';

@Injectable()
@Resolver(() => ZohoConnection)
export class ZohoConnectionResolver {
  constructor(private readonly connectionService: ZohoConnectionService) {}

  @Query(() => ZohoConnectionConnection, { description: "The caller's tenant's Zoho connections, oldest first" })
  zohoConnections(@Args(() => PageArgs) args: PageArgs, @Ctx() context: SubgraphContext): Promise<Connection<ZohoConnection>> {
    return this.connectionService.list(context.caller.tenantId, args);
  }

  @Query(() => ZohoConnection, { nullable: true })
  zohoConnection(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<ZohoConnection | null> {
    return zohoConnectionLoader(context, this.connectionService).load(id);
  }
}
