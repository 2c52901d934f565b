import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ZOHO_API_ERROR_CATALOGUE, ZOHO_OAUTH_ERROR_CATALOGUE } from './zoho-error-catalogue';
import {
  ZohoAuthenticationError,
  ZohoConflictError,
  type ZohoError,
  zohoErrorFromBody,
  ZohoNotFoundError,
  ZohoOAuthError,
  zohoOAuthErrorFromBody,
  ZohoPaginationError,
  ZohoPermissionError,
  ZohoQueryError,
  ZohoRateLimitError,
  ZohoServerError,
  ZohoUnknownError,
  ZohoValidationError,
} from './zoho-errors';

/**
 * Every error code of the reference's catalogue (zoho-crm-api.md §2.3, plus the COQL §5, bulk §6,
 * notification §7 and version §0/§1.2/§10 codes), written out as literal data so that a code
 * dropped from the catalogue fails here.
 */
const REFERENCE_API_CODES: [code: string, httpStatus: number, errorClass: typeof ZohoError][] = [
  ['INVALID_TOKEN', 401, ZohoAuthenticationError],
  ['INVALID_OAUTHTOKEN', 401, ZohoAuthenticationError],
  ['AUTHENTICATION_FAILURE', 401, ZohoAuthenticationError],
  ['OAUTH_SCOPE_MISMATCH', 401, ZohoPermissionError],
  ['NO_PERMISSION', 403, ZohoPermissionError],
  ['NOT_SUPPORTED', 403, ZohoPermissionError],
  ['INVALID_URL_PATTERN', 404, ZohoNotFoundError],
  ['INVALID_MODULE', 400, ZohoValidationError],
  ['INVALID_DATA', 400, ZohoValidationError],
  ['MANDATORY_NOT_FOUND', 400, ZohoValidationError],
  ['DUPLICATE_DATA', 400, ZohoConflictError],
  ['MULTIPLE_OR_MULTI_ERRORS', 400, ZohoValidationError],
  ['REQUIRED_PARAM_MISSING', 400, ZohoValidationError],
  ['LIMIT_EXCEEDED', 400, ZohoValidationError],
  ['DISCRETE_PAGINATION_LIMIT_EXCEEDED', 400, ZohoPaginationError],
  ['PAGINATION_LIMIT_EXCEEDED', 400, ZohoPaginationError],
  ['TOKEN_BOUND_DATA_MISMATCH', 400, ZohoPaginationError],
  ['EXPIRED_VALUE', 400, ZohoPaginationError],
  ['AMBIGUITY_DURING_PROCESSING', 400, ZohoValidationError],
  ['LIMIT_REACHED', 400, ZohoPaginationError],
  ['RECORD_LOCKED', 400, ZohoConflictError],
  ['NOT_APPROVED', 400, ZohoConflictError],
  ['DEPENDENT_MISMATCH', 400, ZohoValidationError],
  ['DEPENDENT_FIELD_MISSING', 400, ZohoValidationError],
  ['INVALID_REQUEST_METHOD', 400, ZohoValidationError],
  ['AUTHORIZATION_FAILED', 400, ZohoPermissionError],
  ['UNABLE_TO_PARSE_DATA_TYPE', 400, ZohoValidationError],
  ['INVALID_HOST', 400, ZohoValidationError],
  ['EXPECTED_FIELD_MISSING', 400, ZohoValidationError],
  ['SYNTAX_ERROR', 400, ZohoQueryError],
  ['INVALID_QUERY', 400, ZohoQueryError],
  ['INVALID_ALIAS', 400, ZohoQueryError],
  ['DUPLICATE_ALIAS', 400, ZohoQueryError],
  ['INVALID_FILE_FORMAT', 400, ZohoValidationError],
  ['FILE_TOO_LARGE', 413, ZohoValidationError],
  ['ALREADY_MODIFIED', 412, ZohoConflictError],
  ['TOO_MANY_REQUESTS', 429, ZohoRateLimitError],
  ['RATE_LIMIT_EXCEEDED', 429, ZohoRateLimitError],
  ['INTERNAL_ERROR', 500, ZohoServerError],
];

/** Token-endpoint errors named in the reference §1.1–1.2 (HTTP 200 bodies) and the sandbox's documented set. */
const REFERENCE_OAUTH_CODES = [
  'invalid_code',
  'invalid_client',
  'invalid_redirect_uri',
  'invalid_scope',
  'unsupported_grant_type',
  'unauthorized_client',
  'access_denied',
  'Access Denied',
  'invalid_token',
];

describe('Zoho error catalogue', () => {
  for (const [code, httpStatus, errorClass] of REFERENCE_API_CODES) {
    test(`${code} (${httpStatus}) maps to ${errorClass.name} with code, status, field and message`, () => {
      const error = zohoErrorFromBody(
        { code, details: { api_name: 'Last_Name', json_path: '$.data[0].Last_Name' }, message: `message of ${code}`, status: 'error' },
        httpStatus,
      );
      assert.ok(error instanceof errorClass, `${code} is a ${error.constructor.name}`);
      assert.equal(error.code, code);
      assert.equal(error.httpStatus, httpStatus);
      assert.equal(error.field, 'Last_Name');
      assert.equal(error.zohoMessage, `message of ${code}`);
      assert.equal(ZOHO_API_ERROR_CATALOGUE[code as keyof typeof ZOHO_API_ERROR_CATALOGUE].httpStatus, httpStatus);
    });
  }

  test('the catalogue holds exactly the reference codes', () => {
    assert.deepEqual(
      Object.keys(ZOHO_API_ERROR_CATALOGUE).sort(),
      [...REFERENCE_API_CODES.map(([code]) => code), 'INVALID_REQUEST'].sort(),
    );
    assert.deepEqual(
      Object.keys(ZOHO_OAUTH_ERROR_CATALOGUE).sort(),
      [...REFERENCE_OAUTH_CODES, 'invalid_request', 'unsupported_response_type'].sort(),
    );
  });

  for (const code of REFERENCE_OAUTH_CODES) {
    test(`token endpoint error "${code}" maps to ZohoOAuthError`, () => {
      const error = zohoOAuthErrorFromBody({ error: code }, 200);
      assert.ok(error instanceof ZohoOAuthError);
      assert.equal(error.code, code);
      assert.equal(error.httpStatus, 200);
      assert.equal(error.retryable, code === 'Access Denied');
    });
  }

  test('the field falls back to param_name when there is no api_name', () => {
    const error = zohoErrorFromBody(
      { code: 'LIMIT_EXCEEDED', details: { limit: 50, param_name: 'fields' }, message: 'limit exceeded' },
      400,
    );
    assert.equal(error.field, 'fields');
    assert.equal(error.details['limit'], 50);
  });

  test('a code Zoho never documented is kept verbatim in an unknown error, not lost', () => {
    const error = zohoErrorFromBody({ code: 'BRAND_NEW_CODE', message: 'new' }, 400);
    assert.ok(error instanceof ZohoUnknownError);
    assert.equal(error.code, 'UNKNOWN_ZOHO_CODE');
    assert.equal(error.zohoCode, 'BRAND_NEW_CODE');
    const oauth = zohoOAuthErrorFromBody({ error: 'something_else', error_description: 'why' }, 200);
    assert.equal(oauth.zohoCode, 'something_else');
    assert.equal(oauth.zohoMessage, 'why');
  });
});
