import { CodedError } from '@crm-bridge/subgraph';

export enum ApiKeyExceptionCode {
  /** Not shaped like a key, unknown, or the secret does not match (auth-connector says which alike). */
  Invalid = 'API_KEY_INVALID',
  Revoked = 'API_KEY_REVOKED',
  /** Both an `Authorization` header and `X-Api-Key`: the gateway will not guess which one was meant. */
  CredentialsAmbiguous = 'CREDENTIALS_AMBIGUOUS',
  /** A key tried a mutation: no right writes. */
  ReadOnly = 'API_KEY_READ_ONLY',
  /** A query without `READ`, or a subscription without `SUBSCRIBE`. */
  RightRequired = 'API_KEY_RIGHT_REQUIRED',
  /** auth-connector could not be asked; the request is refused rather than let through unverified. */
  VerificationUnavailable = 'API_KEY_VERIFICATION_UNAVAILABLE',
}

/** Why the gateway refused a partner API key or what it tried to do. */
export class ApiKeyException extends CodedError<ApiKeyExceptionCode> {}
