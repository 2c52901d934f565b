export { backoffDelayMs, BackoffPolicyError, type BackoffJitter, type BackoffPolicy } from './backoff';
