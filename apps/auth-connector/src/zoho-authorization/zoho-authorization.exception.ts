import { CodedError, ErrorKind } from '@crm-bridge/subgraph';

export enum ZohoAuthorizationExceptionCode {
  ClientNotConfigured = 'ZOHO_CLIENT_NOT_CONFIGURED',
  StateMissing = 'OAUTH_STATE_MISSING',
  StateUnknown = 'OAUTH_STATE_UNKNOWN',
  StateReplayed = 'OAUTH_STATE_REPLAYED',
  StateExpired = 'OAUTH_STATE_EXPIRED',
  CallbackInvalid = 'OAUTH_CALLBACK_INVALID',
  ConsentRefused = 'ZOHO_CONSENT_REFUSED',
}

/** Errors of starting a consent and of its callback; `field` names the input field at fault. */
export class ZohoAuthorizationException extends CodedError<ZohoAuthorizationExceptionCode> {}

/** A callback that cannot be trusted at all: answered with an error page, nothing stored, nobody redirected. */
export function untrustedCallback(code: ZohoAuthorizationExceptionCode, message: string): ZohoAuthorizationException {
  return new ZohoAuthorizationException(code, ErrorKind.BadUserInput, message);
}
