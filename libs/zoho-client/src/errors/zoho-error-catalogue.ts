/**
 * Every error code Zoho CRM documents (reference §2.3, §5, §6, §7 and §1.1 for OAuth), with the
 * HTTP status Zoho sends it with and the kind of failure it is. The kind decides which error
 * class a caller catches and whether the client may retry.
 */
export type ZohoErrorKind =
  /** The access token is missing, dead or for another DC; refresh once and retry. */
  | 'authentication'
  /** The token or user lacks a scope or permission; retrying cannot help. */
  | 'permission'
  /** The request or one record is invalid; the field is in `details.api_name`. */
  | 'validation'
  /** Paging went past one of Zoho's walls (2,000 by page, 100,000 by token or offset). */
  | 'pagination'
  /** The record changed, is locked or duplicates another one. */
  | 'conflict'
  /** Too many calls or credits spent; back off. */
  | 'rate-limit'
  /** Zoho failed; idempotent calls may be retried. */
  | 'server'
  /** The URL does not name a Zoho resource. */
  | 'not-found'
  /** A COQL query Zoho could not parse or run. */
  | 'query';

export interface ZohoErrorCodeInfo {
  httpStatus: number;
  kind: ZohoErrorKind;
}

/** API error codes (the `code` of a top-level error body or of an element of `data[]`). */
export const ZOHO_API_ERROR_CATALOGUE = {
  // 401 (§2.3). INVALID_OAUTHTOKEN is the older spelling of INVALID_TOKEN (§1.2).
  INVALID_TOKEN: { httpStatus: 401, kind: 'authentication' },
  INVALID_OAUTHTOKEN: { httpStatus: 401, kind: 'authentication' },
  AUTHENTICATION_FAILURE: { httpStatus: 401, kind: 'authentication' },
  // The docs and the OAS say 401, one summary says 403 (§11.7); either maps to the same class.
  OAUTH_SCOPE_MISMATCH: { httpStatus: 401, kind: 'permission' },
  // 403
  NO_PERMISSION: { httpStatus: 403, kind: 'permission' },
  NOT_SUPPORTED: { httpStatus: 403, kind: 'permission' },
  // 404
  INVALID_URL_PATTERN: { httpStatus: 404, kind: 'not-found' },
  // 400, records
  INVALID_MODULE: { httpStatus: 400, kind: 'validation' },
  INVALID_DATA: { httpStatus: 400, kind: 'validation' },
  MANDATORY_NOT_FOUND: { httpStatus: 400, kind: 'validation' },
  DUPLICATE_DATA: { httpStatus: 400, kind: 'conflict' },
  MULTIPLE_OR_MULTI_ERRORS: { httpStatus: 400, kind: 'validation' },
  REQUIRED_PARAM_MISSING: { httpStatus: 400, kind: 'validation' },
  LIMIT_EXCEEDED: { httpStatus: 400, kind: 'validation' },
  DISCRETE_PAGINATION_LIMIT_EXCEEDED: { httpStatus: 400, kind: 'pagination' },
  PAGINATION_LIMIT_EXCEEDED: { httpStatus: 400, kind: 'pagination' },
  TOKEN_BOUND_DATA_MISMATCH: { httpStatus: 400, kind: 'pagination' },
  EXPIRED_VALUE: { httpStatus: 400, kind: 'pagination' },
  AMBIGUITY_DURING_PROCESSING: { httpStatus: 400, kind: 'validation' },
  LIMIT_REACHED: { httpStatus: 400, kind: 'pagination' },
  RECORD_LOCKED: { httpStatus: 400, kind: 'conflict' },
  NOT_APPROVED: { httpStatus: 400, kind: 'conflict' },
  DEPENDENT_MISMATCH: { httpStatus: 400, kind: 'validation' },
  DEPENDENT_FIELD_MISSING: { httpStatus: 400, kind: 'validation' },
  INVALID_REQUEST_METHOD: { httpStatus: 400, kind: 'validation' },
  AUTHORIZATION_FAILED: { httpStatus: 400, kind: 'permission' },
  UNABLE_TO_PARSE_DATA_TYPE: { httpStatus: 400, kind: 'validation' },
  INVALID_HOST: { httpStatus: 400, kind: 'validation' },
  // Notifications (§7)
  EXPECTED_FIELD_MISSING: { httpStatus: 400, kind: 'validation' },
  // COQL (§5)
  SYNTAX_ERROR: { httpStatus: 400, kind: 'query' },
  INVALID_QUERY: { httpStatus: 400, kind: 'query' },
  INVALID_ALIAS: { httpStatus: 400, kind: 'query' },
  DUPLICATE_ALIAS: { httpStatus: 400, kind: 'query' },
  // Bulk (§6)
  INVALID_FILE_FORMAT: { httpStatus: 400, kind: 'validation' },
  FILE_TOO_LARGE: { httpStatus: 413, kind: 'validation' },
  /** The sandbox's answer for a bulk result asked for before the job completed. */
  INVALID_REQUEST: { httpStatus: 400, kind: 'validation' },
  // 412
  ALREADY_MODIFIED: { httpStatus: 412, kind: 'conflict' },
  // 429: credits spent or concurrency exceeded; the code does not say which (§2.3).
  TOO_MANY_REQUESTS: { httpStatus: 429, kind: 'rate-limit' },
  // One OAS notification example says RATE_LIMIT_EXCEEDED instead (§10).
  RATE_LIMIT_EXCEEDED: { httpStatus: 429, kind: 'rate-limit' },
  // 500
  INTERNAL_ERROR: { httpStatus: 500, kind: 'server' },
} as const satisfies Record<string, ZohoErrorCodeInfo>;

export type ZohoApiErrorCode = keyof typeof ZOHO_API_ERROR_CATALOGUE;

/**
 * Errors of the accounts server's token endpoint, which Zoho sends with HTTP 200 and a body
 * `{"error": "…"}` (§1.1). "Access Denied" is the throttling answer (10 refreshes per 10 minutes).
 */
export const ZOHO_OAUTH_ERROR_CATALOGUE = {
  invalid_code: { retryable: false, meaning: 'grant code expired or used, or the refresh token was revoked' },
  invalid_client: { retryable: false, meaning: 'wrong client credentials, or the wrong data centre' },
  invalid_redirect_uri: { retryable: false, meaning: 'redirect_uri does not match the registered one' },
  invalid_scope: { retryable: false, meaning: 'a requested scope is not a Zoho scope' },
  unsupported_grant_type: { retryable: false, meaning: 'grant_type is not one Zoho accepts' },
  unauthorized_client: { retryable: false, meaning: 'this client may not use this grant type' },
  access_denied: { retryable: false, meaning: 'the user refused consent, or too many grant codes' },
  invalid_request: { retryable: false, meaning: 'a parameter is missing or malformed' },
  unsupported_response_type: { retryable: false, meaning: 'response_type must be code' },
  invalid_token: { retryable: false, meaning: 'the token to revoke is unknown' },
  'Access Denied': { retryable: true, meaning: 'too many token requests; try again after some time' },
} as const satisfies Record<string, { retryable: boolean; meaning: string }>;

export type ZohoOAuthErrorCode = keyof typeof ZOHO_OAUTH_ERROR_CATALOGUE;

export function isZohoApiErrorCode(code: string): code is ZohoApiErrorCode {
  return Object.prototype.hasOwnProperty.call(ZOHO_API_ERROR_CATALOGUE, code);
}

export function isZohoOAuthErrorCode(code: string): code is ZohoOAuthErrorCode {
  return Object.prototype.hasOwnProperty.call(ZOHO_OAUTH_ERROR_CATALOGUE, code);
}
