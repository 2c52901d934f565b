import { CodedError } from '@crm-bridge/subgraph';

export enum ZohoMetadataExceptionCode {
  IntegrationNotFound = 'INTEGRATION_NOT_FOUND',
  /** The connection needs a tenant admin to connect the org again (auth-connector: NEEDS_REAUTH or disconnected). */
  ZohoConnectionNotConnected = 'ZOHO_CONNECTION_NOT_CONNECTED',
  /** auth-connector does not know the integration's connection in this tenant. */
  ZohoConnectionNotFound = 'ZOHO_CONNECTION_NOT_FOUND',
  /** Zoho did not answer, answered with a server error, or is over its limits for now: try again later. */
  ZohoUnavailable = 'ZOHO_UNAVAILABLE',
  /** Zoho refused the call (a missing scope or permission, a token it will not take). */
  ZohoRefused = 'ZOHO_REFUSED',
  /** Zoho answered with metadata that cannot be read (e.g. an undocumented forecast type). */
  ZohoMetadataUnreadable = 'ZOHO_METADATA_UNREADABLE',
  /** auth-connector could not be reached or refused this service (a deployment problem). */
  AuthConnectorUnavailable = 'AUTH_CONNECTOR_UNAVAILABLE',
}

/** Errors of Zoho metadata discovery; `field` names the argument holding the integration id. */
export class ZohoMetadataException extends CodedError<ZohoMetadataExceptionCode> {}
