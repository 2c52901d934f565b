import { CodedError } from '@crm-bridge/subgraph';

export enum InboundExceptionCode {
  IntegrationNotFound = 'INTEGRATION_NOT_FOUND',
  IntegrationDisabled = 'INTEGRATION_DISABLED',
  DealsNotSyncedFromZoho = 'DEALS_NOT_SYNCED_FROM_ZOHO',
  ConnectionNotUsable = 'CONNECTION_NOT_USABLE',
  NoMappingPublished = 'NO_MAPPING_PUBLISHED',
}

/** Errors of inbound sync's API; `field` names the input field at fault (`input.integrationId`). */
export class InboundException extends CodedError<InboundExceptionCode> {}
