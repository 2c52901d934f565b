import { SubgraphFeature, TokenVault } from '@crm-bridge/service-runtime';
import { partnerWebhooksConfig } from './partner-webhooks.config';
import { PartnerWebhooksResolver } from './partner-webhooks.resolver';
import { PartnerWebhooksService } from './partner-webhooks.service';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryMetrics } from './webhook-delivery.metrics';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryRetention } from './webhook-delivery.retention';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

/**
 * Signed webhooks for partner systems (Standard Webhooks): endpoints managed by tenant admins,
 * a delivery per matching endpoint for every `deal.updated`, the worker that sends, retries
 * and records them (announcing an endpoint it disables), their metrics, and their retention.
 */
@SubgraphFeature({
  providers: [
    TokenVault,
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
    PartnerWebhooksService,
    WebhookDeliveryMetrics,
    WebhookDeliveryWorker,
    WebhookDeliveryRetention,
  ],
  resolvers: [PartnerWebhooksResolver],
  entities: [WebhookEndpointEntity, WebhookDeliveryEntity, WebhookDeliveryAttemptEntity],
  config: partnerWebhooksConfig,
})
export class PartnerWebhooksModule {}
