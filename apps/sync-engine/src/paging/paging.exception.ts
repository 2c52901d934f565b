import { CodedError } from '@crm-bridge/subgraph';

export enum PagingExceptionCode {
  InvalidIntegrationId = 'INVALID_INTEGRATION_ID',
}

/** A list argument sync-engine refuses; `field` names it. */
export class PagingException extends CodedError<PagingExceptionCode> {}
