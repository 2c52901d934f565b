import { Injectable } from '@nestjs/common';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, type Connection, type SubgraphContext } from '@crm-bridge/subgraph';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookDeliveriesArgs } from './dto/webhook-endpoint.input';
import { PartnerWebhooksService } from './partner-webhooks.service';
import {
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookEndpoint,
  WebhookEndpointConnection,
  WebhookEndpointWithSecret,
} from './partner-webhooks.type';

@Injectable()
@Resolver(() => WebhookEndpoint)
export class PartnerWebhooksResolver {
  constructor(private readonly webhooks: PartnerWebhooksService) {}

  @Query(() => WebhookEndpointConnection, {
    description: "The tenant's webhook endpoints, oldest first, never their secrets (tenant admins only)",
  })
  webhookEndpoints(@Args(() => PageArgs) args: PageArgs, @Ctx() context: SubgraphContext): Promise<Connection<WebhookEndpoint>> {
    return this.webhooks.list(context.caller, args);
  }

  @Query(() => WebhookDeliveryConnection, {
    description: "An endpoint's deliveries, newest first, with every attempt; optionally of one status (tenant admins only)",
  })
  webhookDeliveries(
    @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs,
    @Ctx() context: SubgraphContext,
  ): Promise<Connection<WebhookDelivery>> {
    return this.webhooks.deliveriesOf(context.caller, args);
  }

  @Mutation(() => WebhookEndpointWithSecret, {
    description:
      'Registers a webhook endpoint for signed (Standard Webhooks) deliveries of the chosen events and returns its signing secret this once (tenant admins only)',
  })
  createWebhookEndpoint(
    @Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput,
    @Ctx() context: SubgraphContext,
  ): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.create(context.caller, input);
  }

  @Mutation(() => WebhookEndpoint, {
    description:
      "Changes an endpoint's URL, description or filter, or disables / enables it; enabling resumes its waiting deliveries (tenant admins only)",
  })
  updateWebhookEndpoint(
    @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
    @Ctx() context: SubgraphContext,
  ): Promise<WebhookEndpoint> {
    return this.webhooks.update(context.caller, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes an endpoint with its deliveries (tenant admins only)' })
  deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<boolean> {
    return this.webhooks.delete(context.caller, id);
  }

  @Mutation(() => WebhookEndpointWithSecret, {
    description:
      'Gives an endpoint a new signing secret, returned this once; the old one keeps signing beside it (a second v1 signature) until previousSecretValidUntil (tenant admins only)',
  })
  rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<WebhookEndpointWithSecret> {
    return this.webhooks.rotateSecret(context.caller, id);
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Sends a delivery again at once as a new attempt, with the same webhook-id and body (tenant admins only)',
  })
  replayWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<WebhookDelivery> {
    return this.webhooks.replay(context.caller, id);
  }
}
