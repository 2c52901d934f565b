import { Injectable } from '@nestjs/common';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@crm-bridge/subgraph';
import { ZohoAuthorizationService } from './zoho-authorization.service';
import { ZohoAuthorizationStart } from './zoho-authorization.type';
import { StartZohoConnectionInput } from './dto/start-zoho-connection.input';

@Injectable()
@Resolver()
export class ZohoAuthorizationResolver {
  constructor(private readonly authorization: ZohoAuthorizationService) {}

  @Mutation(() => ZohoAuthorizationStart, {
    description:
      "Starts connecting a Zoho org: open authorizationUrl in the user's browser; Zoho sends them back to our callback, then to the portal (tenant admins only)",
  })
  startZohoConnection(
    @Arg('input', () => StartZohoConnectionInput) input: StartZohoConnectionInput,
    @Ctx() context: SubgraphContext,
  ): Promise<ZohoAuthorizationStart> {
    return this.authorization.start(context.caller, input);
  }
}
