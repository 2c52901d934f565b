import { CodedError, ErrorKind } from '@crm-bridge/subgraph';

export enum UserTokenExceptionCode {
  Missing = 'USER_TOKEN_MISSING',
  Invalid = 'USER_TOKEN_INVALID',
  Expired = 'USER_TOKEN_EXPIRED',
  ClaimsInvalid = 'USER_TOKEN_CLAIMS_INVALID',
}

/** Why the gateway refused a caller's credentials; always UNAUTHENTICATED (HTTP 401). */
export class UserTokenException extends CodedError<UserTokenExceptionCode> {
  constructor(code: UserTokenExceptionCode, message: string) {
    super(code, ErrorKind.Unauthenticated, message);
  }
}
