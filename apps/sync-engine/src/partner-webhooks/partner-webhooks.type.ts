import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '@crm-bridge/subgraph';
import {
  WebhookDeliveryStatusEnum,
  WebhookEndpointStatusEnum,
  WebhookEventTypeEnum,
  type WebhookDeliveryStatus,
  type WebhookEndpointStatus,
  type WebhookEventType,
} from '@crm-bridge/contracts';

@ObjectType({ description: 'Which events of the tenant an endpoint receives; a null field matches any value' })
export class WebhookFilter {
  @Field(() => ID, { nullable: true })
  integrationId: string | null;

  @Field(() => String, { nullable: true, description: "The deal's pipeline after the change" })
  pipeline: string | null;

  @Field(() => String, { nullable: true, description: "The deal's phase after the change" })
  phase: string | null;

  @Field(() => String, { nullable: true })
  partnerId: string | null;
}

@ObjectType({ description: "A partner system's webhook endpoint; its signing secret is shown only when created or rotated" })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  url: string;

  @Field(() => String)
  description: string;

  @Field(() => [WebhookEventTypeEnum])
  events: WebhookEventType[];

  @Field(() => WebhookFilter)
  filter: WebhookFilter;

  @Field(() => WebhookEndpointStatusEnum)
  status: WebhookEndpointStatus;

  @Field(() => String, { nullable: true, description: 'Why it is DISABLED: by an admin, or the failures that disabled it' })
  disabledReason: string | null;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Until when the secret replaced by the last rotation still signs beside the new one (a second v1 signature)',
  })
  previousSecretValidUntil: Date | null;

  @Field(() => String, { description: 'The user id of the admin who created it' })
  createdBy: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const WebhookEndpointConnection = ConnectionType(WebhookEndpoint);

@ObjectType({ description: 'A webhook endpoint and, this once only, its signing secret' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field(() => String, {
    description:
      'The Standard Webhooks signing secret, `whsec_<base64>` (the HMAC-SHA256 key is the decoded base64). Stored encrypted and never shown again',
  })
  secret: string;
}

@ObjectType({ description: 'One POST of a webhook delivery' })
export class WebhookDeliveryAttempt {
  @Field(() => Date)
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when no response came' })
  statusCode: number | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => Boolean, { description: 'The endpoint answered with a 2xx' })
  succeeded: boolean;

  @Field(() => String, { nullable: true, description: 'Why it failed; null on a 2xx' })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'The start of the response body (at most 1 KB)' })
  responseBody: string | null;

  @Field(() => Boolean, { description: 'Sent by replayWebhookDelivery' })
  replay: boolean;
}

@ObjectType({ description: 'One event sent (or to be sent) to one webhook endpoint' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also its webhook-id header: the same on every retry and replay, for receivers to deduplicate' })
  id: string;

  @Field(() => ID)
  endpointId: string;

  @Field(() => ID, { description: 'The id of the event it carries' })
  eventId: string;

  @Field(() => ID)
  dealId: string;

  @Field(() => WebhookDeliveryStatusEnum)
  status: WebhookDeliveryStatus;

  @Field(() => String, { description: 'The JSON body exactly as signed and sent' })
  payload: string;

  @Field(() => Date, { nullable: true, description: 'When it is next sent, while PENDING' })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true })
  failedAt: Date | null;

  @Field(() => [WebhookDeliveryAttempt], { description: 'Every attempt, oldest first' })
  attempts: WebhookDeliveryAttempt[];

  @Field(() => Date)
  createdAt: Date;
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery);
