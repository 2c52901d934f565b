import {
  isZohoApiErrorCode,
  isZohoOAuthErrorCode,
  ZOHO_API_ERROR_CATALOGUE,
  ZOHO_OAUTH_ERROR_CATALOGUE,
  type ZohoApiErrorCode,
  type ZohoErrorKind,
  type ZohoOAuthErrorCode,
} from './zoho-error-catalogue';

/**
 * Codes the client raises itself, for failures Zoho never answers with a code: the network,
 * deadlines, our own credit budget, and answers that do not look like Zoho's.
 */
export const ZOHO_CLIENT_ERROR_CODES = [
  'NETWORK_ERROR',
  'DEADLINE_EXCEEDED',
  'CREDIT_BUDGET_EXHAUSTED',
  'UNEXPECTED_RESPONSE',
  'UNKNOWN_ZOHO_CODE',
  'INVALID_ARGUMENT',
  'BULK_JOB_FAILED',
  'NOTIFICATION_REJECTED',
] as const;
export type ZohoClientErrorCode = (typeof ZOHO_CLIENT_ERROR_CODES)[number];

export type ZohoErrorCode = ZohoApiErrorCode | ZohoOAuthErrorCode | ZohoClientErrorCode;

export interface ZohoErrorInit {
  code: ZohoErrorCode;
  httpStatus: number | null;
  message: string;
  /** `details.api_name` of Zoho's body, or the parameter the client refused. */
  field?: string | null;
  details?: Record<string, unknown>;
  /** The code Zoho sent when it is not in the catalogue (then `code` is UNKNOWN_ZOHO_CODE). */
  zohoCode?: string;
  cause?: unknown;
}

/** Base of every error the Zoho client throws: a code, the HTTP status, the field and Zoho's message. */
export class ZohoError extends Error {
  readonly code: ZohoErrorCode;
  readonly httpStatus: number | null;
  readonly field: string | null;
  readonly details: Record<string, unknown>;
  readonly zohoCode: string;

  constructor(init: ZohoErrorInit) {
    super(init.field ? `${init.code} (${init.field}): ${init.message}` : `${init.code}: ${init.message}`, {
      cause: init.cause,
    });
    this.name = new.target.name;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.field = init.field ?? null;
    this.details = init.details ?? {};
    this.zohoCode = init.zohoCode ?? init.code;
  }

  /** Zoho's own words, without the code prefix. */
  get zohoMessage(): string {
    const prefix = this.field ? `${this.code} (${this.field}): ` : `${this.code}: `;
    return this.message.slice(prefix.length);
  }
}

export class ZohoAuthenticationError extends ZohoError {}
export class ZohoPermissionError extends ZohoError {}
export class ZohoValidationError extends ZohoError {}
export class ZohoPaginationError extends ZohoError {}
export class ZohoConflictError extends ZohoError {}
export class ZohoRateLimitError extends ZohoError {
  /** How long to wait before trying again, when the client knows (Retry-After or its own backoff). */
  retryAfterMs: number | null = null;
}
export class ZohoServerError extends ZohoError {}
export class ZohoNotFoundError extends ZohoError {}
export class ZohoQueryError extends ZohoError {}
/** A code Zoho sent that the catalogue does not know; kept verbatim in `zohoCode`. */
export class ZohoUnknownError extends ZohoError {}

/** The accounts server refused a token request (Zoho sends these with HTTP 200, §1.1). */
export class ZohoOAuthError extends ZohoError {
  get retryable(): boolean {
    return isZohoOAuthErrorCode(this.code) && ZOHO_OAUTH_ERROR_CATALOGUE[this.code].retryable;
  }
}

/** The network failed before Zoho answered (reset, refused, DNS). */
export class ZohoNetworkError extends ZohoError {}
/** The call's deadline passed (including its retries). */
export class ZohoDeadlineError extends ZohoError {}
/** The client stopped before spending more than the configured share of the org's daily credits. */
export class ZohoCreditBudgetError extends ZohoError {}
/** Zoho answered with something that is not one of its documented shapes. */
export class ZohoResponseError extends ZohoError {}
/** A caller passed a value the client refuses before calling Zoho. */
export class ZohoArgumentError extends ZohoError {}
/** A bulk job ended in a failure state. */
export class ZohoBulkJobError extends ZohoError {}
/** An incoming notification did not verify (unknown channel or wrong token). */
export class ZohoNotificationRejectedError extends ZohoError {}

const CLASS_BY_KIND: Record<ZohoErrorKind, new (init: ZohoErrorInit) => ZohoError> = {
  authentication: ZohoAuthenticationError,
  permission: ZohoPermissionError,
  validation: ZohoValidationError,
  pagination: ZohoPaginationError,
  conflict: ZohoConflictError,
  'rate-limit': ZohoRateLimitError,
  server: ZohoServerError,
  'not-found': ZohoNotFoundError,
  query: ZohoQueryError,
};

/** The error class a Zoho API code maps to. */
export function errorClassForCode(code: ZohoApiErrorCode): new (init: ZohoErrorInit) => ZohoError {
  return CLASS_BY_KIND[ZOHO_API_ERROR_CATALOGUE[code].kind];
}

/** Zoho's error body: `{"code","details","message","status":"error"}` (top level or inside `data[]`). */
export interface ZohoErrorBody {
  code: string;
  details?: Record<string, unknown>;
  message?: string;
  status?: string;
}

export function isZohoErrorBody(value: unknown): value is ZohoErrorBody {
  return value !== null && typeof value === 'object' && typeof (value as { code?: unknown }).code === 'string';
}

/** The field an error is about: `details.api_name`, else a parameter name Zoho reports. */
export function fieldOfDetails(details: Record<string, unknown>): string | null {
  for (const key of ['api_name', 'param_name', 'param', 'column_name'] as const) {
    const value = details[key];
    if (typeof value === 'string' && value.length > 0) {
      return value;
    }
  }
  return null;
}

/** Turns one Zoho error body into the typed error for its code; unknown codes keep Zoho's code in `zohoCode`. */
export function zohoErrorFromBody(body: ZohoErrorBody, httpStatus: number | null): ZohoError {
  const details = body.details && typeof body.details === 'object' ? body.details : {};
  const message = typeof body.message === 'string' && body.message.length > 0 ? body.message : body.code;
  const field = fieldOfDetails(details);
  if (isZohoApiErrorCode(body.code)) {
    const ErrorClass = errorClassForCode(body.code);
    return new ErrorClass({ code: body.code, httpStatus, message, field, details });
  }
  return new ZohoUnknownError({ code: 'UNKNOWN_ZOHO_CODE', zohoCode: body.code, httpStatus, message, field, details });
}

/** Turns a token-endpoint `{"error": "…"}` body into a {@link ZohoOAuthError}. */
export function zohoOAuthErrorFromBody(body: { error: string; error_description?: unknown }, httpStatus: number): ZohoOAuthError {
  const description = typeof body.error_description === 'string' ? body.error_description : null;
  if (isZohoOAuthErrorCode(body.error)) {
    return new ZohoOAuthError({
      code: body.error,
      httpStatus,
      message: description ?? ZOHO_OAUTH_ERROR_CATALOGUE[body.error].meaning,
    });
  }
  return new ZohoOAuthError({ code: 'UNKNOWN_ZOHO_CODE', zohoCode: body.error, httpStatus, message: description ?? body.error });
}
