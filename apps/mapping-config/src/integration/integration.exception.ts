import { CodedError } from '@crm-bridge/subgraph';

export enum IntegrationExceptionCode {
  IntegrationNotFound = 'INTEGRATION_NOT_FOUND',
  ConnectionNotFound = 'CONNECTION_NOT_FOUND',
  InvalidConnectionId = 'INVALID_CONNECTION_ID',
  IntegrationExistsForConnection = 'INTEGRATION_EXISTS_FOR_CONNECTION',
}

/** Errors of the integration feature; `field` names the input field at fault. */
export class IntegrationException extends CodedError<IntegrationExceptionCode> {}
