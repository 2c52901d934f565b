export {
  ConnectionTokenClient,
  ConnectionTokenError,
  connectionOrgRef,
  parseConnectionOrgRef,
  type ConnectionTokenClientOptions,
} from './connection-token-client';
