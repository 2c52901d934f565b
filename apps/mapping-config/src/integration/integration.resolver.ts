import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { IntegrationService } from './integration.service';
import { Integration, IntegrationConnection, IntegrationSettingsPayload } from './integration.type';
import { CreateIntegrationInput } from './dto/create-integration.input';
import { UpdateIntegrationSettingsInput } from './dto/update-integration-settings.input';
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

  @Mutation(() => IntegrationSettingsPayload, {
    description: "Creates the integration of one of the tenant's Zoho connections, at most one per connection (tenant admins only)",
  })
  createIntegration(
    @Arg('input', () => CreateIntegrationInput) input: CreateIntegrationInput,
    @Ctx() context: SubgraphContext,
  ): Promise<IntegrationSettingsPayload> {
    return this.integrationService.create(context.caller, input, context.correlationId);
  }

  @Mutation(() => IntegrationSettingsPayload, { description: "Changes an integration's settings (tenant admins only)" })
  updateIntegrationSettings(
    @Arg('input', () => UpdateIntegrationSettingsInput) input: UpdateIntegrationSettingsInput,
    @Ctx() context: SubgraphContext,
  ): Promise<IntegrationSettingsPayload> {
    return this.integrationService.updateSettings(context.caller, input, context.correlationId);
  }
}
