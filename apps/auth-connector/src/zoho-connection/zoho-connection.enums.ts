/**
 * Whether auth-connector can currently get access tokens for the connection. Keys equal values
 * because type-graphql names GraphQL enum values after the keys.
 */
export enum ZohoConnectionStatus {
  CONNECTED = 'CONNECTED',
  REFRESH_FAILED = 'REFRESH_FAILED',
  NEEDS_REAUTH = 'NEEDS_REAUTH',
  DISCONNECTED = 'DISCONNECTED',
}
