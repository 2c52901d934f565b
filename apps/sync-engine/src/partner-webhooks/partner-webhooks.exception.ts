import { CodedError } from '@crm-bridge/subgraph';

export enum PartnerWebhooksExceptionCode {
  UrlInvalid = 'WEBHOOK_URL_INVALID',
  DescriptionInvalid = 'WEBHOOK_DESCRIPTION_INVALID',
  EventsInvalid = 'WEBHOOK_EVENTS_INVALID',
  FilterInvalid = 'WEBHOOK_FILTER_INVALID',
  InvalidWebhookEndpointId = 'INVALID_WEBHOOK_ENDPOINT_ID',
  WebhookEndpointNotFound = 'WEBHOOK_ENDPOINT_NOT_FOUND',
  InvalidWebhookDeliveryId = 'INVALID_WEBHOOK_DELIVERY_ID',
  WebhookDeliveryNotFound = 'WEBHOOK_DELIVERY_NOT_FOUND',
}

/** Errors of managing webhook endpoints and deliveries; `field` names the input field at fault. */
export class PartnerWebhooksException extends CodedError<PartnerWebhooksExceptionCode> {}
