import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { ZohoConnectionService } from './zoho-connection.service';
import { ZohoConnection, ZohoConnectionConnection } from './zoho-connection.type';
import { zohoConnectionLoader } from './zoho-connection.loader';
import { ConnectZohoWithGrantCodeInput } from './dto/connect-zoho-with-grant-code.input';
import { ZohoConnectionTest } from './zoho-connection-test.type';
import { UpdateZohoConnectionSettingsInput } from './dto/update-zoho-connection-settings.input';

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

  @Mutation(() => ZohoConnection, {
    description: 'Connects a Zoho org with a self-client grant code from the Zoho API console (tenant admins only)',
  })
  connectZohoWithGrantCode(
    @Arg('input', () => ConnectZohoWithGrantCodeInput) input: ConnectZohoWithGrantCodeInput,
    @Ctx() context: SubgraphContext,
  ): Promise<ZohoConnection> {
    return this.connectionService.connectWithGrantCode(context.caller, input, context.correlationId);
  }

  @Mutation(() => ZohoConnection, {
    description:
      'Changes the Zoho API version and the read strategy of a connection; fields left out keep their value (tenant admins only)',
  })
  updateZohoConnectionSettings(
    @Arg('input', () => UpdateZohoConnectionSettingsInput) input: UpdateZohoConnectionSettingsInput,
    @Ctx() context: SubgraphContext,
  ): Promise<ZohoConnection> {
    return this.connectionService.updateSettings(context.caller, input, context.correlationId);
  }

  @Mutation(() => ZohoConnectionTest, {
    description:
      'Create & Test: one cheap real call to Zoho with the stored grant; reports status, latency, edition and credits left (tenant admins only)',
  })
  testZohoConnection(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<ZohoConnectionTest> {
    return this.connectionService.test(context.caller, id);
  }

  @Mutation(() => ZohoConnection, {
    description: 'Revokes the grant at Zoho and deletes the stored tokens and client secret (tenant admins only)',
  })
  disconnectZoho(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<ZohoConnection> {
    return this.connectionService.disconnect(context.caller, id, context.correlationId);
  }
}
