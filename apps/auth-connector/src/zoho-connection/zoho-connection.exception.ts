import { CodedError } from '@crm-bridge/subgraph';

export enum ZohoConnectionExceptionCode {
  GrantCodeInvalid = 'GRANT_CODE_INVALID',
  ClientInvalid = 'ZOHO_CLIENT_INVALID',
  ZohoUnavailable = 'ZOHO_UNAVAILABLE',
  ZohoRefused = 'ZOHO_REFUSED',
  InputRequired = 'INPUT_REQUIRED',
  ConnectionNotFound = 'CONNECTION_NOT_FOUND',
  InvalidConnectionId = 'INVALID_CONNECTION_ID',
  NotConnected = 'CONNECTION_NOT_CONNECTED',
  ClientNotConfigured = 'ZOHO_CLIENT_NOT_CONFIGURED',
}

/** Errors of the Zoho connection feature; `field` names the input field at fault. */
export class ZohoConnectionException extends CodedError<ZohoConnectionExceptionCode> {}
