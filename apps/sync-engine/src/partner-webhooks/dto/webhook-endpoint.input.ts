import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '@crm-bridge/subgraph';
import { WebhookDeliveryStatusEnum, WebhookEventTypeEnum, type WebhookDeliveryStatus, type WebhookEventType } from '@crm-bridge/contracts';

@InputType({ description: 'Which events an endpoint receives; leave a field out (or null) to match any value' })
export class WebhookFilterInput {
  @Field(() => ID, { nullable: true })
  integrationId?: string | null;

  @Field(() => String, { nullable: true })
  pipeline?: string | null;

  @Field(() => String, { nullable: true })
  phase?: string | null;

  @Field(() => String, { nullable: true })
  partnerId?: string | null;
}

@InputType({ description: "A partner system's webhook endpoint" })
export class CreateWebhookEndpointInput {
  @Field(() => String, { description: 'https (http to localhost only in development); no internal network addresses' })
  url: string;

  @Field(() => String, { description: 'What it is for; at most 500 characters', defaultValue: '' })
  description: string;

  @Field(() => [WebhookEventTypeEnum], { description: 'At least one' })
  events: WebhookEventType[];

  @Field(() => WebhookFilterInput, { nullable: true })
  filter?: WebhookFilterInput | null;
}

@InputType({ description: 'Changes to a webhook endpoint; fields left out stay as they are' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => WebhookFilterInput, { nullable: true, description: 'Replaces the whole filter' })
  filter?: WebhookFilterInput | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'false disables it (deliveries wait); true enables it again and its waiting deliveries resume',
  })
  enabled?: boolean | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID)
  endpointId: string;

  @Field(() => WebhookDeliveryStatusEnum, { nullable: true })
  status?: WebhookDeliveryStatus | null;
}
