/**
 * Zoho runs separate data centres; an org lives in exactly one, and its OAuth accounts server and
 * API domain belong to that data centre (a token from accounts.zoho.eu only works on EU domains).
 */
export enum ZohoDataCentre {
  US = 'US',
  EU = 'EU',
  IN = 'IN',
  AU = 'AU',
  JP = 'JP',
  CN = 'CN',
  CA = 'CA',
  SA = 'SA',
}

/**
 * Whether auth-connector can currently get access tokens for the connection. Keys equal values
 * because type-graphql names GraphQL enum values after the keys.
 */
export enum ZohoConnectionStatus {
  CONNECTED = 'CONNECTED',
  REFRESH_FAILED = 'REFRESH_FAILED',
  DISCONNECTED = 'DISCONNECTED',
}
