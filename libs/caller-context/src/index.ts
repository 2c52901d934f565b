export {
  CALLER_CONTEXT_HEADER,
  DEFAULT_CALLER_CONTEXT_TTL_SECONDS,
  CallerContextError,
  CallerContextErrorCode,
  signCallerContext,
  verifyCallerContext,
  type CallerContext,
} from './caller-context';
