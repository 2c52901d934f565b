import { SubgraphFeature, TokenVault } from '@crm-bridge/service-runtime';
import { partnerWebhooksConfig } from './partner-webhooks.config';
import { PartnerWebhooksResolver } from './partner-webhooks.resolver';
import { PartnerWebhooksService } from './partner-webhooks.service';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

/**
 * Signed webhooks for partner systems (Standard Webhooks): endpoints managed by tenant admins,
 * a delivery per matching endpoint for every `deal.updated`, and the worker that sends, retries
 * and records them.
 */
@SubgraphFeature({
  providers: [TokenVault, WebhookEndpointRepository, WebhookDeliveryRepository, PartnerWebhooksService, WebhookDeliveryWorker],
  resolvers: [PartnerWebhooksResolver],
  entities: [WebhookEndpointEntity, WebhookDeliveryEntity, WebhookDeliveryAttemptEntity],
  config: partnerWebhooksConfig,
})
export class PartnerWebhooksModule {}
