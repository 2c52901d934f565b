export {
  apiKeyCallerId,
  CALLER_CONTEXT_CLOCK_TOLERANCE_SECONDS,
  CALLER_CONTEXT_HEADER,
  CALLER_CONTEXT_ISSUER,
  DEFAULT_CALLER_CONTEXT_TTL_SECONDS,
  CallerContextError,
  CallerContextErrorCode,
  CallerContextSigner,
  signCallerContext,
  verifyCallerContext,
  type CallerContext,
  type SignCallerContextOptions,
  type VerifyCallerContextOptions,
} from './caller-context';
export {
  ANY_TENANT,
  DEFAULT_SERVICE_TOKEN_TTL_SECONDS,
  ServiceTokenError,
  ServiceTokenErrorCode,
  signServiceToken,
  verifyServiceToken,
  type ServiceCaller,
} from './service-token';
