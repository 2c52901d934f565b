import { CodedError } from '@crm-bridge/subgraph';

export enum ApiKeyExceptionCode {
  NameInvalid = 'API_KEY_NAME_INVALID',
  RightsInvalid = 'API_KEY_RIGHTS_INVALID',
  InvalidApiKeyId = 'INVALID_API_KEY_ID',
  ApiKeyNotFound = 'API_KEY_NOT_FOUND',
  /** Verification: not shaped like a key, no such key, or the secret does not match. */
  ApiKeyInvalid = 'API_KEY_INVALID',
  ApiKeyRevoked = 'API_KEY_REVOKED',
}

/** Errors of creating, revoking and verifying API keys; `field` names the input field at fault. */
export class ApiKeyException extends CodedError<ApiKeyExceptionCode> {}
