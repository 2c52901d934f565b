/**
 * A request-level error of the CRM API, rendered the way Zoho renders it: a top-level
 * `{"code","details","message","status":"error"}` object with no `data` wrapper
 * (reference §2.2, e.g. `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`).
 */
export class ZohoApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Some errors of write calls come as the only element of `data[]` (e.g. INVALID_MODULE on POST). */
    readonly shape: 'top-level' | 'data-element' = 'top-level',
  ) {
    super(message);
    this.name = 'ZohoApiError';
  }

  toBody(): ZohoErrorBody | { data: ZohoErrorBody[] } {
    const body: ZohoErrorBody = { code: this.code, details: this.details, message: this.message, status: 'error' };
    return this.shape === 'data-element' ? { data: [body] } : body;
  }
}

export interface ZohoErrorBody {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

/** The request-level errors the sandbox raises, with Zoho's codes, statuses and messages. */
export const ZohoErrors = {
  authenticationFailure: () => new ZohoApiError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed'),
  invalidToken: () => new ZohoApiError(401, 'INVALID_TOKEN', 'invalid oauth token'),
  scopeMismatch: () => new ZohoApiError(401, 'OAUTH_SCOPE_MISMATCH', 'Unauthorized'),
  invalidModule: () => new ZohoApiError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }),
  invalidUrlPattern: () => new ZohoApiError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
  invalidRequestMethod: () => new ZohoApiError(400, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one'),
  requiredParamMissing: (param: string) =>
    new ZohoApiError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param }),
  invalidParam: (paramName: string, extra: Record<string, unknown> = {}) =>
    new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { param_name: paramName, ...extra }),
  /** A body field with a wrong value, e.g. `invalidField('query', '$.query', { expected_data_type: 'jsonobject' })`. */
  invalidField: (apiName: string, jsonPath: string, extra: Record<string, unknown> = {}) =>
    new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { ...extra, api_name: apiName, json_path: jsonPath }),
  /** A mandatory body field that is absent. */
  mandatoryFieldMissing: (apiName: string, jsonPath: string) =>
    new ZohoApiError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: apiName, json_path: jsonPath }),
  /** A bulk job id (the fourth path segment) that names no job of this org. */
  unknownBulkJob: () => new ZohoApiError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 3 }),
  limitExceeded: (paramName: string, limit: number) =>
    new ZohoApiError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit, param_name: paramName }),
  /** A body that is missing or not a JSON object; Zoho's message for it is just "body". */
  invalidBody: () => new ZohoApiError(400, 'INVALID_DATA', 'body'),
  ambiguity: (paramNames: string[]) =>
    new ZohoApiError(400, 'AMBIGUITY_DURING_PROCESSING', 'ambiguity while processing the request', {
      ambiguity_due_to: paramNames,
    }),
  tooManyRequests: () =>
    new ZohoApiError(
      429,
      'TOO_MANY_REQUESTS',
      'The number of API requests or concurrent requests allowed for your organization has been exceeded',
    ),
  internalError: () => new ZohoApiError(500, 'INTERNAL_ERROR', 'Internal server error occurred.'),
  unavailable: () => new ZohoApiError(503, 'INTERNAL_ERROR', 'Service temporarily unavailable'),
} as const;
