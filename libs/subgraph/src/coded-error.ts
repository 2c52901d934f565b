/**
 * The kinds of failure a client can act on. Each maps to one `extensions.code` family and one
 * HTTP status in {@link describeErrorKind}; feature exceptions pick a kind and add their own code.
 */
export enum ErrorKind {
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  Unavailable = 'UNAVAILABLE',
}

/** HTTP status per error kind, used by REST endpoints and the GraphQL `extensions.http` hint. */
export function describeErrorKind(kind: ErrorKind): { httpStatus: number } {
  switch (kind) {
    case ErrorKind.BadUserInput:
      return { httpStatus: 400 };
    case ErrorKind.NotFound:
      return { httpStatus: 404 };
    case ErrorKind.Unauthenticated:
      return { httpStatus: 401 };
    case ErrorKind.Forbidden:
      return { httpStatus: 403 };
    case ErrorKind.Conflict:
      return { httpStatus: 409 };
    case ErrorKind.Unavailable:
      return { httpStatus: 503 };
  }
}

/**
 * Base class of every feature exception (`DealException`, `ConnectionException`, …). The `code`
 * is the feature's own enum value and reaches clients as `extensions.code`; `field` names the
 * input field at fault, so user input errors say which field and why.
 *
 * @example
 *   export enum DealExceptionCode { DealNotFound = 'DEAL_NOT_FOUND' }
 *   export class DealException extends CodedError<DealExceptionCode> {}
 *   throw new DealException(DealExceptionCode.DealNotFound, ErrorKind.NotFound, `deal ${id} not found`);
 */
export class CodedError<TCode extends string = string> extends Error {
  constructor(
    readonly code: TCode,
    readonly kind: ErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
