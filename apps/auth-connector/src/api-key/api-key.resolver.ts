import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { ApiKeyService } from './api-key.service';
import { ApiKey, ApiKeyConnection, CreatedApiKey } from './api-key.type';
import { CreateApiKeyInput } from './dto/create-api-key.input';

@Injectable()
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(private readonly keyService: ApiKeyService) {}

  @Query(() => ApiKeyConnection, { description: "The tenant's partner API keys, revoked ones included, oldest first (tenant admins only)" })
  apiKeys(@Args(() => PageArgs) args: PageArgs, @Ctx() context: SubgraphContext): Promise<Connection<ApiKey>> {
    return this.keyService.list(context.caller, args);
  }

  @Mutation(() => CreatedApiKey, {
    description: 'Creates a partner API key for this tenant and returns it this once; only its hash is kept (tenant admins only)',
  })
  createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() context: SubgraphContext): Promise<CreatedApiKey> {
    return this.keyService.create(context.caller, input);
  }

  @Mutation(() => ApiKey, {
    description:
      'Revokes an API key: the gateway refuses it from the next request on, and its open subscriptions end with API_KEY_REVOKED (tenant admins only)',
  })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<ApiKey> {
    return this.keyService.revoke(context.caller, id, context.correlationId);
  }
}
